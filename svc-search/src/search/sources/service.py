"""Keeps the site read model current from content's events."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import SiteUpserted
from govkit.events import CloudEvent
from govkit.pagination import PageParams, paginate
from search.cache import SITES, mark_changed
from search.sources.models import SourceSite


async def on_site_upserted(session: AsyncSession, event: CloudEvent) -> None:
    payload = event.payload()
    assert isinstance(payload, SiteUpserted)
    values = {
        "site_id": payload.site_id,
        "code": payload.code,
        "name": payload.name,
        "version": payload.payload_version,
    }
    stmt = insert(SourceSite).values(**values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[SourceSite.site_id],
            set_={k: v for k, v in values.items() if k != "site_id"},
        )
    )
    mark_changed(session, SITES)


async def site_names(session: AsyncSession) -> dict[str, str]:
    """Site code → name, for the site facet's labels (kept in a `Snapshot`)."""
    rows = await session.execute(select(SourceSite.code, SourceSite.name))
    return {code: name for code, name in rows.all()}


async def list_sites(
    session: AsyncSession, params: PageParams
) -> tuple[list[SourceSite], str | None]:
    return await paginate(
        session,
        select(SourceSite),
        keys=[SourceSite.code],
        params=params,
        descending=False,
        key_of=lambda s: [s.code],
    )
