"""Reading tickets: one, a scoped and filtered list, and the caller's lookup by number."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.errors import NotFound
from govkit.pagination import PageParams, paginate
from tickets.deadlines.policy import due_soon_limit
from tickets.tickets.access import ensure_visible, scoped
from tickets.tickets.models import HANDLING_STATES, Photo, Ticket, TimelineEntry


class Due(StrEnum):
    overdue = "overdue"  # 已超期
    soon = "soon"  # 一个工作日内到期
    sign_overdue = "sign_overdue"  # 超时未签收


async def get_ticket(session: AsyncSession, ticket_id: uuid.UUID) -> Ticket:
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("工单不存在", code="ticket_not_found")
    return ticket


async def visible_ticket(session: AsyncSession, identity: Identity, ticket_id: uuid.UUID) -> Ticket:
    ticket = await get_ticket(session, ticket_id)
    ensure_visible(identity, ticket)
    return ticket


async def timeline(session: AsyncSession, ticket_id: uuid.UUID) -> list[TimelineEntry]:
    stmt = select(TimelineEntry).where(TimelineEntry.ticket_id == ticket_id)
    return list((await session.scalars(stmt.order_by(TimelineEntry.id))).all())


async def photo_ids(session: AsyncSession, ticket_id: uuid.UUID) -> list[uuid.UUID]:
    stmt = select(Photo.id).where(Photo.ticket_id == ticket_id).order_by(Photo.created_at)
    return list((await session.scalars(stmt)).all())


async def list_tickets(
    session: AsyncSession,
    identity: Identity,
    page: PageParams,
    *,
    state: str | None = None,
    kind: str | None = None,
    channel: str | None = None,
    category: str | None = None,
    unit_code: str | None = None,
    due: Due | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    today: date,
    now: datetime,
) -> tuple[list[Ticket], str | None]:
    stmt = scoped(select(Ticket), identity)
    if state:
        stmt = stmt.where(Ticket.state == state)
    if kind:
        stmt = stmt.where(Ticket.kind == kind)
    if channel:
        stmt = stmt.where(Ticket.channel == channel)
    if category:
        stmt = stmt.where(
            (Ticket.category == category) | Ticket.category.startswith(category + ".")
        )
    if unit_code:
        stmt = stmt.where(Ticket.unit_path.contains([unit_code]))
    if created_from:
        stmt = stmt.where(Ticket.created_on >= created_from)
    if created_to:
        stmt = stmt.where(Ticket.created_on <= created_to)
    handling = Ticket.state.in_([s.value for s in HANDLING_STATES])
    if due is Due.overdue:
        stmt = stmt.where(handling, Ticket.due_on < today)
    elif due is Due.soon:
        stmt = stmt.where(handling, Ticket.due_on >= today, Ticket.due_on <= due_soon_limit(today))
    elif due is Due.sign_overdue:
        stmt = stmt.where(Ticket.state == "assigned", Ticket.sign_due_at < now)
    return await paginate(
        session,
        stmt,
        keys=[Ticket.created_at, Ticket.id],
        params=page,
        key_of=lambda t: (t.created_at, t.id),
    )


async def track(session: AsyncSession, number: str, phone: str) -> Ticket:
    """The same answer for a wrong number and a wrong phone, so the lookup cannot be used to
    learn which numbers exist."""
    ticket = await session.scalar(select(Ticket).where(Ticket.number == number))
    if (
        ticket is None
        or not ticket.citizen_phone
        or ticket.citizen_phone.replace("-", "") != phone.replace("-", "")
    ):
        raise NotFound("未找到与该编号和电话相符的工单", code="ticket_not_found")
    return ticket
