"""The lifecycle facts this module publishes (through the outbox, in the request's
transaction; `created` is written by the intake's own statement). No caller data leaves in
them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import TicketAssigned, TicketClosed, TicketReplied
from tickets.events import outbox
from tickets.tickets.models import Ticket


def _subject(ticket: Ticket) -> str:
    return f"ticket/{ticket.id}"


async def assigned(session: AsyncSession, t: Ticket, *, transfer: bool) -> None:
    assert t.unit_code is not None
    await outbox.publish(
        session,
        TicketAssigned(
            payload_version=t.version,
            ticket_id=t.id,
            number=t.number,
            unit_code=t.unit_code,
            due_on=t.due_on,
            transfer=transfer,
        ),
        subject=_subject(t),
    )


async def replied(session: AsyncSession, t: Ticket) -> None:
    assert t.replied_at is not None
    await outbox.publish(
        session,
        TicketReplied(
            payload_version=t.version,
            ticket_id=t.id,
            number=t.number,
            unit_code=t.unit_code,
            replied_at=t.replied_at,
            on_time=t.replied_on_time,
        ),
        subject=_subject(t),
    )


async def closed(session: AsyncSession, t: Ticket) -> None:
    assert t.closed_at is not None
    await outbox.publish(
        session,
        TicketClosed(
            payload_version=t.version,
            ticket_id=t.id,
            number=t.number,
            unit_code=t.unit_code,
            closed_at=t.closed_at,
            satisfaction=t.satisfaction,
        ),
        subject=_subject(t),
    )
