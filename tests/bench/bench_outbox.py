"""Outbox end to end: from the business transaction's commit to the consumer's handler, over
a real PostgreSQL (durable settings, as in the devstack) and a real NATS JetStream."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession
from stats import summary_ms

from govkit.contracts import EventPayload, event_type
from govkit.db import Database, with_database
from govkit.events import (
    CloudEvent,
    Consumer,
    NatsConnection,
    Outbox,
    OutboxRelay,
    StreamSpec,
    create_event_tables,
)
from govkit.servers import NatsServer, PostgresServer, free_port

STREAMS = (StreamSpec("BENCH", ("bench.>",)),)


@event_type("bench.item.changed.v1")
class ItemChanged(EventPayload):
    n: int


async def measure(pg: PostgresServer, nats_url: str, n: int, gap: float) -> dict[str, float]:
    pg.psql("CREATE DATABASE bench")
    db = Database(with_database(pg.url, "bench"), pool_size=5)
    async with db.engine.begin() as conn:
        await conn.run_sync(create_event_tables)
    conn_nats = NatsConnection(nats_url, name="bench", streams=STREAMS)
    conn_nats.start()
    await conn_nats.wait_connected(10)
    committed: dict[int, float] = {}
    latencies: list[float] = []
    all_done = asyncio.Event()

    async def handle(session: AsyncSession, event: CloudEvent) -> None:
        latencies.append(time.perf_counter() - committed[event.data["n"]])
        if len(latencies) == n:
            all_done.set()

    relay = OutboxRelay(db, conn_nats)
    consumer = Consumer(
        db,
        conn_nats,
        name="bench",
        stream="BENCH",
        subjects=("bench.>",),
        handlers={ItemChanged.event_type: handle},
        batch_size=1,
    )
    relay.start()
    consumer.start()
    outbox = Outbox("/bench")
    try:
        for i in range(n):
            async with db.transaction() as session:
                await outbox.publish(session, ItemChanged(n=i, payload_version=1), subject=str(i))
            committed[i] = time.perf_counter()
            await asyncio.sleep(gap)
        await asyncio.wait_for(all_done.wait(), 60)
    finally:
        await consumer.stop()
        await relay.stop()
        await conn_nats.close()
        await db.dispose()
    return summary_ms(latencies)


def run(n: int = 500, gap: float = 0.005) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        pg = PostgresServer(Path(tmp) / "pg", free_port())
        nats = NatsServer(Path(tmp) / "nats", free_port())
        pg.start()
        nats.start()
        try:
            return asyncio.run(measure(pg, nats.url, n, gap))
        finally:
            nats.stop()
            pg.stop()
