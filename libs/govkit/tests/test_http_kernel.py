"""problem+json for everything a client can get wrong; request ids; metrics; readiness."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from kit_app import create_kit_app

from govkit.settings import ServiceSettings
from govkit.testing import app_client


@pytest.fixture
async def client(database_url, nats_url, tokens) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    settings = ServiceSettings(
        database_url=database_url, nats_url=nats_url, max_body_bytes=2048, service_name="kit"
    )
    app = create_kit_app(settings, verifier=tokens.verifier())
    async with app_client(app) as c:
        await app.state.nats.wait_connected(10)
        yield c


def assert_problem(r: httpx.Response, status: int, code: str) -> dict:  # type: ignore[type-arg]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"].endswith("/" + code)
    assert body["title"] and not body["title"].isascii()  # Chinese for people
    return body


async def test_validation_error_is_422_listing_the_fields(client):
    r = await client.post("/things", json={"name": "", "count": -1})
    body = assert_problem(r, 422, "validation_failed")
    fields = {e["field"]: e for e in body["errors"]}
    assert set(fields) == {"name", "count"}
    assert fields["name"]["message"] == "内容过短"
    assert "name" in body["detail"]


async def test_malformed_json_is_422_not_500(client):
    r = await client.post("/things", content=b"{oops", headers={"content-type": "application/json"})
    assert_problem(r, 422, "validation_failed")


async def test_wrong_path_parameter_type_is_422(client):
    assert_problem(await client.get("/things/abc"), 422, "validation_failed")


async def test_unknown_route_is_404_problem(client):
    assert_problem(await client.get("/nowhere"), 404, "not_found")


async def test_wrong_method_is_405_problem(client):
    assert_problem(await client.delete("/things"), 405, "method_not_allowed")


async def test_typed_errors_keep_their_code_and_chinese_detail(client):
    body = assert_problem(await client.get("/things/404"), 404, "thing_not_found")
    assert body["detail"] == "事项不存在"
    assert_problem(await client.get("/things/409"), 409, "thing_closed")


async def test_unexpected_error_hides_internals(client):
    body = assert_problem(await client.get("/things/500"), 500, "internal_error")
    assert "secret" not in str(body)


async def test_a_500_answer_carries_the_request_id(client):
    r = await client.get("/things/500", headers={"X-Request-ID": "req-500"})
    assert_problem(r, 500, "internal_error")
    assert r.headers["x-request-id"] == "req-500"
    assert r.json()["instance"] == "/things/500"


async def test_declared_body_over_limit_is_413(client):
    r = await client.post(
        "/things", content=b"x" * 5000, headers={"content-type": "application/json"}
    )
    assert_problem(r, 413, "payload_too_large")


async def test_streamed_body_over_limit_is_413(client):
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"x" * 1000

    r = await client.post("/things", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(r, 413, "payload_too_large")


async def test_page_size_is_bounded(client):
    assert_problem(await client.get("/numbers", params={"limit": 1000}), 422, "validation_failed")
    assert_problem(await client.get("/numbers", params={"limit": 0}), 422, "validation_failed")


async def test_cursor_walks_all_pages_once(client):
    seen, cursor = [], None
    while True:
        params = {"limit": 20} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/numbers", params=params)).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(range(45))


async def test_garbage_cursor_is_400_problem(client):
    assert_problem(await client.get("/numbers", params={"cursor": "!!!"}), 400, "invalid_cursor")


async def test_request_id_is_kept_when_sane_and_replaced_when_not(client):
    r = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces" * 20})
    assert r.headers["x-request-id"] != "bad id" and len(r.headers["x-request-id"]) == 32


async def test_metrics_count_requests_by_route_template(client):
    await client.get("/things/7")
    text = (await client.get("/metrics")).text
    assert 'route="/things/{thing_id}"' in text
    assert "/things/7" not in text


async def test_ready_when_database_and_nats_are_reachable(client):
    r = await client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"


async def test_not_ready_when_nats_is_unreachable(database_url, tokens):
    from govkit.servers import free_port

    settings = ServiceSettings(
        database_url=database_url, nats_url=f"nats://127.0.0.1:{free_port()}", service_name="kit"
    )
    app = create_kit_app(settings, verifier=tokens.verifier())
    async with app_client(app) as c:
        r = await c.get("/readyz")
        assert r.status_code == 503
        assert r.json()["checks"]["database"] == "ok"
        assert r.json()["checks"]["nats"].startswith("unavailable")
        # …and it still serves what needs no NATS.
        assert (await c.get("/healthz")).status_code == 200


async def test_a_nul_character_the_database_cannot_store_is_422_not_500(client):
    r = await client.post("/store", json={"v": "a\u0000b"})
    body = assert_problem(r, 422, "validation_failed")
    assert body["errors"][0]["field"] == "v"  # named, before the database sees it
    assert (await client.post("/store", json={"v": "ab"})).status_code == 200
