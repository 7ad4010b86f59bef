"""Open311's own configuration, environment variables prefixed `TICKETS_OPEN311_` (kept
beside the module rather than in the service's Settings so the module stays self-contained)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.requests import Request


class Open311Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TICKETS_OPEN311_", extra="ignore")

    # The one jurisdiction this endpoint serves; a request naming another one is a 404.
    jurisdiction_id: str = "jiangcheng.gov.cn"
    # Where partners reach the API (the gateway's /open311/v2), for the discovery document.
    public_url: str = "http://127.0.0.1:8000/open311/v2"
    contact: str = "江城市12345政务服务便民热线 12345"
    key_service: str = "向市12345热线中心申请接口密钥（api_key）"
    changeset: str = "2026-01-01T00:00:00+08:00"
    # GeoReport v2's default span and size of GET requests.
    max_days: int = 90
    max_requests: int = 1000
    max_ids: int = 100


def open311_settings(request: Request) -> Open311Settings:
    """Read once per app; a test may put its own on `app.state.open311_settings`."""
    state = request.app.state
    found: Open311Settings | None = getattr(state, "open311_settings", None)
    if found is None:
        found = state.open311_settings = Open311Settings()
    return found
