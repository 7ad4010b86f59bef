"""Public reads: what the SPA and the county/department sites show. Only live items."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, String, any_, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from content.columns.models import Column, ColumnSource
from content.columns.service import get_column
from content.disclosure.topics import is_topic_code, topic_by_code
from content.items.models import Attachment, Edition, Item, ItemLink, ItemPlacement
from content.public.schemas import (
    AttachmentOut,
    CatalogueEntry,
    DisclosureOut,
    ItemSummary,
    LinkedItem,
    PublicItem,
    RelatedItem,
    TagOut,
)
from content.sites.models import Site
from content.sites.service import get_site
from content.tags.models import Tag
from govkit.contracts import ItemKind
from govkit.errors import NotFound
from govkit.pagination import PageParams, paginate

LINK_LABELS = {
    ("interprets", "out"): "查看原文",
    ("interprets", "in"): "查看解读",
    ("answers", "out"): "相关文件",
    ("answers", "in"): "政策问答",
    ("serves", "out"): "相关政策",
    ("serves", "in"): "办事服务",
    ("related", "out"): "相关信息",
    ("related", "in"): "相关信息",
}


def summarise(item: Item, site_code: str) -> ItemSummary:
    assert item.published_at is not None
    return ItemSummary(
        id=item.id,
        site_code=site_code,
        kind=ItemKind(item.kind),
        title=item.title,
        summary=item.summary,
        url=f"/sites/{site_code}/items/{item.id}",
        published_at=item.published_at,
        issuing_body=item.issuing_body,
        document_number=item.document_number,
        index_number=item.index_number,
    )


async def site_codes(session: AsyncSession, items: list[Item]) -> dict[uuid.UUID, str]:
    ids = {i.site_id for i in items}
    if not ids:
        return {}
    return dict((await session.execute(select(Site.id, Site.code).where(Site.id.in_(ids)))).all())


async def summaries(session: AsyncSession, items: list[Item]) -> list[ItemSummary]:
    codes = await site_codes(session, items)
    return [summarise(i, codes[i.site_id]) for i in items]


def column_filter(column: Column, subtree_ids: list[uuid.UUID]) -> object:
    """Everything a column shows: its own items (and its subtree's when asked), items placed
    in it, and what it aggregates from other columns or tags — stored once, queried here."""
    source_columns = select(ColumnSource.source_column_id).where(
        ColumnSource.column_id == column.id, ColumnSource.source_column_id.is_not(None)
    )
    source_tags = select(ColumnSource.tag_code).where(
        ColumnSource.column_id == column.id, ColumnSource.tag_code.is_not(None)
    )
    return or_(
        Item.home_column_id.in_(subtree_ids),
        Item.id.in_(select(ItemPlacement.item_id).where(ItemPlacement.column_id == column.id)),
        Item.home_column_id.in_(source_columns),
        Item.tag_codes.op("&&")(func.array(source_tags.scalar_subquery()).cast(ARRAY(String))),
    )


async def list_items(
    session: AsyncSession,
    site_code: str,
    params: PageParams,
    *,
    column_code: str | None = None,
    subtree: bool = False,
    kind: ItemKind | None = None,
    tag: str | None = None,
    year: int | None = None,
    issuing_body: str | None = None,
    topic: str | None = None,
) -> tuple[list[ItemSummary], str | None]:
    site = await get_site(session, site_code)
    stmt: Select[tuple[Item]] = select(Item).where(Item.live)
    if column_code:
        column = await get_column(session, site, column_code)
        ids = [column.id]
        if subtree:
            ids = list(
                (
                    await session.scalars(
                        select(Column.id).where(
                            Column.site_id == site.id,
                            or_(Column.id == column.id, Column.path.startswith(column.path + "/")),
                        )
                    )
                ).all()
            )
        stmt = stmt.where(column_filter(column, ids))
    else:
        stmt = stmt.where(Item.site_id == site.id)
    if kind:
        stmt = stmt.where(Item.kind == kind.value)
    if tag:
        stmt = stmt.where(Item.tag_codes.op("@>")(literal([tag], ARRAY(String))))
    if year:
        stmt = stmt.where(Item.year == year)
    if issuing_body:
        stmt = stmt.where(Item.issuing_body == issuing_body)
    if topic:
        stmt = stmt.where(Item.topic == topic)
    rows, cursor = await paginate(
        session,
        stmt,
        keys=[Item.published_at, Item.id],
        params=params,
        key_of=lambda i: [i.published_at, i.id],
    )
    return await summaries(session, rows), cursor


async def related(session: AsyncSession, item: Item, limit: int = 8) -> list[RelatedItem]:
    """Items sharing tags, ranked by how many they share, then by recency."""
    if not item.tag_codes:
        return []
    tags = literal(item.tag_codes, ARRAY(String))
    own = func.unnest(Item.tag_codes).table_valued("code").render_derived()
    shared = (
        select(func.count())
        .select_from(own)
        .where(own.c.code == any_(tags))
        .correlate(Item)
        .scalar_subquery()
        .label("shared")
    )
    rows = (
        await session.execute(
            select(Item, shared)
            .where(Item.live, Item.id != item.id, Item.tag_codes.op("&&")(tags))
            .order_by(shared.desc(), Item.published_at.desc())
            .limit(limit)
        )
    ).all()
    codes = await site_codes(session, [r[0] for r in rows])
    return [
        RelatedItem(**summarise(i, codes[i.site_id]).model_dump(), shared_tags=n) for i, n in rows
    ]


async def links(session: AsyncSession, item: Item) -> list[LinkedItem]:
    """Typed links both ways: an interpretation shows 查看原文, its document 查看解读."""
    out_rows = (
        await session.execute(
            select(ItemLink.kind, Item)
            .join(Item, Item.id == ItemLink.target_id)
            .where(ItemLink.source_id == item.id, Item.live)
        )
    ).all()
    in_rows = (
        await session.execute(
            select(ItemLink.kind, Item)
            .join(Item, Item.id == ItemLink.source_id)
            .where(ItemLink.target_id == item.id, Item.live)
        )
    ).all()
    codes = await site_codes(session, [r[1] for r in [*out_rows, *in_rows]])
    result = [
        LinkedItem(kind=k, label=LINK_LABELS[(k, "out")], item=summarise(i, codes[i.site_id]))
        for k, i in out_rows
    ]
    result += [
        LinkedItem(kind=k, label=LINK_LABELS[(k, "in")], item=summarise(i, codes[i.site_id]))
        for k, i in in_rows
    ]
    return result


async def public_item(
    session: AsyncSession, item_id: uuid.UUID, site_code: str | None
) -> PublicItem:
    item = await session.get(Item, item_id)
    if item is None or not item.live:
        raise NotFound("信息不存在或已撤回", code="item_not_found")
    site = await session.get(Site, item.site_id)
    assert site is not None
    if site_code is not None and site.code != site_code:
        raise NotFound("信息不存在或已撤回", code="item_not_found")
    edition = await session.scalar(
        select(Edition).where(Edition.item_id == item.id, Edition.number == item.live_edition)
    )
    column = await session.get(Column, item.home_column_id)
    assert edition is not None and column is not None
    tags = (await session.scalars(select(Tag).where(Tag.code.in_(item.tag_codes)))).all()
    attachments = (
        await session.scalars(
            select(Attachment).where(Attachment.item_id == item.id).order_by(Attachment.created_at)
        )
    ).all()
    disclosure = None
    if item.index_number or edition.document_number or edition.issuing_body:
        disclosure = DisclosureOut(
            index_number=item.index_number,
            document_number=edition.document_number,
            issuing_body=edition.issuing_body,
            written_on=edition.written_on,
            topic=edition.topic,
            topic_name=topic_by_code(edition.topic).name
            if edition.topic and is_topic_code(edition.topic)
            else None,
            validity=edition.validity,
            valid_from=edition.valid_from,
            valid_to=edition.valid_to,
        )
    return PublicItem(
        **summarise(item, site.code).model_dump(),
        column_code=column.code,
        column_name=column.name,
        body_html=edition.body_html,
        edition=edition.number,
        tags=[TagOut(code=t.code, name=t.name, facet=t.facet, audience=t.audience) for t in tags],
        disclosure=disclosure,
        fields=edition.fields,
        attachments=[
            AttachmentOut(
                id=a.id,
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                url=f"/attachments/{a.id}",
            )
            for a in attachments
        ],
        links=await links(session, item),
        related=await related(session, item),
    )


async def catalogue(session: AsyncSession, site_code: str, by: str) -> list[CatalogueEntry]:
    """信息公开目录: counts of live disclosure items and policy documents by topic or body."""
    site = await get_site(session, site_code)
    key = Item.topic if by == "topic" else Item.issuing_body
    rows = (
        await session.execute(
            select(key, func.count())
            .where(
                Item.site_id == site.id,
                Item.live,
                key.is_not(None),
                Item.kind.in_([ItemKind.disclosure.value, ItemKind.policy_document.value]),
            )
            .group_by(key)
            .order_by(func.count().desc(), key)
        )
    ).all()
    return [
        CatalogueEntry(
            key=k,
            name=(topic_by_code(k).name if is_topic_code(k) else k) if by == "topic" else k,
            count=n,
        )
        for k, n in rows
    ]


async def last_modified(session: AsyncSession, site_code: str) -> datetime | None:
    site = await get_site(session, site_code)
    return await session.scalar(select(func.max(Item.updated_at)).where(Item.site_id == site.id))
