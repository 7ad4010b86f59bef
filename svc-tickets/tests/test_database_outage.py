"""The database away: intake (the hand-written driver-level path) and the ORM paths answer
503 database_unavailable with Retry-After, never 500, and at once."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from tickets_support import Desk, app_of

from govkit.db import Database
from govkit.servers import free_port


@pytest.fixture
async def unreachable(desk: Desk) -> AsyncIterator[Desk]:
    """The app's database swapped for one on a port nothing listens on, after start-up."""
    app = app_of(desk.client)
    working = app.state.db
    app.state.db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/tickets")
    yield desk
    await app.state.db.dispose()
    app.state.db = working


def assert_database_unavailable(r: httpx.Response) -> None:
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"]
    body = r.json()
    assert body["code"] == "database_unavailable" and not body["title"].isascii()


async def test_intake_is_503_while_the_database_is_away(unreachable):
    body = {"channel": "web", "kind": "complaint", "title": "路灯不亮", "content": "东街路灯不亮"}
    for headers in (
        unreachable.citizen(),
        {**unreachable.citizen(), "Idempotency-Key": "outage-key-0001"},
    ):
        started = time.monotonic()
        r = await unreachable.client.post("/tickets", json=body, headers=headers)
        assert_database_unavailable(r)
        assert time.monotonic() - started < 1


async def test_reads_and_orm_writes_are_503_while_the_database_is_away(unreachable):
    assert_database_unavailable(
        await unreachable.client.get("/tickets", headers=unreachable.dispatcher)
    )
    assert_database_unavailable(
        await unreachable.client.post(
            "/tickets/track", json={"number": "12345-20261203-000001", "phone": "13800138000"}
        )
    )
