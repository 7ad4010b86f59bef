"""The event bus, proven against a real PostgreSQL and a real NATS JetStream."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import pytest
from bus_support import (
    TEST_STREAMS,
    TYPE,
    ThingChanged,
    change,
    effect_count,
    eventually,
    make_consumer,
    outbox,
    running,
)
from sqlalchemy import func, select

from govkit.db import Database
from govkit.events import Consumer, NatsConnection, OutboxRelay, new_event
from govkit.events.tables import dead_letters, inbox
from govkit.events.tables import outbox as outbox_table
from govkit.servers import NatsServer, free_port


async def stream_count(conn: NatsConnection) -> int:
    return (await conn.js.stream_info("GOVTEST")).state.messages


async def unsent(db: Database) -> int:
    async with db.sessionmaker() as s:
        return int(
            await s.scalar(
                select(func.count())
                .select_from(outbox_table)
                .where(outbox_table.c.sent_at.is_(None))
            )
            or 0
        )


async def test_rolled_back_transaction_publishes_nothing(db, nats_conn, relay):
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await outbox.publish(session, ThingChanged(thing="x", payload_version=1), subject="x")
            raise RuntimeError("business rule failed after the event was written")
    await change(db, "y")  # a committed one, so we know the relay ran after the rollback
    await eventually(lambda: _eq(stream_count(nats_conn), 1))
    await asyncio.sleep(0.3)
    assert await stream_count(nats_conn) == 1
    async with db.sessionmaker() as s:
        subjects = (await s.execute(select(outbox_table.c.envelope))).scalars().all()
    assert [e["subject"] for e in subjects] == ["y"]


async def test_committed_event_is_published_with_its_id_as_msg_id(db, nats_conn, relay):
    event = await change(db, "a")
    await eventually(lambda: _eq(stream_count(nats_conn), 1))
    msg = await nats_conn.js.get_msg("GOVTEST", seq=1)
    assert msg.headers is not None and msg.headers["Nats-Msg-Id"] == str(event.id)
    envelope = json.loads(msg.data)
    assert envelope["specversion"] == "1.0"
    assert envelope["type"] == TYPE and envelope["subject"] == "a"
    assert envelope["data"]["payload_version"] == 1
    assert msg.subject == "govtest.thing.changed"
    await eventually(lambda: _eq(unsent(db), 0))


async def test_nats_down_while_500_changes_commit_then_all_arrive_once(db, tmp_path: Path):
    server = NatsServer(tmp_path / "store", free_port())
    server.start()
    conn = NatsConnection(server.url, name="outage", streams=TEST_STREAMS)
    conn.start()
    await conn.wait_connected(10)
    relay = OutboxRelay(db, conn, poll_seconds=0.2)
    relay.start()
    try:
        async with running(make_consumer(db, conn, name="outage")):
            server.stop()
            # The service keeps taking writes: every one commits while NATS is down.
            for i in range(500):
                await change(db, f"t{i}")
            assert await unsent(db) > 0
            server.start()
            await eventually(lambda: _eq(effect_count(db), 500), timeout=60)
            await eventually(lambda: _eq(unsent(db), 0), timeout=30)
            assert await stream_count(conn) == 500
            await asyncio.sleep(0.5)
            assert await effect_count(db) == 500
    finally:
        await relay.stop()
        await conn.close()
        server.remove()


class ProcessDied(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


async def test_crash_between_commit_and_ack_does_not_apply_twice(db, nats_conn, relay, nats_url):
    committed = asyncio.Event()

    class DiesBeforeAck(Consumer):
        async def acknowledge(self, msg):  # type: ignore[no-untyped-def]
            committed.set()
            raise ProcessDied

    dying = make_consumer(db, nats_conn, name="crashy", ack_wait_seconds=1.0)
    dying.__class__ = DiesBeforeAck
    dying.start()
    await change(db, "once")
    await asyncio.wait_for(committed.wait(), 10)
    with pytest.raises(ProcessDied):
        await dying._task  # type: ignore[misc]
    assert await effect_count(db, "once") == 1

    # The "restarted process": a new connection and consumer on the same durable.
    fresh_conn = NatsConnection(nats_url, name="restarted", streams=TEST_STREAMS)
    fresh_conn.start()
    await fresh_conn.wait_connected(10)
    try:
        async with running(make_consumer(db, fresh_conn, name="crashy", ack_wait_seconds=1.0)):

            async def redelivered_and_acked() -> bool:
                info = await fresh_conn.js.consumer_info("GOVTEST", "crashy")
                # Delivered twice (the original and the redelivery), nothing left unacked.
                return info.num_ack_pending == 0 and info.delivered.consumer_seq >= 2

            await eventually(redelivered_and_acked, timeout=20)
            assert await effect_count(db, "once") == 1
    finally:
        await fresh_conn.close()


async def test_failing_handler_is_retried_then_dead_lettered_and_replayable(db, nats_conn, relay):
    calls = 0
    broken = True

    async def flaky(session, event):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if broken:
            raise ValueError("下游数据缺失")
        from bus_support import record_effect

        await record_effect(session, event)

    async with running(
        make_consumer(
            db, nats_conn, name="flaky", handler=flaky, max_attempts=3, backoff_seconds=(0.05, 0.1)
        )
    ) as consumer:
        await change(db, "poison")

        async def dead_lettered() -> bool:
            async with db.sessionmaker() as s:
                return bool(await s.scalar(select(func.count()).select_from(dead_letters)))

        await eventually(dead_lettered)
        await asyncio.sleep(0.5)
        assert calls == 3
        assert await effect_count(db) == 0
        async with db.sessionmaker() as s:
            row = (await s.execute(select(dead_letters))).one()
        assert row.attempts == 3 and "下游数据缺失" in row.error and row.replayed_at is None

        broken = False
        assert await consumer.replay_dead_letter(row.id) == "applied"
        assert await effect_count(db, "poison") == 1
        async with db.sessionmaker() as s:
            assert (await s.execute(select(dead_letters.c.replayed_at))).scalar() is not None


async def test_same_event_published_twice_is_consumed_once(db, nats_conn):
    async with running(make_consumer(db, nats_conn, name="dedup")):
        event = new_event(ThingChanged(thing="dup", payload_version=1), source="/t", subject="dup")
        data = event.model_dump_json().encode()
        # Inside the duplicate window JetStream drops the second copy itself…
        await nats_conn.js.publish(event.nats_subject, data, headers={"Nats-Msg-Id": str(event.id)})
        await nats_conn.js.publish(event.nats_subject, data, headers={"Nats-Msg-Id": str(event.id)})
        assert await stream_count(nats_conn) == 1
        # …beyond it (a different msg id, same event) the inbox catches it.
        await nats_conn.js.publish(event.nats_subject, data, headers={"Nats-Msg-Id": "late-resend"})
        assert await stream_count(nats_conn) == 2

        async def both_seen() -> bool:
            info = await nats_conn.js.consumer_info("GOVTEST", "dedup")
            return info.ack_floor.stream_seq == 2

        await eventually(both_seen)
        assert await effect_count(db, "dup") == 1


async def test_consumer_added_later_catches_up_from_stream_start(db, nats_conn, relay):
    for i in range(20):
        await change(db, f"early{i}")
    await eventually(lambda: _eq(stream_count(nats_conn), 20))
    async with running(make_consumer(db, nats_conn, name="late-joiner")):
        await eventually(lambda: _eq(effect_count(db), 20))


async def test_stale_version_of_an_aggregate_is_ignored(db, nats_conn):
    async with running(make_consumer(db, nats_conn, name="ordering")):
        newer = new_event(ThingChanged(thing="agg", payload_version=2), source="/t", subject="agg")
        older = new_event(ThingChanged(thing="agg", payload_version=1), source="/t", subject="agg")
        for ev in (newer, older):
            await nats_conn.js.publish(ev.nats_subject, ev.model_dump_json().encode())

        async def outcomes() -> list[str]:
            async with db.sessionmaker() as s:
                return list(
                    (
                        await s.execute(select(inbox.c.outcome).order_by(inbox.c.handled_at))
                    ).scalars()
                )

        await eventually(lambda: _eq_len(outcomes(), 2))
        assert sorted(await outcomes()) == ["applied", "stale"]
        assert await effect_count(db, "agg") == 1


async def test_undecodable_message_goes_straight_to_dead_letters(db, nats_conn):
    async with running(make_consumer(db, nats_conn, name="garbage")) as consumer:
        await nats_conn.js.publish("govtest.thing.changed", b"{not json")

        async def dead() -> bool:
            async with db.sessionmaker() as s:
                return bool(await s.scalar(select(func.count()).select_from(dead_letters)))

        await eventually(dead)
        with pytest.raises(Exception, match="无法解析"):
            async with db.sessionmaker() as s:
                dl_id = (await s.execute(select(dead_letters.c.id))).scalar_one()
            await consumer.replay_dead_letter(dl_id)


async def test_unknown_event_type_is_acknowledged_and_ignored(db, nats_conn):
    async with running(make_consumer(db, nats_conn, name="picky")):
        other = new_event(ThingChanged(thing="z", payload_version=1), source="/t", subject="z")
        raw = other.model_dump(mode="json") | {
            "type": "govtest.thing.renamed.v1",
            "id": str(uuid.uuid4()),
        }
        await nats_conn.js.publish("govtest.thing.renamed", json.dumps(raw).encode())

        async def ignored() -> bool:
            async with db.sessionmaker() as s:
                return (await s.execute(select(inbox.c.outcome))).scalar() == "ignored"

        await eventually(ignored)
        assert await effect_count(db) == 0


async def _eq(awaitable, expected) -> bool:  # type: ignore[no-untyped-def]
    return (await awaitable) == expected


async def _eq_len(awaitable, expected) -> bool:  # type: ignore[no-untyped-def]
    return len(await awaitable) == expected


async def test_a_database_outage_is_retried_without_using_up_attempts(db, nats_conn):
    from sqlalchemy.exc import OperationalError

    outage = 6  # more failures than max_attempts

    async def database_down_for_a_while(session, event):  # type: ignore[no-untyped-def]
        nonlocal outage
        if outage > 0:
            outage -= 1
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("db down"))
        from bus_support import record_effect

        await record_effect(session, event)

    async with running(
        make_consumer(
            db,
            nats_conn,
            name="outage-tolerant",
            handler=database_down_for_a_while,
            max_attempts=3,
            infrastructure_retry_seconds=0.05,
        )
    ):
        event = new_event(
            ThingChanged(thing="late", payload_version=1), source="/t", subject="late"
        )
        await nats_conn.js.publish(event.nats_subject, event.model_dump_json().encode())
        await eventually(lambda: _eq(effect_count(db, "late"), 1))
        async with db.sessionmaker() as s:
            assert await s.scalar(select(func.count()).select_from(dead_letters)) == 0


async def test_a_row_no_stream_will_take_is_parked_and_does_not_block_the_rest(db, nats_conn):
    from govkit.events.outbox import write

    relay = OutboxRelay(db, nats_conn, poll_seconds=0.1, park_after=3)
    stray = new_event(ThingChanged(thing="stray", payload_version=1), source="/t", subject="s")
    stray = stray.model_copy(update={"type": "nowhere.thing.changed.v1"})
    async with db.transaction() as session:
        await write(session, stray)
    relay.start()
    try:
        await change(db, "after-the-stray")
        await eventually(lambda: _eq(stream_count(nats_conn), 1))

        async def parked() -> bool:
            async with db.sessionmaker() as s:
                row = (
                    await s.execute(
                        select(outbox_table.c.attempts, outbox_table.c.last_error).where(
                            outbox_table.c.event_id == stray.id
                        )
                    )
                ).one()
            return row.attempts == 3 and bool(row.last_error)

        await eventually(parked, timeout=30)
        assert await unsent(db) == 1  # kept for an operator, never silently dropped
    finally:
        await relay.stop()
