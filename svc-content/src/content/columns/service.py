"""Column trees and aggregation sources."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.columns.models import Column, ColumnSource
from content.columns.schemas import ColumnIn, ColumnNode, ColumnOut, SourceOut, SourcesIn
from content.sites.models import Site
from content.sites.service import get_site
from content.tags.models import Tag
from govkit.auth import Identity
from govkit.errors import Conflict, NotFound, ValidationFailed


async def get_column(session: AsyncSession, site: Site, code: str) -> Column:
    column = await session.scalar(
        select(Column).where(Column.site_id == site.id, Column.code == code)
    )
    if column is None:
        raise NotFound(f"站点 {site.code} 没有栏目 {code}", code="column_not_found")
    return column


async def upsert_column(
    session: AsyncSession, actor: Identity, site_code: str, data: ColumnIn
) -> Column:
    site = await get_site(session, site_code)
    parent = await get_column(session, site, data.parent_code) if data.parent_code else None
    column = await session.scalar(
        select(Column).where(Column.site_id == site.id, Column.code == data.code).with_for_update()
    )
    path = f"{parent.path}/{data.code}" if parent else data.code
    if parent is not None and (parent.path + "/").startswith(
        (column.path + "/") if column else "\0"
    ):
        raise Conflict("不能把栏目移到它自己的下级栏目之下", code="column_cycle")
    if column is None:
        column = Column(site_id=site.id, code=data.code, version=1, path=path)
        session.add(column)
        action = "create"
    else:
        column.version += 1
        action = "update"
    old_path = column.path
    column.name, column.parent_id, column.path = data.name, parent.id if parent else None, path
    column.position, column.update_period_days = data.position, data.update_period_days
    column.description = data.description
    await session.flush()
    if old_path != path:
        # Moving a column moves its subtree: rewrite the descendants' path prefix.
        for child in await session.scalars(
            select(Column).where(Column.site_id == site.id, Column.path.startswith(old_path + "/"))
        ):
            child.path = path + child.path[len(old_path) :]
    audit.record(
        session,
        actor,
        entity="column",
        entity_id=column.id,
        action=action,
        site=site.code,
        code=data.code,
        name=data.name,
    )
    await session.flush()
    await session.refresh(column)
    return column


async def column_tree(session: AsyncSession, site_code: str) -> list[ColumnNode]:
    site = await get_site(session, site_code)
    columns = (
        await session.scalars(
            select(Column).where(Column.site_id == site.id).order_by(Column.position, Column.code)
        )
    ).all()
    nodes = {
        c.id: ColumnNode.model_validate(ColumnOut.model_validate(c).model_dump()) for c in columns
    }
    roots: list[ColumnNode] = []
    for c in columns:
        node = nodes[c.id]
        (nodes[c.parent_id].children if c.parent_id in nodes else roots).append(node)
    return roots


async def set_sources(
    session: AsyncSession, actor: Identity, site_code: str, code: str, data: SourcesIn
) -> list[SourceOut]:
    site = await get_site(session, site_code)
    column = await get_column(session, site, code)
    rows: list[ColumnSource] = []
    for source in data.sources:
        if source.tag_code is not None:
            if await session.scalar(select(Tag.id).where(Tag.code == source.tag_code)) is None:
                raise ValidationFailed(f"标签 {source.tag_code} 不存在", code="unknown_tag")
            rows.append(ColumnSource(column_id=column.id, tag_code=source.tag_code))
        else:
            assert source.site_code and source.column_code
            other = await get_column(
                session, await get_site(session, source.site_code), source.column_code
            )
            if other.id == column.id:
                raise ValidationFailed("栏目不能聚合自身", code="column_self_source")
            rows.append(ColumnSource(column_id=column.id, source_column_id=other.id))
    await session.execute(delete(ColumnSource).where(ColumnSource.column_id == column.id))
    session.add_all(rows)
    audit.record(
        session,
        actor,
        entity="column",
        entity_id=column.id,
        action="set_sources",
        sources=[s.model_dump(exclude_none=True) for s in data.sources],
    )
    await session.flush()
    return await list_sources(session, site_code, code)


async def list_sources(session: AsyncSession, site_code: str, code: str) -> list[SourceOut]:
    site = await get_site(session, site_code)
    column = await get_column(session, site, code)
    source_column = Column.__table__.alias("source_column")
    source_site = Site.__table__.alias("source_site")
    rows = await session.execute(
        select(ColumnSource.tag_code, source_site.c.code, source_column.c.code)
        .select_from(ColumnSource)
        .outerjoin(source_column, source_column.c.id == ColumnSource.source_column_id)
        .outerjoin(source_site, source_site.c.id == source_column.c.site_id)
        .where(ColumnSource.column_id == column.id)
    )
    return [
        SourceOut(tag_code=tag, site_code=site, column_code=col) for tag, site, col in rows.all()
    ]
