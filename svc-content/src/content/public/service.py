"""Public reads: what the SPA and the county/department sites show. Only live items."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    Select,
    String,
    Uuid,
    any_,
    bindparam,
    func,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.engine import Row
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
    ItemTagOut,
    LinkedItem,
    PublicItem,
    RelatedItem,
)
from content.sites.models import Site
from content.sites.service import get_site
from content.tags.models import Tag
from govkit.contracts import ItemKind
from govkit.errors import NotFound
from govkit.pagination import PageParams, paginate, paginate_numbered
from govkit.web_paths import item_path

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


def summarise(item: Item | Row[Any], site_code: str) -> ItemSummary:
    """An item's summary, from the ORM object or a row with the SUMMARY_COLUMNS."""
    assert item.published_at is not None
    return ItemSummary(
        id=item.id,
        site_code=site_code,
        kind=ItemKind(item.kind),
        title=item.title,
        summary=item.summary,
        url=item_path(site_code, item.id),
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
    page_number: int | None = None,
) -> tuple[list[ItemSummary], str | None, int | None]:
    """A page of the live items, newest first, and the next page's cursor — or, with
    `page_number`, that page and the total (the next cursor is then None)."""
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
    if page_number is not None:
        order = [Item.published_at.desc(), Item.id.desc()]
        numbered, total = await paginate_numbered(
            session, stmt, order_by=order, page=page_number, limit=params.limit
        )
        return await summaries(session, numbered), None, total
    rows, cursor = await paginate(
        session,
        stmt,
        keys=[Item.published_at, Item.id],
        params=params,
        key_of=lambda i: [i.published_at, i.id],
    )
    return await summaries(session, rows), cursor, None


SUMMARY_COLUMNS = (
    Item.id,
    Item.kind,
    Item.title,
    Item.summary,
    Item.published_at,
    Item.issuing_body,
    Item.document_number,
    Item.index_number,
)


def _json_list(*fields: tuple[str, Any], order_by: Any) -> Any:
    """`coalesce(json_agg(json_build_object(...) ORDER BY ...), '[]')`: one nested list in the
    same row, so the item view needs no query per relation."""
    pairs = [part for name, column in fields for part in (literal(name), column)]
    return func.coalesce(
        func.json_agg(aggregate_order_by(func.json_build_object(*pairs), order_by)),
        literal_column("'[]'::json"),
    )


# The item view's two statements are built once, with bound parameters: building and
# compiling them was a third of a view's CPU when they were made per request.
_ITEM_ID = bindparam("item_id", type_=Uuid)
_TAGS = bindparam("tags", type_=ARRAY(String))
_LIMIT = bindparam("limit", type_=Integer)


def _item_statement() -> Select[Any]:
    """The item, its site code, home column and live edition, with its tags and attachments
    as JSON lists: one round trip."""
    tags = (
        select(
            _json_list(
                ("code", Tag.code),
                ("name", Tag.name),
                ("facet", Tag.facet),
                ("audience", Tag.audience),
                order_by=func.array_position(Item.tag_codes, Tag.code),
            )
        )
        .where(Tag.code == any_(Item.tag_codes))
        .correlate(Item)
        .scalar_subquery()
    )
    attachments = (
        select(
            _json_list(
                ("id", Attachment.id),
                ("filename", Attachment.filename),
                ("content_type", Attachment.content_type),
                ("size", Attachment.size),
                order_by=Attachment.created_at,
            )
        )
        .where(Attachment.item_id == Item.id)
        .correlate(Item)
        .scalar_subquery()
    )
    return (
        select(
            *SUMMARY_COLUMNS,
            Item.tag_codes,
            Site.code.label("site_code"),
            Column.code.label("column_code"),
            Column.name.label("column_name"),
            Edition.number.label("edition"),
            Edition.body_html,
            Edition.fields,
            Edition.document_number.label("edition_document_number"),
            Edition.issuing_body.label("edition_issuing_body"),
            Edition.written_on,
            Edition.topic,
            Edition.validity,
            Edition.valid_from,
            Edition.valid_to,
            type_coerce(tags, JSON).label("tags"),
            type_coerce(attachments, JSON).label("attachments"),
        )
        .join(Site, Site.id == Item.site_id)
        .join(Column, Column.id == Item.home_column_id)
        .join(Edition, (Edition.item_id == Item.id) & (Edition.number == Item.live_edition))
        .where(Item.id == _ITEM_ID, Item.live)
    )


def _neighbours_statement() -> Any:
    """Typed links both ways and the related items, each with its site code: one round trip.
    `relation` is 'out'/'in' for links, 'related' for items sharing tags (ranked by how many
    they share, then by recency; none when the item has no tags)."""

    def linked(direction: str, near: Any, far: Any) -> Any:
        return (
            select(
                literal(direction).label("relation"),
                ItemLink.kind.label("link_kind"),
                literal(0).label("shared"),
                *SUMMARY_COLUMNS,
                Site.code.label("site_code"),
            )
            .join(Item, Item.id == far)
            .join(Site, Site.id == Item.site_id)
            .where(near == _ITEM_ID, Item.live)
        )

    own = func.unnest(Item.tag_codes).table_valued("code").render_derived()
    shared = (
        select(func.count())
        .select_from(own)
        .where(own.c.code == any_(_TAGS))
        .correlate(Item)
        .scalar_subquery()
    )
    ranked = (
        select(shared.label("shared"), *SUMMARY_COLUMNS, Site.code.label("site_code"))
        .join(Site, Site.id == Item.site_id)
        .where(Item.live, Item.id != _ITEM_ID, Item.tag_codes.op("&&")(_TAGS))
        .order_by(shared.desc(), Item.published_at.desc())
        .limit(_LIMIT)
        .subquery()
    )
    return union_all(
        linked("out", ItemLink.source_id, ItemLink.target_id),
        linked("in", ItemLink.target_id, ItemLink.source_id),
        select(
            literal("related").label("relation"),
            literal(None, String).label("link_kind"),
            *ranked.c,
        ),
    )


_ITEM = _item_statement()
_NEIGHBOURS = _neighbours_statement()


async def public_item(
    session: AsyncSession, item_id: uuid.UUID, site_code: str | None, *, related_limit: int = 8
) -> PublicItem:
    """The public view of one live item in two queries: the item with everything of its own
    (site, column, live edition, tags, attachments), then its links and related items."""
    conn = await session.connection()
    row = (await conn.execute(_ITEM, {"item_id": item_id})).one_or_none()
    if row is None or (site_code is not None and row.site_code != site_code):
        raise NotFound("信息不存在或已撤回", code="item_not_found")
    out: list[LinkedItem] = []
    into: list[LinkedItem] = []
    ranked: list[RelatedItem] = []
    params = {"item_id": item_id, "tags": row.tag_codes, "limit": related_limit}
    for n in (await conn.execute(_NEIGHBOURS, params)).all():
        if n.relation == "related":
            summary = summarise(n, n.site_code)
            ranked.append(RelatedItem(**summary.model_dump(), shared_tags=n.shared))
        else:
            label = LINK_LABELS[(n.link_kind, n.relation)]
            side = out if n.relation == "out" else into
            side.append(LinkedItem(kind=n.link_kind, label=label, item=summarise(n, n.site_code)))
    # A UNION keeps no order: restore the ranking, and list links by kind then recency.
    ranked.sort(key=lambda r: (-r.shared_tags, -r.published_at.timestamp()))
    for side in (out, into):
        side.sort(key=lambda link: (link.kind, -link.item.published_at.timestamp()))
    disclosure = None
    if row.index_number or row.edition_document_number or row.edition_issuing_body:
        disclosure = DisclosureOut(
            index_number=row.index_number,
            document_number=row.edition_document_number,
            issuing_body=row.edition_issuing_body,
            written_on=row.written_on,
            topic=row.topic,
            topic_name=topic_by_code(row.topic).name
            if row.topic and is_topic_code(row.topic)
            else None,
            validity=row.validity,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
    return PublicItem(
        **summarise(row, row.site_code).model_dump(),
        column_code=row.column_code,
        column_name=row.column_name,
        body_html=row.body_html,
        edition=row.edition,
        tags=[ItemTagOut(**t) for t in row.tags],
        disclosure=disclosure,
        fields=row.fields,
        attachments=[AttachmentOut(**a, url=f"/attachments/{a['id']}") for a in row.attachments],
        links=out + into,
        related=ranked,
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
