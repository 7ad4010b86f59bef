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
