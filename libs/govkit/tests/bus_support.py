"""A small world for bus tests: a test stream, a payload type, and an effects table whose
rows are the observable effect of handling an event."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import Column, Integer, MetaData, String, Table, Uuid, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import EventPayload, event_type
from govkit.db import Database
from govkit.events import CloudEvent, Consumer, NatsConnection, Outbox, StreamSpec
from govkit.testing import eventually

__all__ = ["eventually"]

TEST_STREAMS = (StreamSpec("GOVTEST", ("govtest.>",)),)
TYPE = "govtest.thing.changed.v1"

effects_metadata = MetaData()
effects = Table(
    "effects",
    effects_metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("thing", String(64), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
)


@event_type(TYPE)
class ThingChanged(EventPayload):
    thing: str


outbox = Outbox(source="/govkit-tests")


async def record_effect(session: AsyncSession, event: CloudEvent) -> None:
    payload = event.payload()
    assert isinstance(payload, ThingChanged)
    await session.execute(
        insert(effects).values(
            thing=payload.thing, event_id=event.id, version=payload.payload_version
        )
    )


@asynccontextmanager
async def running(consumer: Consumer) -> AsyncIterator[Consumer]:
    consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


def make_consumer(
    db: Database,
    nats: NatsConnection,
    *,
    name: str = "tests",
    handler: Callable[[AsyncSession, CloudEvent], Awaitable[None]] = record_effect,
    **kwargs: object,
) -> Consumer:
    return Consumer(
        db,
        nats,
        name=name,
        stream="GOVTEST",
        subjects=("govtest.>",),
        handlers={TYPE: handler},
        **kwargs,  # type: ignore[arg-type]
    )


async def change(db: Database, thing: str, version: int = 1) -> CloudEvent:
    async with db.transaction() as session:
        return await outbox.publish(
            session, ThingChanged(thing=thing, payload_version=version), subject=thing
        )


async def effect_count(db: Database, thing: str | None = None) -> int:
    stmt = select(func.count()).select_from(effects)
    if thing is not None:
        stmt = stmt.where(effects.c.thing == thing)
    async with db.sessionmaker() as session:
        return int(await session.scalar(stmt) or 0)
