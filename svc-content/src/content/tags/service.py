"""The governed tag library: reads, claims by departments, and change requests decided by
the platform office. Every applied change publishes `content.tag.upserted`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.events import outbox
from content.tags.models import Tag, TagRequest
from content.tags.schemas import TagFields, TagRequestIn
from govkit.auth import Identity
from govkit.contracts import TagUpserted
from govkit.errors import Conflict, Forbidden, NotFound, ValidationFailed


async def get_tag(session: AsyncSession, code: str, *, lock: bool = False) -> Tag:
    stmt = select(Tag).where(Tag.code == code)
    tag = await session.scalar(stmt.with_for_update() if lock else stmt)
    if tag is None:
        raise NotFound(f"标签 {code} 不存在", code="tag_not_found")
    return tag


async def list_tags(
    session: AsyncSession, audience: str | None, facet: str | None, include_retired: bool
) -> list[Tag]:
    stmt = select(Tag).order_by(Tag.audience, Tag.facet, Tag.code)
    if audience:
        stmt = stmt.where(Tag.audience == audience)
    if facet:
        stmt = stmt.where(Tag.facet == facet)
    if not include_retired:
        stmt = stmt.where(Tag.active)
    return list((await session.scalars(stmt)).all())


async def _publish(session: AsyncSession, tag: Tag) -> None:
    await session.flush()
    parent = await session.get(Tag, tag.parent_id) if tag.parent_id else None
    await outbox.publish(
        session,
        TagUpserted(
            tag_id=tag.id,
            code=tag.code,
            name=tag.name,
            audience=tag.audience,
            facet=tag.facet,
            parent_code=parent.code if parent else None,
            active=tag.active,
            payload_version=tag.version,
        ),
        subject=str(tag.id),
    )


async def claim(session: AsyncSession, actor: Identity, code: str) -> Tag:
    """A department claims (认领) a tag it will maintain."""
    if actor.kind != "staff" or not actor.org:
        raise Forbidden("只有单位工作人员可以认领标签", code="org_required")
    tag = await get_tag(session, code, lock=True)
    if tag.owner_org_code not in (None, actor.org):
        raise Conflict(f"标签已由单位 {tag.owner_org_code} 认领", code="tag_already_claimed")
    tag.owner_org_code = actor.org
    tag.version += 1
    audit.record(session, actor, entity="tag", entity_id=tag.id, action="claim", org=actor.org)
    await _publish(session, tag)
    return tag


async def request_change(session: AsyncSession, actor: Identity, data: TagRequestIn) -> TagRequest:
    if actor.kind != "staff":
        raise Forbidden("只有工作人员可以申请调整标签", code="staff_only")
    tag = await get_tag(session, data.tag_code) if data.tag_code else None
    if data.action == "create":
        await _ensure_unique(session, data.tag, None)
    request = TagRequest(
        action=data.action,
        tag_id=tag.id if tag else None,
        payload=data.tag.model_dump(exclude_none=True),
        reason=data.reason,
        requested_by=actor.subject,
        requester_org=actor.org,
        status="pending",
    )
    session.add(request)
    await session.flush()
    audit.record(
        session,
        actor,
        entity="tag_request",
        entity_id=request.id,
        action="request",
        to_state="pending",
        change=data.action,
        tag=data.tag_code,
    )
    return request


async def _ensure_unique(session: AsyncSession, fields: TagFields, tag: Tag | None) -> None:
    renamed = fields.code and (tag is None or fields.code != tag.code)
    if renamed and await session.scalar(select(Tag.id).where(Tag.code == fields.code)):
        raise Conflict(f"标签代码 {fields.code} 已存在", code="tag_code_taken")
    audience = fields.audience or (tag.audience if tag else None)
    facet = fields.facet or (tag.facet if tag else None)
    name = fields.name or (tag.name if tag else None)
    clash = await session.scalar(
        select(Tag.id).where(Tag.audience == audience, Tag.facet == facet, Tag.name == name)
    )
    if clash and (tag is None or clash != tag.id):
        raise Conflict(f"同一受众和分面下已有名为“{name}”的标签", code="tag_name_taken")


async def _load_request(session: AsyncSession, request_id: uuid.UUID) -> TagRequest:
    request = await session.scalar(
        select(TagRequest).where(TagRequest.id == request_id).with_for_update()
    )
    if request is None:
        raise NotFound("标签申请不存在", code="tag_request_not_found")
    if request.status != "pending":
        raise Conflict("该申请已处理", code="tag_request_decided")
    return request


async def approve(
    session: AsyncSession, actor: Identity, request_id: uuid.UUID, note: str
) -> TagRequest:
    request = await _load_request(session, request_id)
    fields = TagFields.model_validate(request.payload)
    parent = await get_tag(session, fields.parent_code) if fields.parent_code else None
    if request.action == "create":
        await _ensure_unique(session, fields, None)
        tag = Tag(
            code=fields.code,
            name=fields.name,
            audience=fields.audience,
            facet=fields.facet,
            parent_id=parent.id if parent else None,
            description=fields.description or "",
            owner_org_code=request.requester_org,
            active=True,
            version=1,
        )
        session.add(tag)
    else:
        tag = await session.get(Tag, request.tag_id, with_for_update=True)
        if tag is None:
            raise ValidationFailed("申请调整的标签已不存在", code="tag_not_found")
        if request.action == "retire":
            tag.active = False
        else:
            await _ensure_unique(session, fields, tag)
            for name in ("code", "name", "audience", "facet", "description"):
                if getattr(fields, name) is not None:
                    setattr(tag, name, getattr(fields, name))
            if parent is not None:
                tag.parent_id = parent.id
        tag.version += 1
    await session.flush()
    request.status, request.tag_id = "approved", tag.id
    request.decided_by, request.decision_note = actor.subject, note
    request.decided_at = datetime.now(UTC)
    audit.record(
        session,
        actor,
        entity="tag_request",
        entity_id=request.id,
        action="approve",
        from_state="pending",
        to_state="approved",
        note=note or None,
    )
    audit.record(
        session,
        actor,
        entity="tag",
        entity_id=tag.id,
        action=request.action,
        request=str(request.id),
    )
    await _publish(session, tag)
    return request


async def reject(
    session: AsyncSession, actor: Identity, request_id: uuid.UUID, note: str
) -> TagRequest:
    request = await _load_request(session, request_id)
    if not note:
        raise ValidationFailed("驳回申请须说明理由", code="note_required")
    request.status, request.decided_by, request.decision_note = "rejected", actor.subject, note
    request.decided_at = datetime.now(UTC)
    audit.record(
        session,
        actor,
        entity="tag_request",
        entity_id=request.id,
        action="reject",
        from_state="pending",
        to_state="rejected",
        note=note,
    )
    return request


async def list_requests(
    session: AsyncSession, actor: Identity, status: str | None
) -> list[TagRequest]:
    stmt = select(TagRequest).order_by(TagRequest.created_at.desc()).limit(200)
    if status:
        stmt = stmt.where(TagRequest.status == status)
    if not actor.is_platform_admin:
        stmt = stmt.where(TagRequest.requested_by == actor.subject)
    return list((await session.scalars(stmt)).all())
