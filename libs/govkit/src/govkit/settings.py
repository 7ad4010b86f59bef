"""One settings base for every service; each service subclasses it with its own env prefix.

Plain `DATABASE_URL`, `NATS_URL` and `JWKS_URL` are honoured as well (below the prefixed
form), so a deployment can point any service at external servers without knowing its prefix.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

SHARED_UNPREFIXED = ("database_url", "nats_url", "jwks_url")


class _UnprefixedShared(PydanticBaseSettingsSource):
    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return os.environ.get(field_name.upper()), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {
            name: os.environ[name.upper()]
            for name in SHARED_UNPREFIXED
            if name.upper() in os.environ
        }


class ServiceSettings(BaseSettings):
    """Defaults suit the one-machine devstack; every value can come from the environment."""

    model_config = SettingsConfigDict(extra="ignore")

    service_name: str = "service"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    nats_url: str = "nats://127.0.0.1:4222"
    jwks_url: str = "http://127.0.0.1:8000/.well-known/jwks.json"
    jwt_issuer: str = "govplatform-gateway"
    jwt_audience: str = "govplatform"
    max_body_bytes: int = 1_048_576
    # Upload endpoints (paths ending in /attachments) may take larger bodies.
    max_upload_bytes: int = 1_048_576
    db_pool_size: int = 10
    # Connections for single autocommitted statements (counters, a hand-written hot path).
    db_autocommit_pool_size: int = 4
    # A database that does not answer must not hold a request longer than the gateway's
    # route timeout (10 s) by much: seconds to connect, per statement, and for a free
    # pooled connection. The statement bound is generous for the periodic sweeps.
    db_connect_timeout: float = 2.0
    db_command_timeout: float = 30.0
    db_pool_timeout: float = 5.0
    log_level: str = "INFO"
    log_json: bool = True
    # Off for one-off tools (migrations, seeding) that must not start background work.
    run_event_workers: bool = True

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            _UnprefixedShared(settings_cls),
            dotenv_settings,
            file_secret_settings,
        )
