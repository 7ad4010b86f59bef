"""The editor's view of an item: the working edition and the history of editions."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.columns.models import Column
from content.items.editing import load_item, site_of
from content.items.models import OPEN_STATES, Edition, Item
from content.items.schemas import EditionOut, EditorItemOut, QueueEntry
from content.sites.service import get_site
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.pagination import PageParams, paginate

EDITORIAL_ROLES = ("site_editor", "site_reviewer")


async def editor_view(session: AsyncSession, actor: Identity, item_id: uuid.UUID) -> EditorItemOut:
    item = await load_item(session, item_id)
    site = await site_of(session, item)
    actor.ensure_site(site.code, *EDITORIAL_ROLES)
    return await build(session, item, site.code)


async def build(session: AsyncSession, item: Item, site_code: str) -> EditorItemOut:
    editions = (
        await session.scalars(
            select(Edition).where(Edition.item_id == item.id).order_by(Edition.number)
        )
    ).all()
    working = next((e for e in editions if e.state in OPEN_STATES), None)
    column = await session.get(Column, item.home_column_id)
    assert column is not None
    return EditorItemOut(
        id=item.id,
        site_code=site_code,
        column_code=column.code,
        kind=ItemKind(item.kind),
        state=item.state,
        live_edition=item.live_edition,
        index_number=item.index_number,
        working=EditionOut.model_validate(working) if working else None,
        editions=[
            {
                "number": e.number,
                "state": e.state,
                "title": e.title,
                "updated_by": e.updated_by,
                "updated_at": e.updated_at,
                "published_at": e.published_at,
            }
            for e in editions
        ],
    )


async def queue(
    session: AsyncSession, actor: Identity, site_code: str, state: str, params: PageParams
) -> tuple[list[QueueEntry], str | None]:
    """The site's work list: e.g. everything awaiting review (待审核)."""
    site = await get_site(session, site_code)
    actor.ensure_site(site.code, *EDITORIAL_ROLES)
    stmt = (
        select(Edition)
        .join(Item, Item.id == Edition.item_id)
        .where(Item.site_id == site.id, Edition.state == state)
    )
    rows, cursor = await paginate(
        session,
        stmt,
        keys=[Edition.updated_at, Edition.id],
        params=params,
        key_of=lambda e: [e.updated_at, e.id],
    )
    kinds = dict(
        (
            await session.execute(
                select(Item.id, Item.kind).where(Item.id.in_([e.item_id for e in rows]))
            )
        ).all()
    )
    return [
        QueueEntry(
            item_id=e.item_id,
            kind=ItemKind(kinds[e.item_id]),
            title=e.title,
            number=e.number,
            state=e.state,
            updated_by=e.updated_by,
            updated_at=e.updated_at,
        )
        for e in rows
    ], cursor
