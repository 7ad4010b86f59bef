"""Writing items: create an item with its first draft, edit the working edition, open a new
edition of a published item. Everything an editor sends is validated and sanitised here."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.columns.models import Column
from content.columns.service import get_column
from content.disclosure.topics import is_topic_code
from content.items import workflow
from content.items.kinds import validate_fields
from content.items.models import OPEN_STATES, Edition, Item
from content.items.schemas import EditableFields, EditionUpdate, ItemCreate
from content.sites.models import Site
from content.sites.service import get_site
from content.tags.models import Tag
from content.text.bounded import clean_rich_text
from content.text.sanitise import summary
from govkit.auth import Identity
from govkit.contracts import ItemKind, LinkKind
from govkit.errors import Conflict, NotFound, ValidationFailed

# Which kind of item may carry which typed link, and what it must point at.
LINK_RULES: dict[LinkKind, tuple[set[ItemKind], set[ItemKind]]] = {
    LinkKind.interprets: ({ItemKind.interpretation}, {ItemKind.policy_document}),
    LinkKind.answers: ({ItemKind.qa}, {ItemKind.policy_document, ItemKind.interpretation}),
    LinkKind.serves: ({ItemKind.service}, {ItemKind.policy_document}),
    LinkKind.related: (set(ItemKind), set(ItemKind)),
}
# Fields compared for the audit diff of an edit.
TRACKED = (
    "title",
    "summary",
    "body_html",
    "tag_codes",
    "topic",
    "document_number",
    "issuing_body",
    "written_on",
    "validity",
    "valid_from",
    "valid_to",
    "fields",
    "links",
    "placements",
)


async def load_item(session: AsyncSession, item_id: uuid.UUID, *, lock: bool = False) -> Item:
    stmt = select(Item).where(Item.id == item_id)
    item = await session.scalar(stmt.with_for_update() if lock else stmt)
    if item is None:
        raise NotFound("信息不存在", code="item_not_found")
    return item


async def lock_item(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, *roles: str
) -> tuple[Item, Site]:
    """The item locked for a change, after checking the actor holds one of `roles` on its
    site — the preamble of every editorial action."""
    item = await load_item(session, item_id, lock=True)
    site = await site_of(session, item)
    actor.ensure_site(site.code, *roles)
    return item, site


async def site_of(session: AsyncSession, item: Item) -> Site:
    site = await session.get(Site, item.site_id)
    assert site is not None
    return site


async def working_edition(session: AsyncSession, item: Item) -> Edition | None:
    return await session.scalar(
        select(Edition)
        .where(Edition.item_id == item.id, Edition.state.in_(OPEN_STATES))
        .with_for_update()
    )


async def require_working_edition(session: AsyncSession, item: Item) -> Edition:
    edition = await working_edition(session, item)
    if edition is None:
        raise Conflict("该信息没有正在编辑的版本，请先新建版本", code="no_working_edition")
    return edition


def snapshot(edition: Edition) -> dict[str, Any]:
    values = {name: getattr(edition, name) for name in TRACKED}
    values["placements"] = [str(p) for p in values["placements"] or []]
    for name in ("written_on", "valid_from", "valid_to"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


async def _check_tags(session: AsyncSession, codes: list[str]) -> list[str]:
    unique = list(dict.fromkeys(codes))
    known = set(
        (await session.scalars(select(Tag.code).where(Tag.code.in_(unique), Tag.active))).all()
    )
    unknown = [c for c in unique if c not in known]
    if unknown:
        raise ValidationFailed(
            f"标签不存在或已停用：{'、'.join(unknown)}", code="unknown_tag", extra={"tags": unknown}
        )
    return unique


async def _check_links(session: AsyncSession, item: Item, links: list[Any]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for link in links:
        if link.item_id == item.id:
            raise ValidationFailed("信息不能关联自身", code="invalid_link")
        target = await session.get(Item, link.item_id)
        if target is None:
            raise ValidationFailed("关联的信息不存在", code="invalid_link")
        sources, targets = LINK_RULES[link.kind]
        if ItemKind(item.kind) not in sources or ItemKind(target.kind) not in targets:
            raise ValidationFailed(
                "关联类型与信息类别不符（解读须指向政策文件，办事须指向政策文件……）",
                code="invalid_link",
            )
        entry = {"kind": link.kind.value, "item_id": str(link.item_id)}
        if entry not in out:
            out.append(entry)
    return out


async def _check_placements(
    session: AsyncSession, site: Site, item: Item, codes: list[str]
) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    for code in dict.fromkeys(codes):
        column = await get_column(session, site, code)
        if column.id != item.home_column_id:
            ids.append(column.id)
    return ids


async def _cleaned_body(data: EditableFields) -> tuple[str, str] | None:
    """The body sanitised (off the event loop, bounded) before anything is written."""
    return None if data.body_html is None else await clean_rich_text(data.body_html)


async def _apply(
    session: AsyncSession,
    site: Site,
    item: Item,
    edition: Edition,
    data: EditableFields,
    body: tuple[str, str] | None,
) -> None:
    given = data.model_fields_set
    if data.title is not None:
        edition.title = data.title
    if body is not None:
        edition.body_html, edition.body_text = body
    if "summary" in given:
        edition.summary = data.summary or ""
    if not edition.summary and edition.body_text:
        edition.summary = summary(edition.body_text)
    if data.tag_codes is not None:
        edition.tag_codes = await _check_tags(session, data.tag_codes)
    if "topic" in given:
        if data.topic is not None and not is_topic_code(data.topic):
            raise ValidationFailed(f"主题分类 {data.topic} 不存在", code="unknown_topic")
        edition.topic = data.topic
    for name in ("document_number", "issuing_body", "written_on", "valid_from", "valid_to"):
        if name in given:
            setattr(edition, name, getattr(data, name))
    if "validity" in given:
        edition.validity = data.validity.value if data.validity else None
    if edition.valid_from and edition.valid_to and edition.valid_to < edition.valid_from:
        raise ValidationFailed("有效期截止日期不能早于起始日期", code="dates_out_of_order")
    if data.fields is not None:
        edition.fields = validate_fields(ItemKind(item.kind), data.fields)
    if data.links is not None:
        edition.links = await _check_links(session, item, data.links)
    if data.placements is not None:
        edition.placements = await _check_placements(session, site, item, data.placements)


async def create_item(
    session: AsyncSession, actor: Identity, site_code: str, data: ItemCreate
) -> Item:
    body = await _cleaned_body(data)
    site = await get_site(session, site_code)
    actor.ensure_site(site.code, "site_editor")
    column = await get_column(session, site, data.column_code)
    item = Item(
        id=uuid.uuid4(),
        site_id=site.id,
        home_column_id=column.id,
        kind=data.kind.value,
        created_by=actor.subject,
        title=data.title,
    )
    session.add(item)
    await session.flush()
    edition = Edition(
        item_id=item.id,
        number=1,
        state="draft",
        title=data.title,
        created_by=actor.subject,
        updated_by=actor.subject,
        fields={},
        links=[],
        placements=[],
        tag_codes=[],
        findings=[],
    )
    if (
        data.kind
        in (
            ItemKind.service,
            ItemKind.open_data,
            ItemKind.solicitation,
            ItemKind.survey,
            ItemKind.interview,
        )
        and data.fields is None
    ):
        data = data.model_copy(update={"fields": {}})
    await _apply(session, site, item, edition, data, body)
    session.add(edition)
    await session.flush()
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="create",
        to_state="draft",
        edition=1,
        kind=item.kind,
        column=column.code,
    )
    return item


async def update_edition(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, data: EditionUpdate
) -> Edition:
    body = await _cleaned_body(data)
    item, site = await lock_item(session, actor, item_id, "site_editor")
    edition = await require_working_edition(session, item)
    if edition.revision != data.revision:
        raise Conflict(
            f"该版本已被他人修改（当前修订号 {edition.revision}），请刷新后再编辑",
            code="stale_revision",
            extra={"revision": edition.revision},
        )
    before = snapshot(edition)
    workflow.apply(edition, "edit")
    await _apply(session, site, item, edition, data, body)
    edition.revision += 1
    edition.updated_by = actor.subject
    await session.flush()
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="edit",
        from_state=edition.state,
        to_state=edition.state,
        edition=edition.number,
        diff=audit.diff(before, snapshot(edition)),
    )
    return edition


async def new_edition(session: AsyncSession, actor: Identity, item_id: uuid.UUID) -> Edition:
    """Editing a published (or withdrawn) item starts a new draft edition copied from the
    latest one; the live edition keeps showing until the new one is published."""
    item, _ = await lock_item(session, actor, item_id, "site_editor")
    if await working_edition(session, item) is not None:
        raise Conflict("该信息已有正在编辑的版本", code="working_edition_exists")
    latest = await session.scalar(
        select(Edition).where(Edition.item_id == item.id).order_by(Edition.number.desc()).limit(1)
    )
    assert latest is not None
    number = (
        await session.scalar(select(func.max(Edition.number)).where(Edition.item_id == item.id))
        or 0
    ) + 1
    copy = {name: getattr(latest, name) for name in TRACKED}
    edition = Edition(
        item_id=item.id,
        number=number,
        state="draft",
        body_text=latest.body_text,
        created_by=actor.subject,
        updated_by=actor.subject,
        findings=[],
        **copy,
    )
    session.add(edition)
    await session.flush()
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="new_edition",
        to_state="draft",
        edition=number,
        from_edition=latest.number,
    )
    return edition


async def home_column(session: AsyncSession, item: Item) -> Column:
    column = await session.get(Column, item.home_column_id)
    assert column is not None
    return column
