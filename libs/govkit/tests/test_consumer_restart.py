"""A restarted consumer picks up what its crashed predecessor had fetched but not acked within
seconds (the short ack wait), and a slow batch is never redelivered while it is worked on
(in-progress acks)."""

from __future__ import annotations

import asyncio
import time

import pytest
from bus_support import (
    TEST_STREAMS,
    change,
    effect_count,
    effects,
    eventually,
    make_consumer,
    record_effect,
    running,
)
from sqlalchemy import func, select

from govkit.events import NatsConnection

EVENTS = 20
PICKUP_LIMIT_SECONDS = 8.0


class ProcessDied(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


async def _published(conn: NatsConnection, count: int) -> bool:
    return (await conn.js.stream_info("GOVTEST")).state.messages == count


async def _most_applications_of_one_event(db) -> int:  # type: ignore[no-untyped-def]
    stmt = select(func.count()).select_from(effects).group_by(effects.c.event_id)
    async with db.sessionmaker() as session:
        return max((await session.scalars(stmt)).all(), default=0)


async def test_a_consumer_killed_mid_batch_is_caught_up_by_its_restart_within_seconds(
    db, nats_url, relay, nats_conn
):
    for i in range(EVENTS):
        await change(db, f"batch{i}")
    await eventually(lambda: _published(nats_conn, EVENTS))

    handled = 0

    async def dies_after_five(session, event):  # type: ignore[no-untyped-def]
        nonlocal handled
        if handled == 5:
            raise ProcessDied  # mid-batch: 15 fetched messages left unacked
        handled += 1
        await record_effect(session, event)

    dying_conn = NatsConnection(nats_url, name="dying", streams=TEST_STREAMS)
    dying_conn.start()
    await dying_conn.wait_connected(10)
    dying = make_consumer(db, dying_conn, name="restartable", handler=dies_after_five)
    dying.start()
    with pytest.raises(ProcessDied):
        await dying._task  # type: ignore[misc]
    await dying_conn.close()
    killed_at = time.monotonic()
    assert await effect_count(db) == 5
    info = await nats_conn.js.consumer_info("GOVTEST", "restartable")
    assert info.num_ack_pending == EVENTS - 5  # fetched by the dead process, not acked

    fresh_conn = NatsConnection(nats_url, name="restarted", streams=TEST_STREAMS)
    fresh_conn.start()
    await fresh_conn.wait_connected(10)
    try:
        async with running(make_consumer(db, fresh_conn, name="restartable")):
            await eventually(
                lambda: _equals(effect_count(db), EVENTS), timeout=PICKUP_LIMIT_SECONDS
            )
            pickup = time.monotonic() - killed_at
            print(f"restarted consumer caught up {pickup:.2f} s after the kill")
            assert pickup < PICKUP_LIMIT_SECONDS
            assert await _most_applications_of_one_event(db) == 1
    finally:
        await fresh_conn.close()


async def test_a_batch_slower_than_the_ack_wait_is_not_redelivered(db, nats_conn, relay):
    for i in range(3):
        await change(db, f"slow{i}")
    await eventually(lambda: _published(nats_conn, 3))

    async def slow(session, event):  # type: ignore[no-untyped-def]
        await asyncio.sleep(1.2)  # the three together take 3.6 s, the ack wait is 1 s
        await record_effect(session, event)

    consumer = make_consumer(db, nats_conn, name="slowpoke", handler=slow, ack_wait_seconds=1.0)
    async with running(consumer):
        await eventually(lambda: _equals(effect_count(db), 3), timeout=15)
        info = await nats_conn.js.consumer_info("GOVTEST", "slowpoke")
        assert info.num_redelivered == 0
        assert info.delivered.consumer_seq == 3


async def _equals(awaitable, expected) -> bool:  # type: ignore[no-untyped-def]
    return (await awaitable) == expected
