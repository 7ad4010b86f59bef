from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment variables prefixed `GATEWAY_` (plain `DATABASE_URL`/`NATS_URL` work too)."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/gateway"
    port: int = 8000
