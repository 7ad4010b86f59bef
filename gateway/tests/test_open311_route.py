"""/open311/v2 through the gateway: routed to svc-tickets' /open311/v2, `api_key` taken from a
form body as well as the query, and the edge's refusals in GeoReport v2's error shape."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from gateway_support import MIGRATIONS, admin_headers, app_of

from gateway.app import create_app
from gateway.edge.open311 import FORM_MAX_BYTES, cut_key
from gateway.settings import Settings
from govkit.servers import free_port

FORM = {"content-type": "application/x-www-form-urlencoded"}


async def new_key(client, headers) -> dict:  # type: ignore[no-untyped-def,type-arg]
    body = {"name": "Open311 合作方", "org_code": "city", "scopes": ["tickets:write"]}
    r = await client.post("/admin/api-keys", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_open311_paths_reach_the_tickets_service_unchanged(gateway):
    r = await gateway.get("/open311/v2/requests/12345-20261123-000123.json?status=open")
    assert r.status_code == 200
    seen = r.json()
    assert seen["path"] == "/open311/v2/requests/12345-20261123-000123.json"
    assert seen["query"] == "status=open"


async def test_percent_encoded_paths_are_forwarded_as_sent(gateway):
    r = await gateway.get("/open311/v2/services/01.02.json%3Fx")
    assert r.json()["path"] == "/open311/v2/services/01.02.json?x"


async def test_only_v2_is_routed(gateway):
    r = await gateway.get("/open311/v3/services.json")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_api_key_in_a_form_body_becomes_a_partner_token(gateway):
    created = await new_key(gateway, await admin_headers(gateway))
    body = f"service_code=01.02&api_key={created['key']}&lat=1"
    r = await gateway.post("/open311/v2/requests.json", content=body, headers=FORM)
    seen = r.json()
    assert seen["method"] == "POST" and seen["path"] == "/open311/v2/requests.json"
    assert seen["body_head"] == "service_code=01.02&lat=1"
    assert seen["body_length"] == len("service_code=01.02&lat=1")
    assert seen["headers"]["content-length"] == str(seen["body_length"])
    token = seen["headers"]["authorization"].removeprefix("Bearer ")
    claims = app_of(gateway).state.keyring.verify(token)
    assert claims["kind"] == "partner" and claims["scope"] == "tickets:write"


async def test_api_key_in_the_query_works_on_open311_too(gateway):
    created = await new_key(gateway, await admin_headers(gateway))
    r = await gateway.get("/open311/v2/requests.json", params={"api_key": created["key"]})
    seen = r.json()
    assert seen["query"] == "" and seen["headers"]["authorization"].startswith("Bearer ")


async def test_a_partners_own_authorization_is_replaced_by_the_exchanged_token(gateway):
    created = await new_key(gateway, await admin_headers(gateway))
    r = await gateway.post(
        "/open311/v2/requests.json",
        content=f"api_key={created['key']}",
        headers={**FORM, "Authorization": "Bearer forged"},
    )
    seen = r.json()
    assert seen["body_length"] == 0 and seen["headers"]["authorization"] != "Bearer forged"


async def test_without_a_key_the_form_goes_through_for_the_service_to_refuse(gateway):
    body = "service_code=01.02&description=%E7%87%83%E6%B0%94"
    r = await gateway.post("/open311/v2/requests.json", content=body, headers=FORM)
    seen = r.json()
    assert seen["body_head"] == body[:32] and seen["body_length"] == len(body)
    assert "authorization" not in seen["headers"]


@pytest.mark.parametrize("where", ["form", "query", "header"])
async def test_an_invalid_key_is_403_in_open311_json(gateway, where):
    bad = "gk_0123456789_" + "x" * 40
    if where == "form":
        call = gateway.post("/open311/v2/requests.json", content=f"api_key={bad}", headers=FORM)
    elif where == "query":
        call = gateway.get("/open311/v2/requests.json", params={"api_key": bad})
    else:
        call = gateway.get("/open311/v2/services.json", headers={"X-API-Key": bad})
    r = await call
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    [error] = r.json()
    assert error["code"] == 403 and "api_key" in error["description"]


async def test_an_invalid_key_on_an_xml_resource_is_an_xml_error(gateway):
    r = await gateway.post("/open311/v2/requests.xml", content="api_key=nonsense", headers=FORM)
    assert r.status_code == 403 and r.headers["content-type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(r.content)
    assert root.tag == "errors" and root.findtext("error/code") == "403"


async def test_other_routes_keep_problem_json_for_a_bad_key(gateway):
    r = await gateway.get("/api/tickets/x", headers={"X-API-Key": "nonsense"})
    assert r.status_code == 401 and r.json()["code"] == "api_key_invalid"


async def test_an_oversized_open311_form_is_413_in_open311_json(gateway):
    body = "description=" + "x" * FORM_MAX_BYTES
    r = await gateway.post("/open311/v2/requests.json", content=body, headers=FORM)
    assert r.status_code == 413 and r.json()[0]["code"] == 413


@pytest.mark.parametrize(
    ("body", "key", "rest"),
    [
        (b"api_key=k1&a=1", "k1", b"a=1"),
        (b"a=1&api_key=k1", "k1", b"a=1"),
        (b"a=%E7%87%83&api%5Fkey=k2&b=+x", "k2", b"a=%E7%87%83&b=+x"),
        (b"a=1&b=2", None, b"a=1&b=2"),
        (b"api_keys=1&api_key=", "", b"api_keys=1"),
    ],
)
def test_the_key_is_cut_from_the_form_byte_for_byte(body, key, rest):
    assert cut_key(body) == (key, rest)


@pytest.fixture
async def strict_gateway(service_app):  # type: ignore[no-untyped-def]
    """Tickets down, and one anonymous request (reads included) allowed at a time."""
    dead = f"http://127.0.0.1:{free_port()}"
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        ratelimit_anonymous_burst=1,
        ratelimit_anonymous_read_burst=1,
        tickets_url=dead,
    ) as client:
        yield client


async def test_open311_clients_get_their_own_error_shape_for_429_and_502(strict_gateway):
    down = await strict_gateway.get("/open311/v2/services.json")
    assert down.status_code == 502 and down.json()[0]["code"] == 502
    limited = await strict_gateway.get("/open311/v2/services.xml")
    assert limited.status_code == 429 and limited.headers["retry-after"]
    root = ElementTree.fromstring(limited.content)
    assert root.tag == "errors" and root.findtext("error/code") == "429"
    other = await strict_gateway.get("/api/content/sites")
    assert other.status_code == 429
    assert other.headers["content-type"].startswith("application/problem+json")
