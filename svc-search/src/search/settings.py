from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment variables prefixed `SEARCH_` (plain `DATABASE_URL`/`NATS_URL` work too)."""

    model_config = SettingsConfigDict(env_prefix="SEARCH_", extra="ignore")

    service_name: str = "svc-search"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/search"
    port: int = 8004
