"""留言公开: a replied ticket becomes public only as a masked copy that a second person has
reviewed. Publishing emits `tickets.ticket.disclosed` (what search indexes)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.contracts import TicketDisclosed, TicketUndisclosed
from govkit.errors import Conflict, Forbidden, InvalidTransition, NotFound
from govkit.masking import PiiKind, mask, mask_range
from govkit.pagination import PageParams, paginate, paginate_numbered
from tickets import clock
from tickets.categories.catalogue import catalogue
from tickets.db import lock_one
from tickets.disclosure.models import Disclosure, DisclosureState
from tickets.disclosure.schemas import DisclosureEdit
from tickets.events import outbox
from tickets.tickets.actions import lock_ticket
from tickets.tickets.models import State, Ticket
from tickets.units.service import names_of

DISCLOSABLE = (State.replied.value, State.rated.value, State.closed.value)


def may_prepare(identity: Identity) -> bool:
    return identity.is_platform_admin or identity.has_role("dispatcher", "*")


def may_review(identity: Identity) -> bool:
    return identity.is_platform_admin or identity.has_role("unit_supervisor", "*")


async def prepare(session: AsyncSession, identity: Identity, ticket_id: uuid.UUID) -> Disclosure:
    if not may_prepare(identity):
        raise Forbidden("只有派单员可以提出公开", code="role_missing")
    ticket = await lock_ticket(session, ticket_id)
    if ticket.state not in DISCLOSABLE or not ticket.reply:
        raise InvalidTransition("只有已答复的工单才能公开", code="not_replied")
    existing = await session.scalar(select(Disclosure).where(Disclosure.ticket_id == ticket.id))
    if existing is not None:
        raise Conflict("该工单已提出公开", code="already_prepared")
    names = await names_of(session, {ticket.unit_code} if ticket.unit_code else set())
    caller = callers_names(ticket)
    disclosure = Disclosure(
        ticket_id=ticket.id,
        number=ticket.number,
        title=mask(ticket.title, caller),
        content=mask(ticket.content, caller),
        answer=mask(ticket.reply, caller),
        category=catalogue().top_name(ticket.category) if ticket.category else "其他",
        answering_unit=names.get(ticket.unit_code or "", "12345热线"),
        created_on=ticket.created_on,
        replied_on=clock.local_date(ticket.replied_at) if ticket.replied_at else None,
        state=DisclosureState.draft.value,
        prepared_by=identity.subject,
    )
    session.add(disclosure)
    await session.flush()
    return disclosure


def callers_names(ticket: Ticket) -> list[str]:
    """The names the ticket knows are its caller's: masked wherever they stand, even where
    no context says "person" (高峰反映…)."""
    return [ticket.citizen_name] if ticket.citizen_name else []


async def _locked(session: AsyncSession, disclosure_id: uuid.UUID) -> Disclosure:
    missing = NotFound("公开记录不存在", code="disclosure_not_found")
    return await lock_one(session, Disclosure, disclosure_id, missing)


def _check_version(d: Disclosure, expected: int | None) -> None:
    if expected is not None and expected != d.version:
        raise Conflict("公开内容已被他人修改，请刷新后重试", code="stale_version")


async def edit(
    session: AsyncSession, identity: Identity, disclosure_id: uuid.UUID, body: DisclosureEdit
) -> Disclosure:
    if not (may_prepare(identity) or may_review(identity)):
        raise Forbidden("无权修改公开内容", code="role_missing")
    d = await _locked(session, disclosure_id)
    _check_version(d, body.expected_version)
    if d.state != DisclosureState.draft.value:
        raise InvalidTransition("已公开或已撤回的内容不能修改", code="not_draft")
    # Whatever a person types is masked again: a correction must not re-introduce a phone.
    ticket = await session.get(Ticket, d.ticket_id)
    caller = callers_names(ticket) if ticket else []
    if body.title is not None:
        d.title = mask(body.title, caller)
    if body.content is not None:
        d.content = mask(body.content, caller)
    if body.answer is not None:
        d.answer = mask(body.answer, caller)
    # Pieces masked by hand, last first so earlier positions stay where the reviewer saw them.
    for piece in sorted(body.mask, key=lambda m: m.start, reverse=True):
        kind = PiiKind.NAME if piece.kind == "name" else PiiKind.OTHER
        setattr(d, piece.field, mask_range(getattr(d, piece.field), piece.start, piece.end, kind))
    await session.flush()
    return d


async def publish(
    session: AsyncSession,
    identity: Identity,
    disclosure_id: uuid.UUID,
    now: datetime,
    expected_version: int | None = None,
) -> Disclosure:
    if not may_review(identity):
        raise Forbidden("只有督办审核人员可以审核公开", code="role_missing")
    d = await _locked(session, disclosure_id)
    _check_version(d, expected_version)
    if d.prepared_by == identity.subject:
        raise Forbidden("提出公开的人不能审核自己的公开申请", code="self_review")
    if d.state != DisclosureState.draft.value:
        raise InvalidTransition("该公开记录不是待审核状态", code="not_draft")
    d.state, d.published_by, d.published_at = DisclosureState.published.value, identity.subject, now
    ticket = await lock_ticket(session, d.ticket_id)
    ticket.disclosed_at = now
    await session.flush()
    await announce(session, d)
    return d


async def announce(session: AsyncSession, d: Disclosure) -> None:
    """`tickets.ticket.disclosed` with the public copy as it now stands (what search indexes)."""
    await outbox.publish(
        session,
        TicketDisclosed(
            payload_version=d.version,
            ticket_id=d.ticket_id,
            number=d.number,
            title=d.title,
            content=d.content,
            category=d.category,
            answering_unit=d.answering_unit,
            answer=d.answer,
            created_on=d.created_on,
            replied_on=d.replied_on,
        ),
        subject=f"ticket/{d.ticket_id}",
    )


async def withdraw(
    session: AsyncSession, identity: Identity, disclosure_id: uuid.UUID, now: datetime
) -> Disclosure:
    """Take a published ticket down again (e.g. personal data was found after all)."""
    if not may_review(identity):
        raise Forbidden("只有督办审核人员可以撤回公开", code="role_missing")
    d = await _locked(session, disclosure_id)
    if d.state != DisclosureState.published.value:
        raise InvalidTransition("只有已公开的内容可以撤回", code="not_published")
    d.state = DisclosureState.withdrawn.value
    ticket = await lock_ticket(session, d.ticket_id)
    ticket.disclosed_at = None
    await session.flush()
    await outbox.publish(
        session,
        TicketUndisclosed(payload_version=d.version, ticket_id=d.ticket_id, number=d.number),
        subject=f"ticket/{d.ticket_id}",
    )
    return d


async def get(session: AsyncSession, disclosure_id: uuid.UUID) -> Disclosure:
    found = await session.get(Disclosure, disclosure_id)
    if found is None:
        raise NotFound("公开记录不存在", code="disclosure_not_found")
    return found


async def public_one(session: AsyncSession, number: str) -> Disclosure:
    found = await session.scalar(
        select(Disclosure).where(
            Disclosure.number == number, Disclosure.state == DisclosureState.published.value
        )
    )
    if found is None:
        raise NotFound("未找到该公开工单", code="disclosure_not_found")
    return found


async def list_disclosures(
    session: AsyncSession, page: PageParams, *, state: str, category: str | None = None
) -> tuple[list[Disclosure], str | None]:
    stmt = select(Disclosure).where(Disclosure.state == state)
    if category:
        stmt = stmt.where(Disclosure.category == category)
    return await paginate(
        session,
        stmt,
        keys=[Disclosure.updated_at, Disclosure.id],
        params=page,
        key_of=lambda d: (d.updated_at, d.id),
    )


async def public_page(
    session: AsyncSession, page_number: int, limit: int, *, category: str | None = None
) -> tuple[list[Disclosure], int]:
    """Published letters newest first, by page number, with the total (共 N 条)."""
    stmt = select(Disclosure).where(Disclosure.state == DisclosureState.published.value)
    if category:
        stmt = stmt.where(Disclosure.category == category)
    order = [Disclosure.published_at.desc(), Disclosure.id.desc()]
    return await paginate_numbered(session, stmt, order_by=order, page=page_number, limit=limit)
