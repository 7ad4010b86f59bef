"""知识库: answered, frequent questions curated into Q&A entries. An editor drafts (often
from a ticket), a second person publishes; publishing and retiring are events that search
and intelligent Q&A follow."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.contracts import KnowledgePublished, KnowledgeRetired
from govkit.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from govkit.masking import mask
from govkit.pagination import PageParams, paginate, paginate_numbered
from tickets.categories.catalogue import catalogue
from tickets.db import lock_one
from tickets.events import outbox
from tickets.knowledge.models import EntryState, KnowledgeEntry
from tickets.knowledge.schemas import EntryEdit, EntryIn
from tickets.routing.service import known_category
from tickets.tickets.access import scoped
from tickets.tickets.models import State, Ticket
from tickets.tickets.queries import visible_ticket

ANSWERED = (State.replied.value, State.rated.value, State.closed.value)


def may_edit(identity: Identity) -> bool:
    return (
        identity.is_platform_admin
        or identity.has_role("dispatcher", "*")
        or bool(identity.role_scopes("unit_handler"))
    )


def may_review(identity: Identity) -> bool:
    return identity.is_platform_admin or identity.has_role("unit_supervisor", "*")


def _ensure_editor(identity: Identity) -> None:
    if not may_edit(identity):
        raise Forbidden("无权编辑知识库", code="role_missing")


def _ensure_reviewer(identity: Identity) -> None:
    if not may_review(identity):
        raise Forbidden("只有督办审核人员可以发布或下架知识", code="role_missing")


async def _check_sources(
    session: AsyncSession, identity: Identity, numbers: list[str]
) -> list[str]:
    """Source tickets the editor may see: one outside their scope reads as unknown, so the
    check cannot be used to learn which numbers exist or what state they are in."""
    numbers = list(dict.fromkeys(numbers))
    if not numbers:
        return []
    stmt = select(Ticket.number).where(Ticket.number.in_(numbers), Ticket.state.in_(ANSWERED))
    found = set(await session.scalars(scoped(stmt, identity)))
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationFailed(
            "来源工单不存在或尚未答复：" + "、".join(missing), code="unknown_source_ticket"
        )
    return numbers


async def _callers_of(session: AsyncSession, numbers: list[str]) -> list[str]:
    """The callers' own names of an entry's source tickets: masked wherever they stand."""
    if not numbers:
        return []
    stmt = select(Ticket.citizen_name).where(Ticket.number.in_(numbers))
    return [name for name in await session.scalars(stmt) if name]


async def create(session: AsyncSession, identity: Identity, body: EntryIn) -> KnowledgeEntry:
    _ensure_editor(identity)
    known_category(body.category)
    sources = await _check_sources(session, identity, body.source_tickets)
    callers = await _callers_of(session, sources)
    entry = KnowledgeEntry(
        question=mask(body.question, callers),
        answer=mask(body.answer, callers),
        category=body.category,
        valid_to=body.valid_to,
        source_tickets=sources,
        state=EntryState.draft.value,
        created_by=identity.subject,
    )
    session.add(entry)
    await session.flush()
    return entry


async def from_ticket(
    session: AsyncSession, identity: Identity, ticket_id: uuid.UUID
) -> KnowledgeEntry:
    """A draft from an answered ticket: its (masked) question and the unit's answer."""
    _ensure_editor(identity)
    # The same scope as reading the ticket, and before its state: a ticket out of scope
    # answers 403/404 exactly as GET /tickets/{id} does, whatever state it is in.
    ticket = await visible_ticket(session, identity, ticket_id)
    if ticket.state not in ANSWERED or not ticket.reply:
        raise InvalidTransition("只有已答复的工单可以转为知识", code="not_replied")
    if not ticket.category:
        raise ValidationFailed("工单尚未分类，无法转为知识", code="category_required")
    body = EntryIn(
        question=f"{ticket.title}：{ticket.content}"[:500],
        answer=ticket.reply,
        category=ticket.category,
        source_tickets=[ticket.number],
    )
    return await create(session, identity, body)


async def _locked(session: AsyncSession, entry_id: uuid.UUID) -> KnowledgeEntry:
    missing = NotFound("知识条目不存在", code="entry_not_found")
    return await lock_one(session, KnowledgeEntry, entry_id, missing)


async def edit(
    session: AsyncSession, identity: Identity, entry_id: uuid.UUID, body: EntryEdit
) -> KnowledgeEntry:
    # Who may touch the knowledge base before anything about the entry is read.
    if not (may_edit(identity) or may_review(identity)):
        raise Forbidden("无权编辑知识库", code="role_missing")
    entry = await _locked(session, entry_id)
    if entry.state == EntryState.retired.value:
        raise InvalidTransition("已下架的知识不能修改", code="entry_retired")
    # A published entry is corrected by a reviewer, and the correction is public at once.
    if entry.state == EntryState.published.value:
        _ensure_reviewer(identity)
    else:
        _ensure_editor(identity)
    if body.expected_version is not None and body.expected_version != entry.version:
        raise Conflict("知识条目已被他人修改，请刷新后重试", code="stale_version")
    if body.category is not None:
        known_category(body.category)
        entry.category = body.category
    callers = await _callers_of(session, list(entry.source_tickets or []))
    if body.question is not None:
        entry.question = mask(body.question, callers)
    if body.answer is not None:
        entry.answer = mask(body.answer, callers)
    if "valid_to" in body.model_fields_set:
        entry.valid_to = body.valid_to
    await _flushed(session, entry)
    if entry.state == EntryState.published.value:
        await _published(session, entry)
    return entry


async def publish(
    session: AsyncSession, identity: Identity, entry_id: uuid.UUID, now: datetime
) -> KnowledgeEntry:
    _ensure_reviewer(identity)
    entry = await _locked(session, entry_id)
    if entry.state != EntryState.draft.value:
        raise InvalidTransition("只有草稿可以发布", code="not_draft")
    if entry.created_by == identity.subject:
        raise Forbidden("编写人不能发布自己编写的知识", code="self_review")
    entry.state, entry.reviewed_by, entry.published_at = (
        EntryState.published.value,
        identity.subject,
        now,
    )
    await _flushed(session, entry)
    await _published(session, entry)
    return entry


async def retire(session: AsyncSession, identity: Identity, entry_id: uuid.UUID) -> KnowledgeEntry:
    _ensure_reviewer(identity)
    entry = await _locked(session, entry_id)
    if entry.state != EntryState.published.value:
        raise InvalidTransition("只有已发布的知识可以下架", code="not_published")
    entry.state = EntryState.retired.value
    await _flushed(session, entry)
    await outbox.publish(
        session,
        KnowledgeRetired(payload_version=entry.version, entry_id=entry.id),
        subject=f"knowledge/{entry.id}",
    )
    return entry


def category_name(code: str) -> str:
    category = catalogue().get(code)
    return category.full_name if category else code


def published_payload(entry: KnowledgeEntry) -> KnowledgePublished:
    return KnowledgePublished(
        payload_version=entry.version,
        entry_id=entry.id,
        question=entry.question,
        answer=entry.answer,
        category=catalogue().top_name(entry.category),
        valid_to=entry.valid_to,
        source_ticket_numbers=list(entry.source_tickets),
        updated_at=entry.updated_at,
    )


async def _flushed(session: AsyncSession, entry: KnowledgeEntry) -> None:
    # updated_at is set by the database on update: read it back rather than lazy-load later.
    await session.flush()
    await session.refresh(entry, ["updated_at"])


async def _published(session: AsyncSession, entry: KnowledgeEntry) -> None:
    await outbox.publish(session, published_payload(entry), subject=f"knowledge/{entry.id}")


async def get(session: AsyncSession, entry_id: uuid.UUID) -> KnowledgeEntry:
    entry = await session.get(KnowledgeEntry, entry_id)
    if entry is None:
        raise NotFound("知识条目不存在", code="entry_not_found")
    return entry


def _entries(
    *, state: str, category: str | None, q: str | None, valid_on: date | None
) -> Select[tuple[KnowledgeEntry]]:
    stmt = select(KnowledgeEntry).where(KnowledgeEntry.state == state)
    if category:
        stmt = stmt.where(
            or_(
                KnowledgeEntry.category == category,
                KnowledgeEntry.category.startswith(category + "."),
            )
        )
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        stmt = stmt.where(
            or_(KnowledgeEntry.question.ilike(pattern), KnowledgeEntry.answer.ilike(pattern))
        )
    if valid_on:
        stmt = stmt.where(
            or_(KnowledgeEntry.valid_to.is_(None), KnowledgeEntry.valid_to >= valid_on)
        )
    return stmt


async def list_entries(
    session: AsyncSession,
    page: PageParams,
    *,
    state: str,
    category: str | None = None,
    q: str | None = None,
    valid_on: date | None = None,
) -> tuple[list[KnowledgeEntry], str | None]:
    stmt = _entries(state=state, category=category, q=q, valid_on=valid_on)
    return await paginate(
        session,
        stmt,
        keys=[KnowledgeEntry.updated_at, KnowledgeEntry.id],
        params=page,
        key_of=lambda e: (e.updated_at, e.id),
    )


async def public_page(
    session: AsyncSession,
    page_number: int,
    limit: int,
    *,
    today: date,
    category: str | None = None,
    q: str | None = None,
) -> tuple[list[KnowledgeEntry], int]:
    """Published, valid entries newest first, by page number, with the total (共 N 条)."""
    stmt = _entries(state=EntryState.published.value, category=category, q=q, valid_on=today)
    order = [KnowledgeEntry.published_at.desc(), KnowledgeEntry.id.desc()]
    return await paginate_numbered(session, stmt, order_by=order, page=page_number, limit=limit)


async def public_entry(session: AsyncSession, entry_id: uuid.UUID, today: date) -> KnowledgeEntry:
    """One entry as the public may read it: published and still valid, else not found."""
    entry = await session.get(KnowledgeEntry, entry_id)
    if (
        entry is None
        or entry.state != EntryState.published.value
        or (entry.valid_to is not None and entry.valid_to < today)
    ):
        raise NotFound("知识条目不存在或已下架", code="entry_not_found")
    return entry
