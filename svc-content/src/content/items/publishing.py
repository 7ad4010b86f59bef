"""Publishing and withdrawing: the live projection, typed links, placements, 索引号, the
event in the same transaction, and scheduled publishing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.columns.models import Column
from content.disclosure.index_number import IndexNumberRule
from content.events import outbox
from content.items import workflow
from content.items.editing import load_item, lock_item, require_working_edition, site_of
from content.items.kinds import DISCLOSURE_KINDS
from content.items.models import Edition, IndexCounter, Item, ItemLink, ItemPlacement
from content.participation.models import SurveyQuestion
from content.public.cache import mark_public_changed
from content.sites.models import Site
from content.tags.models import Tag
from govkit import clock
from govkit.auth import Identity
from govkit.contracts import (
    DisclosureMeta,
    ItemKind,
    ItemLinkRef,
    ItemPublished,
    ItemTag,
    ItemWithdrawn,
    ServiceGuide,
)
from govkit.errors import Conflict, InvalidTransition, ValidationFailed
from govkit.web_paths import item_path


def public_url(site: Site, item_id: uuid.UUID) -> str:
    """The item's page in the portal (what search hits and links point at)."""
    return item_path(site.code, item_id)


async def _next_index_number(
    session: AsyncSession, site: Site, year: int, topic: str, month: int
) -> str:
    counter = await session.scalar(
        select(IndexCounter)
        .where(IndexCounter.site_id == site.id, IndexCounter.year == year)
        .with_for_update()
    )
    if counter is None:
        counter = IndexCounter(site_id=site.id, year=year, last=0)
        session.add(counter)
    counter.last += 1
    return IndexNumberRule(site.index_rule).render(
        org_code=site.org_identifier or site.code.upper(),
        year=year,
        topic_code=topic or None,
        month=month,
        seq=counter.last,
    )


async def publish(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    publish_at: datetime | None = None,
    *,
    now: datetime | None = None,
) -> Edition:
    now = now or datetime.now(UTC)
    item, site = await lock_item(session, actor, item_id, "site_editor", "site_reviewer")
    edition = await require_working_edition(session, item)
    if publish_at is not None and publish_at.tzinfo is None:
        raise ValidationFailed("定时发布时间须带时区", code="naive_datetime")
    await ensure_survey_has_questions(session, item)
    if publish_at is not None and publish_at > now:
        before, after = workflow.apply(edition, "schedule")
        edition.publish_at = publish_at
        audit.record(
            session,
            actor,
            entity="item",
            entity_id=item.id,
            action="schedule",
            from_state=before,
            to_state=after,
            edition=edition.number,
            publish_at=publish_at.isoformat(),
        )
        return edition
    await go_live(session, actor, item, site, edition, now)
    return edition


async def ensure_survey_has_questions(session: AsyncSession, item: Item) -> None:
    """A survey goes public only with its questionnaire (409 survey_without_questions)."""
    if item.kind != ItemKind.survey.value:
        return
    first = await session.scalar(
        select(SurveyQuestion.id).where(SurveyQuestion.item_id == item.id).limit(1)
    )
    if first is None:
        raise Conflict(
            "调查尚未设置问题，不能发布；请先设置调查问题", code="survey_without_questions"
        )


async def go_live(
    session: AsyncSession,
    actor: Identity,
    item: Item,
    site: Site,
    edition: Edition,
    now: datetime,
) -> None:
    before, after = workflow.apply(edition, "publish")
    if item.live_edition is not None:
        previous = await session.scalar(
            select(Edition).where(Edition.item_id == item.id, Edition.number == item.live_edition)
        )
        if previous is not None and previous.state == "published":
            workflow.apply(previous, "supersede")
    edition.published_at, edition.published_by = now, actor.subject
    item.state, item.live, item.live_edition = "published", True, edition.number
    item.version += 1
    item.title, item.summary, item.tag_codes = edition.title, edition.summary, edition.tag_codes
    item.topic, item.issuing_body = edition.topic, edition.issuing_body
    item.document_number = edition.document_number
    item.published_at = now
    item.first_published_at = item.first_published_at or now
    published_on = clock.local_date(now)  # the Beijing day, not the UTC timestamp's date
    item.year = (edition.written_on or published_on).year
    if ItemKind(item.kind) in DISCLOSURE_KINDS and item.index_number is None:
        item.index_number = await _next_index_number(
            session, site, item.year, edition.topic or "", published_on.month
        )
    await session.execute(delete(ItemLink).where(ItemLink.source_id == item.id))
    if edition.links:
        await session.execute(
            insert(ItemLink),
            [
                {
                    "source_id": item.id,
                    "target_id": uuid.UUID(link["item_id"]),
                    "kind": link["kind"],
                }
                for link in edition.links
            ],
        )
    await session.execute(delete(ItemPlacement).where(ItemPlacement.item_id == item.id))
    if edition.placements:
        await session.execute(
            insert(ItemPlacement),
            [{"item_id": item.id, "column_id": c} for c in edition.placements],
        )
    mark_public_changed(session)
    await session.flush()
    await outbox.publish(
        session, await published_event(session, item, site, edition), subject=str(item.id)
    )
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="publish",
        from_state=before,
        to_state=after,
        edition=edition.number,
    )


async def published_event(
    session: AsyncSession, item: Item, site: Site, edition: Edition
) -> ItemPublished:
    column = await session.get(Column, item.home_column_id)
    assert column is not None and item.published_at is not None
    tags = (await session.scalars(select(Tag).where(Tag.code.in_(edition.tag_codes)))).all()
    kind = ItemKind(item.kind)
    disclosure = None
    if kind in DISCLOSURE_KINDS or edition.document_number:
        disclosure = DisclosureMeta(
            index_number=item.index_number,
            document_number=edition.document_number,
            issuing_body=edition.issuing_body,
            written_on=edition.written_on,
            topic=edition.topic,
            validity=edition.validity,  # type: ignore[arg-type]
            valid_from=edition.valid_from,
            valid_to=edition.valid_to,
        )
    return ItemPublished(
        item_id=item.id,
        edition=edition.number,
        payload_version=item.version,
        site_code=site.code,
        site_name=site.name,
        column_code=column.code,
        column_name=column.name,
        kind=kind,
        title=edition.title,
        summary=edition.summary,
        text=edition.body_text,
        url=public_url(site, item.id),
        published_at=item.published_at,
        tags=[ItemTag(code=t.code, name=t.name, facet=t.facet, audience=t.audience) for t in tags],
        disclosure=disclosure,
        service=ServiceGuide.model_validate(edition.fields) if kind is ItemKind.service else None,
        links=[ItemLinkRef.model_validate(link) for link in edition.links],
    )


async def withdraw(session: AsyncSession, actor: Identity, item_id: uuid.UUID, reason: str) -> Item:
    item, site = await lock_item(session, actor, item_id, "site_editor", "site_reviewer")
    live = await session.scalar(
        select(Edition).where(Edition.item_id == item.id, Edition.number == item.live_edition)
    )
    if not item.live or live is None:
        raise InvalidTransition("未发布的信息不能撤回", code="not_published")
    before, after = workflow.apply(live, "withdraw")
    item.state, item.live = "withdrawn", False
    item.version += 1
    mark_public_changed(session)
    await session.flush()
    await outbox.publish(
        session,
        ItemWithdrawn(
            item_id=item.id,
            site_code=site.code,
            kind=ItemKind(item.kind),
            payload_version=item.version,
        ),
        subject=str(item.id),
    )
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="withdraw",
        from_state=before,
        to_state=after,
        edition=live.number,
        reason=reason,
    )
    return item


async def unschedule(session: AsyncSession, actor: Identity, item_id: uuid.UUID) -> Edition:
    item, _ = await lock_item(session, actor, item_id, "site_editor", "site_reviewer")
    edition = await require_working_edition(session, item)
    before, after = workflow.apply(edition, "unschedule")
    edition.publish_at = None
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="unschedule",
        from_state=before,
        to_state=after,
        edition=edition.number,
    )
    return edition


SCHEDULER = Identity(subject="system:scheduler", name="定时发布")


async def publish_due(session: AsyncSession, now: datetime | None = None, limit: int = 100) -> int:
    """Publish scheduled editions whose time has come; SKIP LOCKED so replicas share it."""
    now = now or datetime.now(UTC)
    due = (
        await session.scalars(
            select(Edition)
            .where(Edition.state == "scheduled", Edition.publish_at <= now)
            .order_by(Edition.publish_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for edition in due:
        item = await load_item(session, edition.item_id, lock=True)
        await go_live(session, SCHEDULER, item, await site_of(session, item), edition, now)
    return len(due)
