"""What svc-search consumes. It publishes only its confirmation of an account erasure (it
keeps nothing per person): otherwise it follows the other services."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import (
    ItemPublished,
    ItemWithdrawn,
    KnowledgePublished,
    KnowledgeRetired,
    MeasurePublished,
    MeasureWithdrawn,
    SiteUpserted,
    TicketDisclosed,
    TicketUndisclosed,
    UserErased,
)
from govkit.db import Database
from govkit.erasure import erasure_consumer
from govkit.events import Consumer, Handler, NatsConnection, Outbox
from search.documents.service import on_document_event
from search.sources.service import on_site_upserted

CONTENT_CONSUMER = "svc-search-content"
POLICY_CONSUMER = "svc-search-policy"
TICKETS_CONSUMER = "svc-search-tickets"

# (consumer, stream, subjects, handlers): also what a rebuild replays.
SUBSCRIPTIONS: tuple[tuple[str, str, tuple[str, ...], dict[str, Handler]], ...] = (
    (
        CONTENT_CONSUMER,
        "CONTENT",
        ("content.>",),
        {
            SiteUpserted.event_type: on_site_upserted,
            ItemPublished.event_type: on_document_event,
            ItemWithdrawn.event_type: on_document_event,
        },
    ),
    (
        POLICY_CONSUMER,
        "POLICY",
        ("policy.measure.>",),
        {
            MeasurePublished.event_type: on_document_event,
            MeasureWithdrawn.event_type: on_document_event,
        },
    ),
    (
        TICKETS_CONSUMER,
        "TICKETS",
        ("tickets.ticket.disclosed", "tickets.ticket.undisclosed", "tickets.knowledge.>"),
        {
            TicketDisclosed.event_type: on_document_event,
            TicketUndisclosed.event_type: on_document_event,
            KnowledgePublished.event_type: on_document_event,
            KnowledgeRetired.event_type: on_document_event,
        },
    ),
)


SOURCE = "/svc-search"
outbox = Outbox(SOURCE)
PUBLISHES = ("identity.erasure.confirmed.v1",)


async def erase_nothing(session: AsyncSession, erased: UserErased) -> dict[str, int]:
    return {}  # nothing is kept per person (search/privacy/router.py says why)


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [
        *(
            Consumer(db, nats, name=name, stream=stream, subjects=subjects, handlers=handlers)
            for name, stream, subjects, handlers in SUBSCRIPTIONS
        ),
        erasure_consumer(db, nats, service="search", outbox=outbox, erase=erase_nothing),
    ]
