"""Transactional outbox: an event is a row written in the business transaction."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts.base import EventPayload
from govkit.events.envelope import CloudEvent, new_event
from govkit.events.tables import outbox

# Set on a session that wrote events, so the relay is woken only by commits that matter.
PENDING_FLAG = "govkit.outbox.pending"


class Outbox:
    """Each service has one, named by its CloudEvents `source` (e.g. `/svc-content`)."""

    def __init__(self, source: str) -> None:
        self.source = source

    async def publish(
        self, session: AsyncSession, payload: EventPayload, *, subject: str | None
    ) -> CloudEvent:
        """Record the event in the caller's transaction: it is published if and only if that
        transaction commits."""
        event = new_event(payload, source=self.source, subject=subject)
        await write(session, event)
        return event

    async def publish_many(
        self, session: AsyncSession, items: list[tuple[EventPayload, str | None]]
    ) -> None:
        """Many events in one statement (a push to thousands of enterprises)."""
        if not items:
            return
        events = [new_event(p, source=self.source, subject=s) for p, s in items]
        await session.execute(
            insert(outbox),
            [
                {
                    "event_id": e.id,
                    "subject": e.nats_subject,
                    "type": e.type,
                    "envelope": e.model_dump(mode="json"),
                }
                for e in events
            ],
        )
        session.info[PENDING_FLAG] = True


async def write(session: AsyncSession, event: CloudEvent) -> None:
    await session.execute(
        insert(outbox).values(
            event_id=event.id,
            subject=event.nats_subject,
            type=event.type,
            envelope=event.model_dump(mode="json"),
        )
    )
    session.info[PENDING_FLAG] = True
