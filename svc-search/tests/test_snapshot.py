"""The in-memory snapshots behind every search (synonyms, best bets, site names): a reload
that fails keeps the last one, is retried after a pause rather than on every query, and only
one reload runs at a time."""

from __future__ import annotations

import asyncio

from sqlalchemy.exc import OperationalError

from search.cache import Snapshot


class Session:
    """Stands in for the request's session: the loaders here never use it."""

    invalidated = 0

    async def invalidate(self) -> None:
        self.invalidated += 1


def _loader(values: list[object]):  # type: ignore[no-untyped-def]
    calls: list[int] = []

    async def load(session):  # type: ignore[no-untyped-def]
        calls.append(1)
        value = values.pop(0)
        if isinstance(value, Exception):
            raise value
        return value

    return load, calls


DOWN = OperationalError("SELECT", {}, ConnectionRefusedError("connection refused"))


async def test_a_failed_reload_keeps_serving_the_last_snapshot():
    load, calls = _loader([{"医保": 1}, DOWN])
    snapshot = Snapshot(load, {}, ttl_seconds=0)
    session = Session()
    assert await snapshot.get(session) == {"医保": 1}  # type: ignore[arg-type]
    assert await snapshot.get(session) == {"医保": 1}  # type: ignore[arg-type]
    assert calls == [1, 1] and session.invalidated == 1  # the broken connection dropped


async def test_after_a_failure_the_database_is_not_asked_again_until_the_pause_is_over():
    load, calls = _loader([DOWN, {"a": 1}])
    snapshot = Snapshot(load, {}, ttl_seconds=0, retry_seconds=0.2)
    for _ in range(5):
        assert await snapshot.get(Session()) == {}  # type: ignore[arg-type]
    assert calls == [1]
    await asyncio.sleep(0.25)
    assert await snapshot.get(Session()) == {"a": 1}  # type: ignore[arg-type]


async def test_a_reload_slower_than_its_timeout_counts_as_failed():
    async def hangs(session):  # type: ignore[no-untyped-def]
        await asyncio.sleep(10)

    snapshot = Snapshot(hangs, "last", ttl_seconds=0, load_timeout=0.05)
    assert await snapshot.get(Session()) == "last"  # type: ignore[arg-type]


async def test_queries_during_a_reload_get_the_last_snapshot_without_waiting():
    gate = asyncio.Event()
    values = iter(["first", "second"])

    async def load(session):  # type: ignore[no-untyped-def]
        value = next(values)
        if value == "second":
            await gate.wait()
        return value

    snapshot = Snapshot(load, "", ttl_seconds=0)
    assert await snapshot.get(Session()) == "first"  # type: ignore[arg-type]
    reloading = asyncio.ensure_future(snapshot.get(Session()))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    assert await snapshot.get(Session()) == "first"  # type: ignore[arg-type]
    gate.set()
    assert await reloading == "second"
