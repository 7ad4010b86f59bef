"""Open311 end to end: a partner's key exchanged at the real gateway, the request carried over
real HTTP to a real svc-tickets (which trusts only the gateway's signing keys), the ticket made
by intake, and the public reads coming back masked — each in GeoReport v2's shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway_support import MIGRATIONS as GATEWAY_MIGRATIONS
from gateway_support import admin_headers, app_of

from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from govkit.auth import JwksVerifier
from govkit.servers import free_port
from govkit.testing import serve_app
from tickets.app import create_app as create_tickets
from tickets.settings import Settings as TicketsSettings

ROOT = Path(__file__).resolve().parents[1]
TICKETS_MIGRATIONS = ROOT / "svc-tickets" / "migrations"
FORM = {
    "service_code": "01.02",
    "lat": "37.8702",
    "long": "112.5489",
    "description": "我的电话13700137000，楼下燃气管道有明显气味，请尽快处理。",
    "phone": "13700137000",
}


@pytest.fixture
async def gateway(service_app, fresh_database, nats_url) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The gateway in process, routing to svc-tickets served by uvicorn on a real port."""
    port = free_port()
    async with service_app(
        create_gateway,
        GatewaySettings,
        "gateway",
        GATEWAY_MIGRATIONS,
        trust_test_tokens=False,
        tickets_url=f"http://127.0.0.1:{port}",
        ratelimit_anonymous_burst=10_000,
        ratelimit_anonymous_read_burst=10_000,
        ratelimit_login_burst=10_000,
    ) as client:
        keyring = app_of(client).state.keyring
        settings = app_of(client).state.settings

        async def gateway_keys() -> dict[str, Any]:
            return keyring.jwks()  # type: ignore[no-any-return]

        tickets = create_tickets(
            TicketsSettings(
                database_url=await fresh_database("tickets", TICKETS_MIGRATIONS),
                nats_url=nats_url,
            ),
            verifier=JwksVerifier(
                gateway_keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience
            ),
        )
        with serve_app(tickets, port):
            yield client


async def partner_key(client: httpx.AsyncClient) -> str:
    body = {"name": "城市啄木鸟", "org_code": "city", "scopes": ["tickets:write"]}
    r = await client.post("/admin/api-keys", json=body, headers=await admin_headers(client))
    assert r.status_code == 201, r.text
    return str(r.json()["key"])


async def test_a_partner_reports_and_reads_back_through_the_gateway(gateway):
    key = await partner_key(gateway)
    created = await gateway.post("/open311/v2/requests.json", data={**FORM, "api_key": key})
    assert created.status_code == 200, created.text
    [answer] = created.json()
    number, token = answer["service_request_id"], answer["token"]

    one = await gateway.get(f"/open311/v2/requests/{number}.json")
    assert one.status_code == 200
    [request] = one.json()
    assert (request["status"], request["service_code"]) == ("open", "01.02")
    # Not yet disclosed after review: nothing the caller wrote is public.
    assert request["description"] is None and "13700137000" not in one.text
    assert (await gateway.get(f"/open311/v2/tokens/{token}.json")).json() == [
        {"service_request_id": number, "token": token}
    ]
    listed = (await gateway.get("/open311/v2/requests.json?status=open")).json()
    assert [r["service_request_id"] for r in listed] == [number]


async def test_services_come_through_in_both_formats(gateway):
    services = await gateway.get("/open311/v2/services.json")
    assert services.status_code == 200 and len(services.json()) == 118
    xml = await gateway.get("/open311/v2/services/01.02.xml")
    assert xml.headers["content-type"] == "text/xml; charset=utf-8"
    assert xml.text.startswith('<?xml version="1.0" encoding="utf-8"?>')


async def test_without_or_with_a_bad_key_nothing_is_created(gateway):
    missing = await gateway.post("/open311/v2/requests.json", data=FORM)
    bad = await gateway.post(
        "/open311/v2/requests.json", data={**FORM, "api_key": "gk_0123456789_" + "x" * 40}
    )
    for r in (missing, bad):
        assert r.status_code == 403
        assert r.headers["content-type"] == "application/json; charset=utf-8"
        assert r.json()[0]["code"] == 403 and "api_key" in r.json()[0]["description"]
    assert (await gateway.get("/open311/v2/requests.json")).json() == []


async def test_bad_input_through_the_gateway_is_an_open311_error(gateway):
    key = await partner_key(gateway)
    r = await gateway.post("/open311/v2/requests.json", data={**FORM, "lat": "95", "api_key": key})
    assert r.status_code == 400 and r.json()[0]["code"] == 400
    unknown = await gateway.get("/open311/v2/requests/12345-20000101-000001.xml")
    assert unknown.status_code == 404 and "<code>404</code>" in unknown.text
