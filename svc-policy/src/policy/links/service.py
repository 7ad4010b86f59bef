"""Policies follow svc-content: a published 政策文件 becomes (or refreshes) a policy to
structure, its withdrawal or repeal takes the policy's measures out of matching, and
解读/答问/办事 items are kept as links to the document they point at.

Every function here is idempotent, so replaying the CONTENT stream from the start leaves
the same state; stale events never reach it (the consumer drops them by payload_version)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import structlog
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.clock import CHINA  # a publication date is the date in Beijing
from govkit.contracts.content import DisclosureMeta, ItemKind, ItemPublished, LinkKind, Validity
from govkit.validators import normalise_document_number
from policy.links.models import ContentLink
from policy.policies.models import Measure, Policy, PolicyStatus, SourceState
from policy.policies.service import policy_of_document

log = structlog.get_logger("policy.links")
LINKED = (LinkKind.interprets, LinkKind.answers, LinkKind.serves)
FROM_CONTENT = "svc-content"


async def follow_published(session: AsyncSession, item: ItemPublished) -> None:
    if item.kind == ItemKind.policy_document:
        await _follow_document(session, item)
    await _replace_links(session, item)


async def follow_withdrawn(session: AsyncSession, item_id: uuid.UUID) -> None:
    await session.execute(delete(ContentLink).where(ContentLink.item_id == item_id))
    policy = await policy_of_document(session, item_id)
    if policy is not None:
        policy.source_state = SourceState.withdrawn.value
        await session.flush()


async def _follow_document(session: AsyncSession, item: ItemPublished) -> None:
    meta = item.disclosure or DisclosureMeta()
    fields = {
        "title": item.title[:300],
        "document_number": _document_number(meta.document_number, item.item_id),
        "issuing_body": (meta.issuing_body or item.site_name)[:200],
        "valid_from": meta.valid_from,
        "valid_to": meta.valid_to,
        "content_url": item.url,
        "source_state": (
            SourceState.repealed if meta.validity == Validity.repealed else SourceState.published
        ).value,
    }
    policy = await policy_of_document(session, item.item_id)
    if policy is None:
        policy = Policy(
            content_item_id=item.item_id,
            status=PolicyStatus.draft.value,
            published_on=_local_date(item.published_at),
            industries=[],
            districts=[],
            created_by=FROM_CONTENT,
            **fields,
        )
        session.add(policy)
        log.info("policy_to_structure", content_item_id=str(item.item_id))
    else:
        for name, value in fields.items():
            setattr(policy, name, value)
    await session.flush()


def _document_number(value: str | None, item_id: uuid.UUID) -> str | None:
    if not value:
        return None
    try:
        return normalise_document_number(value)
    except ValueError:
        # Content owns the text; a number we cannot read is left for the officer, not fatal.
        log.warning("document_number_unreadable", content_item_id=str(item_id))
        return None


def _local_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date() if moment.tzinfo else moment.date()


async def _replace_links(session: AsyncSession, item: ItemPublished) -> None:
    await session.execute(delete(ContentLink).where(ContentLink.item_id == item.item_id))
    targets = {(ref.kind, ref.item_id) for ref in item.links if ref.kind in LINKED}
    rows = [
        {
            "item_id": item.item_id,
            "kind": kind.value,
            "document_item_id": document,
            "item_kind": item.kind.value,
            "title": item.title,
            "url": item.url,
        }
        for kind, document in sorted(targets)
        if document != item.item_id
    ]
    if rows:
        await session.execute(insert(ContentLink).values(rows).on_conflict_do_nothing())


# -- reads ------------------------------------------------------------------------------


async def links_of_document(
    session: AsyncSession, document_item_id: uuid.UUID
) -> list[ContentLink]:
    return list(
        await session.scalars(
            select(ContentLink)
            .where(ContentLink.document_item_id == document_item_id)
            .order_by(ContentLink.kind, ContentLink.title, ContentLink.item_id)
        )
    )


async def policies_of_item(session: AsyncSession, item_id: uuid.UUID) -> list[tuple[Policy, str]]:
    """The policy whose 原文 the item is, and those whose document it interprets/answers/serves."""
    own = await policy_of_document(session, item_id)
    linked = await session.execute(
        select(Policy, ContentLink.kind)
        .join(ContentLink, ContentLink.document_item_id == Policy.content_item_id)
        .where(ContentLink.item_id == item_id)
        .order_by(Policy.published_on, Policy.id)
    )
    found = [(own, "original")] if own else []
    return found + [(policy, kind) for policy, kind in linked.all()]


async def where_to_apply(
    session: AsyncSession, measure: Measure, policy: Policy
) -> list[ContentLink]:
    """The measure's 办事服务 item if it names one, else every service item of its policy."""
    stmt = select(ContentLink).where(ContentLink.kind == LinkKind.serves.value)
    if measure.apply_item_id is not None:
        stmt = stmt.where(ContentLink.item_id == measure.apply_item_id)
    elif policy.content_item_id is not None:
        stmt = stmt.where(ContentLink.document_item_id == policy.content_item_id)
    else:
        return []
    seen: dict[uuid.UUID, ContentLink] = {}
    for link in await session.scalars(stmt.order_by(ContentLink.title, ContentLink.item_id)):
        seen.setdefault(link.item_id, link)
    return list(seen.values())
