"""The gateway's routing to services, over real HTTP to a real upstream server."""

from __future__ import annotations


async def test_routes_by_prefix_keeping_path_query_and_method(gateway):
    r = await gateway.post("/api/content/sites/portal/items?kind=news&page=2", json={"a": 1})
    assert r.status_code == 201
    seen = r.json()
    assert seen["method"] == "POST"
    assert seen["path"] == "/sites/portal/items"
    assert seen["query"] == "kind=news&page=2"
    assert seen["headers"]["x-forwarded-prefix"] == "/api/content"
    assert r.headers["x-upstream"] == "echo"


async def test_request_id_is_forwarded_and_echoed(gateway):
    r = await gateway.get("/api/tickets/x", headers={"X-Request-ID": "req-abc-123"})
    assert r.json()["headers"]["x-request-id"] == "req-abc-123"
    assert r.headers.get_list("x-request-id") == ["req-abc-123"]


async def test_a_request_id_is_made_when_none_is_sent(gateway):
    r = await gateway.get("/api/tickets/x")
    made = r.headers["x-request-id"]
    assert len(made) == 32 and r.json()["headers"]["x-request-id"] == made


async def test_authorization_header_passes_through_for_services_to_verify(gateway):
    r = await gateway.get("/api/content/x", headers={"Authorization": "Bearer abc"})
    assert r.json()["headers"]["authorization"] == "Bearer abc"


async def test_a_small_body_goes_whole_with_its_length(gateway):
    body = ('{"title": "' + "路灯不亮" * 10 + '"}').encode()
    r = await gateway.post(
        "/api/tickets/tickets", content=body, headers={"Content-Type": "application/json"}
    )
    seen = r.json()
    assert "transfer-encoding" not in seen["headers"]
    assert int(seen["headers"]["content-length"]) == len(body) == seen["body_length"]


async def test_large_bodies_stream_through(gateway):
    payload = b"x" * (3 * 1_048_576)
    r = await gateway.put("/api/content/upload", content=payload)
    assert r.json()["body_length"] == len(payload)


async def test_streamed_responses_arrive_whole(gateway):
    r = await gateway.get("/api/content/stream")
    assert r.text == "".join(f"chunk{i}\n" for i in range(5))


async def test_service_down_is_502_problem_json(gateway):
    r = await gateway.get("/api/policy/reward-types")
    assert r.status_code == 502
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "upstream_unavailable" and "惠企政策" in body["detail"]


async def test_slow_service_is_504_problem_json(gateway):
    r = await gateway.get("/api/search/slow")
    assert r.status_code == 504
    assert r.json()["code"] == "upstream_timeout"


async def test_unknown_service_is_404_problem_json(gateway):
    r = await gateway.get("/api/nosuch/thing")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


async def test_body_over_the_limit_is_413(gateway):
    r = await gateway.put("/api/content/upload", content=b"x" * (5 * 1_048_576))
    assert r.status_code == 413
    assert r.json()["code"] == "payload_too_large"


async def test_services_status_lists_every_upstream(gateway):
    r = await gateway.get("/gateway/services")
    states = {s["name"]: s["ready"] for s in r.json()}
    # The echo upstream answers 200 to /readyz; nothing listens for policy.
    assert states == {"content": True, "tickets": True, "policy": False, "search": True}


async def chunks(total: int, size: int = 64 * 1024):  # type: ignore[no-untyped-def]
    for _ in range(total // size):
        yield b"y" * size


async def test_chunked_body_without_length_streams_through(gateway):
    r = await gateway.post("/api/content/upload", content=chunks(1024 * 1024))
    assert r.status_code == 201 and r.json()["body_length"] == 1024 * 1024


async def test_chunked_body_over_the_limit_is_413(gateway):
    r = await gateway.post("/api/content/upload", content=chunks(6 * 1024 * 1024))
    assert r.status_code == 413
    assert r.json()["code"] == "payload_too_large"
