"""Schemathesis over the gateway's OpenAPI, every upstream an echo (so a 5xx is the
gateway's own): no generated request gets a server error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from gateway_support import admin_headers

from gateway.app import create_app
from gateway.settings import Settings
from govkit.testing.fuzz import fuzz_service

MIGRATIONS = Path(__file__).parents[1] / "migrations"


@pytest.fixture
async def echoing_gateway(service_app, echo_url) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        ratelimit_enabled=False,  # its own tests; here a 429 would hide the handler
        content_url=echo_url,
        tickets_url=echo_url,
        policy_url=echo_url,
        search_url=echo_url,
    ) as client:
        yield client


async def test_no_request_from_the_openapi_gets_a_server_error(echoing_gateway):  # type: ignore[no-untyped-def]
    headers = await admin_headers(echoing_gateway)
    report = await fuzz_service(echoing_gateway, headers=headers)
    print(report.summary())
    assert report.requests > report.operations
    assert not report.server_errors, "\n\n".join(report.server_errors)
