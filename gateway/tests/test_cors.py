"""CORS: the configured portal origins may call the API from browsers; others may not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from gateway_support import MIGRATIONS

from gateway.app import create_app
from gateway.settings import Settings

PORTAL = "https://www.jiangcheng.gov.cn"


@pytest.fixture
async def client(service_app, echo_url) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        content_url=echo_url,
        cors_origins=[PORTAL],
    ) as c:
        yield c


async def test_preflight_from_a_portal_origin_is_allowed(client):
    r = await client.options(
        "/api/content/sites",
        headers={
            "Origin": PORTAL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in r.headers["access-control-allow-methods"]


async def test_other_origins_get_no_cors_grant(client):
    r = await client.get("/api/content/sites", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in r.headers
    r = await client.get("/api/content/sites", headers={"Origin": PORTAL})
    assert r.headers["access-control-allow-origin"] == PORTAL
    assert "x-request-id" in r.headers["access-control-expose-headers"].lower()
