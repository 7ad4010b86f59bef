"""A service that is down or does not answer: the gateway says so at once (or at the route's
timeout) in problem+json with Retry-After, naming the service; never a hang, never a 500."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from gateway_support import MIGRATIONS

from gateway.app import create_app
from gateway.settings import Settings


async def test_a_service_that_is_down_is_502_with_retry_after(gateway) -> None:  # type: ignore[no-untyped-def]
    r = await gateway.get("/api/policy/reward-types")  # nothing listens on policy's port
    assert r.status_code == 502
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "5"
    body = r.json()
    assert body["code"] == "upstream_unavailable" and body["upstream"] == "policy"
    assert body["retry_after"] == 5 and body["status"] == 502
    assert body["title"] == "后端服务暂时不可用" and "惠企政策" in body["detail"]


async def test_a_slow_service_is_504_with_retry_after(gateway) -> None:  # type: ignore[no-untyped-def]
    r = await gateway.get("/api/search/slow")  # answers after 2 s; the route allows 0.3 s
    assert r.status_code == 504
    assert r.headers["retry-after"] == "5"
    assert r.json()["code"] == "upstream_timeout" and r.json()["upstream"] == "search"


@pytest.fixture
def black_hole() -> Iterator[str]:
    """A port that takes connections (the kernel's backlog) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


async def test_a_service_that_accepts_and_never_answers_is_504_at_the_route_timeout(
    service_app,  # type: ignore[no-untyped-def]
    black_hole: str,
) -> None:
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        tickets_url=black_hole,
        tickets_timeout=0.2,
        upstream_retry_after_seconds=7,
    ) as client:
        r = await client.post("/api/tickets/tickets", json={"title": "路灯不亮"})
        assert r.status_code == 504
        assert r.headers["retry-after"] == "7" and r.json()["retry_after"] == 7
        assert r.json()["code"] == "upstream_timeout"
