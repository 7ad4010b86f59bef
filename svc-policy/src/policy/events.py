"""What svc-policy publishes and consumes (types in govkit.contracts)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import MeasurePublished
from govkit.db import Database
from govkit.events import CloudEvent, Consumer, NatsConnection, Outbox

SOURCE = "/svc-policy"
outbox = Outbox(SOURCE)

PUBLISHES = ("policy.measure.published.v1", "policy.measure.withdrawn.v1", "policy.match.found.v1")
CONSUMES = ("policy.measure.published.v1",)  # its own: the push runs after the publish commits
PUSH_CONSUMER = "svc-policy-push"


async def on_measure_published(session: AsyncSession, event: CloudEvent) -> None:
    from policy.push.service import push_measure  # the push imports this module's outbox

    payload = event.payload()
    assert isinstance(payload, MeasurePublished)
    await push_measure(session, payload.measure_id, date.today())


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [
        Consumer(
            db,
            nats,
            name=PUSH_CONSUMER,
            stream="POLICY",
            subjects=("policy.measure.published",),
            handlers={MeasurePublished.event_type: on_measure_published},
        )
    ]
