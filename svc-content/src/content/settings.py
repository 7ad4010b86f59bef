from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment variables prefixed `CONTENT_` (plain `DATABASE_URL`/`NATS_URL` work too)."""

    model_config = SettingsConfigDict(env_prefix="CONTENT_", extra="ignore")

    service_name: str = "svc-content"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/content"
    port: int = 8001
    # Bodies up to this size (attachments are uploaded on their own endpoint).
    max_body_bytes: int = 2 * 1024 * 1024
    # Tag facets every item needs at least one tag of before submission (体裁, 主题).
    required_tag_facets: list[str] = Field(default_factory=lambda: ["genre", "subject"])
    # Public reads are cached in process this long (and advertised as max-age).
    public_cache_seconds: float = 5.0
    # How often scheduled editions are looked for.
    scheduler_interval_seconds: float = 15.0
    attachment_max_bytes: int = 20 * 1024 * 1024
    # The upload endpoint's body: one attachment plus the multipart envelope.
    max_upload_bytes: int = 20 * 1024 * 1024 + 64 * 1024
