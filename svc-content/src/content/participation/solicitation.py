"""意见征集: comments inside the window, moderated before they show, and the published
采纳情况 once the window has closed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.participation.models import SolicitationComment, SolicitationFeedback
from content.participation.schemas import (
    CommentOut,
    FeedbackIn,
    FeedbackOut,
    SolicitationOut,
)
from content.participation.service import (
    COMMENT_TRANSITIONS,
    ensure_open,
    live_item,
    moderated_item,
    next_state,
    public_name,
    shown,
    window,
    window_status,
)
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.errors import Conflict, NotFound
from govkit.masking import mask
from govkit.pagination import PageParams, paginate

KIND = ItemKind.solicitation


async def post_comment(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    body: str,
    now: datetime | None = None,
) -> SolicitationComment:
    live = await live_item(session, item_id, KIND)
    ensure_open(live.fields, "意见征集", now)
    comment = SolicitationComment(
        item_id=live.item.id,
        author=actor.subject,
        author_name=actor.name,
        body=body,
        state="pending",
    )
    session.add(comment)
    await session.flush()
    await session.refresh(comment)
    return comment


async def comments_for_moderation(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    state: str,
    params: PageParams,
) -> tuple[list[SolicitationComment], str | None]:
    item = await moderated_item(session, actor, item_id, KIND)
    stmt = select(SolicitationComment).where(
        SolicitationComment.item_id == item.id, SolicitationComment.state == state
    )
    return await paginate(
        session,
        stmt,
        keys=[SolicitationComment.created_at, SolicitationComment.id],
        params=params,
        descending=False,
        key_of=lambda c: [c.created_at, c.id],
    )


async def decide(
    session: AsyncSession,
    actor: Identity,
    comment_id: uuid.UUID,
    action: Literal["approve", "reject"],
    note: str | None = None,
) -> SolicitationComment:
    comment = await session.scalar(
        select(SolicitationComment).where(SolicitationComment.id == comment_id).with_for_update()
    )
    if comment is None:
        raise NotFound("意见不存在", code="comment_not_found")
    await moderated_item(session, actor, comment.item_id, KIND)
    before = comment.state
    comment.state = next_state(COMMENT_TRANSITIONS, before, action)
    comment.decided_by, comment.decision_note = actor.subject, note
    comment.decided_at = datetime.now(UTC)
    audit.record(
        session,
        actor,
        entity="comment",
        entity_id=comment.id,
        action=action,
        from_state=before,
        to_state=comment.state,
        item_id=str(comment.item_id),
        note=note,
    )
    return comment


async def public_comments(
    session: AsyncSession, item_id: uuid.UUID, params: PageParams
) -> tuple[list[CommentOut], str | None]:
    live = await live_item(session, item_id, KIND)
    rows, cursor = await paginate(
        session,
        select(SolicitationComment).where(
            SolicitationComment.item_id == live.item.id, SolicitationComment.state == "approved"
        ),
        keys=[SolicitationComment.created_at, SolicitationComment.id],
        params=params,
        descending=False,
        key_of=lambda c: [c.created_at, c.id],
    )
    return [
        CommentOut(
            id=c.id,
            author=public_name(c.author_name),
            # Approved by an editor, yet a citizen's words: no name, phone or address public.
            body=mask(c.body, [c.author_name] if c.author_name else []),
            created_at=c.created_at,
        )
        for c in rows
    ], cursor


async def publish_feedback(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    data: FeedbackIn,
    now: datetime | None = None,
) -> SolicitationFeedback:
    """采纳情况 is published (or corrected) only after the window has closed."""
    now = now or datetime.now(UTC)
    await moderated_item(session, actor, item_id, KIND, "site_editor")
    live = await live_item(session, item_id, KIND)
    _, closes = window(live.fields)
    if now < closes:
        raise Conflict(
            f"征集将于 {shown(closes)} 截止，截止后才能公布采纳情况", code="solicitation_still_open"
        )
    feedback = await session.get(SolicitationFeedback, live.item.id, with_for_update=True)
    action = "publish_feedback" if feedback is None else "update_feedback"
    if feedback is None:
        feedback = SolicitationFeedback(item_id=live.item.id)
        session.add(feedback)
    feedback.received, feedback.adopted, feedback.text = data.received, data.adopted, data.text
    feedback.published_by, feedback.published_at = actor.subject, now
    await session.flush()
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=live.item.id,
        action=action,
        received=data.received,
        adopted=data.adopted,
    )
    return feedback


async def overview(
    session: AsyncSession, item_id: uuid.UUID, now: datetime | None = None
) -> SolicitationOut:
    live = await live_item(session, item_id, KIND)
    opens, closes = window(live.fields)
    approved = await session.scalar(
        select(func.count()).where(
            SolicitationComment.item_id == live.item.id, SolicitationComment.state == "approved"
        )
    )
    feedback = await session.get(SolicitationFeedback, live.item.id)
    return SolicitationOut(
        item_id=live.item.id,
        title=live.item.title,
        opens_at=opens,
        closes_at=closes,
        status=window_status(live.fields, now or datetime.now(UTC)),  # type: ignore[arg-type]
        approved_comments=approved or 0,
        feedback=FeedbackOut.model_validate(feedback) if feedback else None,
    )
