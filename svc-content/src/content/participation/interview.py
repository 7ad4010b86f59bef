"""在线访谈: citizens ask before and during the interview (until the editors close it); the
editors enter each answer with the guest who gave it; the public reads the answered Q&A in
the order it was answered."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.participation.models import InterviewClosure, InterviewQuestion
from content.participation.schemas import InterviewOut, QaOut
from content.participation.service import (
    QUESTION_TRANSITIONS,
    instant,
    live_item,
    moderated_item,
    next_state,
    public_name,
    shown,
)
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.errors import Conflict, NotFound, ValidationFailed
from govkit.pagination import PageParams, paginate

KIND = ItemKind.interview
HOST = "主持人"


async def ask(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, body: str
) -> InterviewQuestion:
    live = await live_item(session, item_id, KIND)
    closure = await session.get(InterviewClosure, live.item.id)
    if closure is not None:
        raise Conflict(
            f"访谈已于 {shown(closure.closed_at)} 结束，不再接受提问", code="interview_closed"
        )
    question = InterviewQuestion(
        item_id=live.item.id,
        asker=actor.subject,
        asker_name=actor.name,
        body=body,
        state="pending",
    )
    session.add(question)
    await session.flush()
    await session.refresh(question)
    return question


def interview_status(starts_at: datetime, closure: InterviewClosure | None, now: datetime) -> str:
    return "closed" if closure is not None else "not_started" if now < starts_at else "open"


async def overview(
    session: AsyncSession, item_id: uuid.UUID, now: datetime | None = None
) -> InterviewOut:
    live = await live_item(session, item_id, KIND)
    starts = instant(live.fields["starts_at"])
    closure = await session.get(InterviewClosure, live.item.id)
    answered = await session.scalar(
        select(func.count()).where(
            InterviewQuestion.item_id == live.item.id, InterviewQuestion.state == "answered"
        )
    )
    return InterviewOut(
        item_id=live.item.id,
        title=live.item.title,
        starts_at=starts,
        guests=list(live.fields.get("guests", [])),
        status=interview_status(starts, closure, now or datetime.now(UTC)),  # type: ignore[arg-type]
        closed_at=closure.closed_at if closure else None,
        answered=answered or 0,
    )


async def close(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, now: datetime | None = None
) -> InterviewClosure:
    await moderated_item(session, actor, item_id, KIND, "site_editor")
    live = await live_item(session, item_id, KIND)
    closure = await session.get(InterviewClosure, live.item.id)
    if closure is not None:
        raise Conflict("访谈已经结束", code="interview_closed")
    closure = InterviewClosure(
        item_id=live.item.id, closed_by=actor.subject, closed_at=now or datetime.now(UTC)
    )
    session.add(closure)
    await session.flush()
    audit.record(session, actor, entity="item", entity_id=live.item.id, action="close_interview")
    return closure


async def questions_for_editors(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    state: str,
    params: PageParams,
) -> tuple[list[InterviewQuestion], str | None]:
    item = await moderated_item(session, actor, item_id, KIND)
    return await paginate(
        session,
        select(InterviewQuestion).where(
            InterviewQuestion.item_id == item.id, InterviewQuestion.state == state
        ),
        keys=[InterviewQuestion.created_at, InterviewQuestion.id],
        params=params,
        descending=False,
        key_of=lambda q: [q.created_at, q.id],
    )


async def decide(
    session: AsyncSession,
    actor: Identity,
    question_id: uuid.UUID,
    action: Literal["answer", "reject"],
    *,
    answer: str | None = None,
    guest: str | None = None,
    note: str | None = None,
) -> InterviewQuestion:
    question = await session.scalar(
        select(InterviewQuestion).where(InterviewQuestion.id == question_id).with_for_update()
    )
    if question is None:
        raise NotFound("提问不存在", code="question_not_found")
    await moderated_item(session, actor, question.item_id, KIND, "site_editor")
    before = question.state
    after = next_state(QUESTION_TRANSITIONS, before, action)
    if action == "answer":
        live = await live_item(session, question.item_id, KIND)
        guests = list(live.fields.get("guests", []))
        if guest is not None and guest not in guests:
            raise ValidationFailed(
                f"“{guest}”不是本次访谈的嘉宾（嘉宾：{'、'.join(guests)}）",
                code="unknown_guest",
                extra={"guests": guests},
            )
        question.answer, question.answered_by_name = answer, guest or HOST
        question.answered_at = datetime.now(UTC)
    question.state, question.decided_by = after, actor.subject
    audit.record(
        session,
        actor,
        entity="question",
        entity_id=question.id,
        action=action,
        from_state=before,
        to_state=question.state,
        item_id=str(question.item_id),
        guest=question.answered_by_name,
        note=note,
    )
    return question


async def public_qa(
    session: AsyncSession, item_id: uuid.UUID, params: PageParams
) -> tuple[list[QaOut], str | None]:
    live = await live_item(session, item_id, KIND)
    rows, cursor = await paginate(
        session,
        select(InterviewQuestion).where(
            InterviewQuestion.item_id == live.item.id, InterviewQuestion.state == "answered"
        ),
        keys=[InterviewQuestion.answered_at, InterviewQuestion.id],
        params=params,
        descending=False,
        key_of=lambda q: [q.answered_at, q.id],
    )
    return [
        QaOut(
            id=q.id,
            asker=public_name(q.asker_name),
            question=q.body,
            answer=q.answer or "",
            answered_by=q.answered_by_name or HOST,
            answered_at=q.answered_at,  # type: ignore[arg-type]
        )
        for q in rows
    ], cursor
