"""千人千网: what a person follows (tags and columns), and their feed in three groups —
猜你想看 (read), 猜你想问 (ask), 猜你想办 (do) — of live items matching what they follow,
across all sites (the tag library is shared, 数据同源). Columns match as they do on the
site: their subtree, placements and aggregation sources (public/service.py column_filter)."""

from __future__ import annotations

import uuid

from sqlalchemy import String, delete, insert, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from content.columns.models import Column
from content.items.models import Item
from content.public.schemas import ItemTagOut
from content.public.service import column_filter, summaries
from content.sites.models import Site
from content.sites.service import get_site
from content.subscriptions.models import ColumnFollow, TagFollow
from content.subscriptions.schemas import (
    ColumnRef,
    FeedGroup,
    FeedKey,
    FeedOut,
    FollowedColumn,
    FollowsIn,
    FollowsOut,
)
from content.tags.models import Tag
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.errors import ValidationFailed

MAX_FOLLOWS = 50
GROUPS: tuple[tuple[FeedKey, str, tuple[ItemKind, ...]], ...] = (
    (
        "read",
        "猜你想看",
        (
            ItemKind.news,
            ItemKind.policy_document,
            ItemKind.interpretation,
            ItemKind.notice,
            ItemKind.disclosure,
            ItemKind.open_data,
        ),
    ),
    ("ask", "猜你想问", (ItemKind.qa, ItemKind.interview, ItemKind.solicitation, ItemKind.survey)),
    ("do", "猜你想办", (ItemKind.service,)),
)


async def _resolve_tags(session: AsyncSession, codes: list[str]) -> list[str]:
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


async def _resolve_columns(session: AsyncSession, refs: list[ColumnRef]) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    for ref in {(r.site_code, r.column_code): r for r in refs}.values():
        column_id = await session.scalar(
            select(Column.id)
            .join(Site, Site.id == Column.site_id)
            .where(Site.code == ref.site_code, Column.code == ref.column_code)
        )
        if column_id is None:
            raise ValidationFailed(
                f"站点 {ref.site_code} 没有栏目 {ref.column_code}",
                code="unknown_column",
                extra={"site_code": ref.site_code, "column_code": ref.column_code},
            )
        ids.append(column_id)
    return ids


async def replace_follows(session: AsyncSession, actor: Identity, data: FollowsIn) -> None:
    tags = await _resolve_tags(session, data.tags)
    columns = await _resolve_columns(session, data.columns)
    if len(tags) + len(columns) > MAX_FOLLOWS:
        raise ValidationFailed(
            f"最多关注 {MAX_FOLLOWS} 个标签和栏目（本次 {len(tags) + len(columns)} 个）",
            code="too_many_follows",
            extra={"limit": MAX_FOLLOWS},
        )
    await session.execute(delete(TagFollow).where(TagFollow.subject == actor.subject))
    await session.execute(delete(ColumnFollow).where(ColumnFollow.subject == actor.subject))
    if tags:
        await session.execute(
            insert(TagFollow), [{"subject": actor.subject, "tag_code": c} for c in tags]
        )
    if columns:
        await session.execute(
            insert(ColumnFollow), [{"subject": actor.subject, "column_id": c} for c in columns]
        )


async def _followed_tags(session: AsyncSession, subject: str) -> list[Tag]:
    return list(
        (
            await session.scalars(
                select(Tag)
                .join(TagFollow, TagFollow.tag_code == Tag.code)
                .where(TagFollow.subject == subject)
                .order_by(TagFollow.created_at, Tag.code)
            )
        ).all()
    )


async def _followed_columns(session: AsyncSession, subject: str) -> list[tuple[Column, str]]:
    rows = await session.execute(
        select(Column, Site.code)
        .join(ColumnFollow, ColumnFollow.column_id == Column.id)
        .join(Site, Site.id == Column.site_id)
        .where(ColumnFollow.subject == subject)
        .order_by(ColumnFollow.created_at, Site.code, Column.path)
    )
    return [(c, s) for c, s in rows]


async def follows(session: AsyncSession, actor: Identity) -> FollowsOut:
    tags = await _followed_tags(session, actor.subject)
    columns = await _followed_columns(session, actor.subject)
    return FollowsOut(
        tags=[
            ItemTagOut(code=t.code, name=t.name, facet=t.facet, audience=t.audience) for t in tags
        ],
        columns=[FollowedColumn(site_code=s, column_code=c.code, name=c.name) for c, s in columns],
        limit=MAX_FOLLOWS,
    )


async def _column_conditions(session: AsyncSession, columns: list[Column]) -> list[object]:
    """column_filter of each followed column, with its subtree (one query for all trees)."""
    if not columns:
        return []
    site_columns = (
        await session.execute(
            select(Column.id, Column.site_id, Column.path).where(
                Column.site_id.in_({c.site_id for c in columns})
            )
        )
    ).all()
    conditions = []
    for column in columns:
        subtree = [
            cid
            for cid, site_id, path in site_columns
            if site_id == column.site_id
            and (path == column.path or path.startswith(column.path + "/"))
        ]
        conditions.append(column_filter(column, subtree))
    return conditions


async def _group(
    session: AsyncSession, kinds: tuple[ItemKind, ...], match: object, limit: int
) -> list[Item]:
    return list(
        (
            await session.scalars(
                select(Item)
                .where(Item.live, Item.kind.in_([k.value for k in kinds]), match)  # type: ignore[arg-type]
                .order_by(Item.published_at.desc(), Item.id.desc())
                .limit(limit)
            )
        ).all()
    )


async def feed(
    session: AsyncSession, actor: Identity, site_code: str | None, limit: int
) -> FeedOut:
    tags = [t.code for t in await _followed_tags(session, actor.subject)]
    columns = [c for c, _ in await _followed_columns(session, actor.subject)]
    conditions = await _column_conditions(session, columns)
    if tags:
        conditions.append(Item.tag_codes.op("&&")(literal(tags, ARRAY(String))))
    if conditions:
        match, personalised, note = or_(*conditions), True, None  # type: ignore[arg-type]
    elif site_code is not None:
        # Nothing followed: the site's newest items (no popularity signal is kept here).
        site = await get_site(session, site_code)
        match, personalised = Item.site_id == site.id, False
        note = f"您还没有关注任何标签或栏目，以下是{site.name}的最新信息"
    else:
        return FeedOut(
            personalised=False,
            note="您还没有关注任何标签或栏目，关注后这里会为您推荐相关信息",
            groups=[FeedGroup(key=key, label=label, items=[]) for key, label, _ in GROUPS],
        )
    groups = []
    for key, label, kinds in GROUPS:
        items = await _group(session, kinds, match, limit)
        groups.append(FeedGroup(key=key, label=label, items=await summaries(session, items)))
    return FeedOut(personalised=personalised, note=note, groups=groups)
