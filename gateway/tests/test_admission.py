"""Admission control: at most N requests in flight to each upstream, a short queue, the rest
refused at once with 503 problem+json and Retry-After; counted with a slow fake upstream
that holds its requests until the test lets them go (no timing assertions)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager

import httpx
import pytest
from fastapi import FastAPI
from gateway_support import MIGRATIONS, app_of

from gateway.app import create_app
from gateway.routing.admission import Admission
from gateway.settings import Settings
from govkit.testing import serve_app


class Hold:
    """A fake upstream whose `/hold` requests wait until `release()`; it counts how many are
    in flight at once. Served in its own thread, hence the lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.in_flight = 0
        self.peak = 0

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/hold")
        async def hold() -> dict[str, bool]:
            with self.lock:
                self.in_flight += 1
                self.peak = max(self.peak, self.in_flight)
            try:
                # A threading.Event: the test sets it from another thread and loop.
                while not self.released.is_set():  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
            finally:
                with self.lock:
                    self.in_flight -= 1
            return {"held": True}

        @app.get("/{path:path}")
        async def other(path: str) -> dict[str, str]:
            return {"path": path}

        return app


@pytest.fixture
def hold() -> Iterator[tuple[Hold, str]]:
    upstream = Hold()
    with serve_app(upstream.app()) as url:
        yield upstream, url
        upstream.released.set()


Gateway = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def gateway_to(service_app, hold) -> Gateway:  # type: ignore[no-untyped-def]
    """`async with gateway_to(**settings) as client:` — every upstream is the fake one."""
    _, url = hold

    def make(**overrides: object) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        overrides.setdefault("admission_limits", {})  # one bound for every upstream
        return service_app(
            create_app,
            Settings,
            "gateway",
            MIGRATIONS,
            trust_test_tokens=False,
            ratelimit_enabled=False,
            content_url=url,
            tickets_url=url,
            policy_url=url,
            search_url=url,
            **overrides,
        )

    return make


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition never held")


def admission(client: httpx.AsyncClient, name: str) -> Admission:
    return app_of(client).state.admissions[name]  # type: ignore[no-any-return]


# --- through the gateway ---------------------------------------------------------------


async def test_beyond_the_bound_and_the_queue_requests_are_refused_at_once(
    gateway_to: Gateway, hold: tuple[Hold, str]
) -> None:
    upstream, _ = hold
    async with gateway_to(
        admission_max_in_flight=2, admission_queue=1, admission_max_wait_seconds=60
    ) as client:
        gate = admission(client, "content")
        admitted = [asyncio.create_task(client.get("/api/content/hold")) for _ in range(2)]
        await until(lambda: upstream.in_flight == 2)
        queued = asyncio.create_task(client.get("/api/content/hold"))
        await until(lambda: gate.waiting == 1)

        refused = await client.get("/api/content/hold")  # answered while the others are held

        assert refused.status_code == 503
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["retry-after"] == "1"
        body = refused.json()
        assert body["code"] == "upstream_overloaded" and body["retry_after"] == 1
        assert body["upstream"] == "content" and "统一信息资源库" in body["detail"]
        assert body["title"] == "服务繁忙"
        upstream.released.set()
        answers = await asyncio.gather(*admitted, queued)
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert upstream.peak == 2  # the queued one went in only when a slot was free
        assert gate.in_flight == 0 and gate.waiting == 0


async def test_the_bound_is_per_upstream(gateway_to: Gateway, hold: tuple[Hold, str]) -> None:
    upstream, _ = hold
    async with gateway_to(
        admission_max_in_flight=1, admission_queue=0, admission_limits={"tickets": 2}
    ) as client:
        held = [asyncio.create_task(client.get("/api/content/hold"))]
        await until(lambda: upstream.in_flight == 1)
        assert (await client.get("/api/content/x")).status_code == 503
        assert (await client.get("/api/search/x")).status_code == 200  # search has its own
        held += [asyncio.create_task(client.get("/api/tickets/hold")) for _ in range(2)]
        await until(lambda: upstream.in_flight == 3)  # tickets' own bound is 2
        assert (await client.get("/api/tickets/x")).status_code == 503
        upstream.released.set()
        assert [r.status_code for r in await asyncio.gather(*held)] == [200, 200, 200]


async def test_a_queued_request_that_waits_too_long_is_refused(
    gateway_to: Gateway, hold: tuple[Hold, str]
) -> None:
    upstream, _ = hold
    async with gateway_to(
        admission_max_in_flight=1, admission_queue=4, admission_max_wait_seconds=0.01
    ) as client:
        held = asyncio.create_task(client.get("/api/content/hold"))
        await until(lambda: upstream.in_flight == 1)
        waited = await client.get("/api/content/x")
        assert waited.status_code == 503 and waited.json()["code"] == "upstream_overloaded"
        assert admission(client, "content").waiting == 0
        upstream.released.set()
        assert (await held).status_code == 200


async def test_service_is_normal_again_once_the_load_drops(
    gateway_to: Gateway, hold: tuple[Hold, str]
) -> None:
    upstream, _ = hold
    async with gateway_to(admission_max_in_flight=2, admission_queue=0) as client:
        held = [asyncio.create_task(client.get("/api/content/hold")) for _ in range(2)]
        await until(lambda: upstream.in_flight == 2)
        burst = await asyncio.gather(*(client.get("/api/content/x") for _ in range(20)))
        assert {r.status_code for r in burst} == {503}
        upstream.released.set()
        await asyncio.gather(*held)
        after = await asyncio.gather(*(client.get("/api/content/x") for _ in range(2)))
        assert [r.status_code for r in after] == [200, 200]  # nothing left over from the burst


async def test_open311_clients_get_their_own_error_shape_with_retry_after(
    gateway_to: Gateway, hold: tuple[Hold, str]
) -> None:
    upstream, _ = hold
    async with gateway_to(admission_max_in_flight=1, admission_queue=0) as client:
        held = asyncio.create_task(client.get("/api/tickets/hold"))
        await until(lambda: upstream.in_flight == 1)
        r = await client.get("/open311/v2/services.json")
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert r.json()[0]["code"] == 503
        upstream.released.set()
        await held


async def test_without_admission_a_full_pool_is_a_timeout_not_a_hang(
    gateway_to: Gateway, hold: tuple[Hold, str]
) -> None:
    upstream, _ = hold
    async with gateway_to(
        admission_enabled=False, upstream_max_connections=1, tickets_timeout=0.2
    ) as client:
        held = asyncio.create_task(client.get("/api/content/hold"))  # takes the one connection
        await until(lambda: upstream.in_flight == 1)
        waiting = await client.get("/api/tickets/x")
        assert waiting.status_code == 504 and waiting.headers["retry-after"] == "5"
        upstream.released.set()
        assert (await held).status_code == 200


# --- the bound itself ------------------------------------------------------------------


async def test_a_slot_goes_to_the_oldest_waiter_not_to_a_newcomer() -> None:
    gate = Admission(1, queue=2, max_wait=60)
    assert await gate.acquire()
    first = asyncio.create_task(gate.acquire())
    await until(lambda: gate.waiting == 1)
    gate.release()
    assert await first
    assert gate.in_flight == 1 and gate.waiting == 0
    late = asyncio.create_task(gate.acquire())
    await until(lambda: gate.waiting == 1)
    assert gate.in_flight == 1  # the newcomer waits even though the slot changes hands
    gate.release()
    assert await late


async def test_a_waiter_that_goes_away_gives_its_slot_back() -> None:
    gate = Admission(1, queue=1, max_wait=60)
    assert await gate.acquire()
    waiter = asyncio.create_task(gate.acquire())
    await until(lambda: gate.waiting == 1)
    gate.release()  # handed to the waiter, which is cancelled before it runs
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert gate.in_flight == 0 and gate.waiting == 0
    assert await gate.acquire()


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    gate = Admission(1, queue=1, max_wait=60)
    assert await gate.acquire()
    waiter = asyncio.create_task(gate.acquire())
    await until(lambda: gate.waiting == 1)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert gate.waiting == 0 and gate.in_flight == 1
    gate.release()
    assert gate.in_flight == 0


async def test_refusals_are_counted_and_spend_nothing() -> None:
    gate = Admission(2, queue=0)
    assert [await gate.acquire() for _ in range(5)] == [True, True, False, False, False]
    assert gate.refused == 3 and gate.in_flight == 2 and gate.peak == 2


@pytest.mark.parametrize(("limit", "queue", "wait"), [(0, 0, 0), (1, -1, 0), (1, 0, -1)])
def test_a_bound_needs_sane_numbers(limit: int, queue: int, wait: float) -> None:
    with pytest.raises(ValueError):
        Admission(limit, queue, wait)
