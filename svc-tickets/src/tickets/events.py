"""What svc-tickets publishes and consumes (types in govkit.contracts)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import OrgRemoved, OrgUpserted, UserErased
from govkit.db import Database
from govkit.erasure import erasure_consumer
from govkit.events import CloudEvent, Consumer, NatsConnection, Outbox

SOURCE = "/svc-tickets"
outbox = Outbox(SOURCE)

PUBLISHES = (
    "tickets.ticket.created.v1",
    "tickets.ticket.assigned.v1",
    "tickets.ticket.replied.v1",
    "tickets.ticket.closed.v1",
    "tickets.ticket.disclosed.v1",
    "tickets.knowledge.published.v1",
    "tickets.knowledge.retired.v1",
    "identity.erasure.confirmed.v1",  # its part of an account erasure done
)
CONSUMES = ("identity.org.upserted.v1", "identity.org.removed.v1", "identity.user.erased.v1")
UNITS_CONSUMER = "svc-tickets-units"


async def on_org_upserted(session: AsyncSession, event: CloudEvent) -> None:
    from tickets.units.service import apply_upserted

    payload = event.payload()
    assert isinstance(payload, OrgUpserted)
    await apply_upserted(session, payload)


async def on_org_removed(session: AsyncSession, event: CloudEvent) -> None:
    from tickets.units.service import apply_removed

    payload = event.payload()
    assert isinstance(payload, OrgRemoved)
    await apply_removed(session, payload)


def units_consumer(db: Database, nats: NatsConnection, name: str = UNITS_CONSUMER) -> Consumer:
    return Consumer(
        db,
        nats,
        name=name,
        stream="IDENTITY",
        subjects=("identity.org.upserted", "identity.org.removed"),
        handlers={
            OrgUpserted.event_type: on_org_upserted,
            OrgRemoved.event_type: on_org_removed,
        },
    )


async def erase_subject(session: AsyncSession, erased: UserErased) -> dict[str, int]:
    from tickets.privacy.service import erase_subject as erase  # imports this module's outbox

    return await erase(session, str(erased.user_id))


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [
        units_consumer(db, nats),
        erasure_consumer(db, nats, service="tickets", outbox=outbox, erase=erase_subject),
    ]
