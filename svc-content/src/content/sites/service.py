"""Site registry rules. Writes publish `content.site.upserted` in the same transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.events import outbox
from content.sites.models import Site
from content.sites.schemas import SiteIn, SiteUpdate
from govkit.contracts import SiteUpserted
from govkit.errors import NotFound
from govkit.pagination import PageParams, paginate


async def update_site(session: AsyncSession, code: str, data: SiteUpdate) -> Site:
    """Name and identity block (主办单位, 网站标识码, ICP备案号); a field left out is kept."""
    site = await get_site(session, code)
    for field in ("sponsor", "site_identifier", "icp_number"):
        if field in data.model_fields_set:
            setattr(site, field, getattr(data, field))
    return await upsert_site(session, SiteIn(code=code, name=data.name))


async def upsert_site(session: AsyncSession, data: SiteIn) -> Site:
    site = await session.scalar(select(Site).where(Site.code == data.code).with_for_update())
    if site is None:
        site = Site(code=data.code, name=data.name, version=1)
        session.add(site)
    else:
        site.name = data.name
        site.version += 1
    await session.flush()
    await outbox.publish(
        session,
        SiteUpserted(site_id=site.id, code=site.code, name=site.name, payload_version=site.version),
        subject=str(site.id),
    )
    await session.refresh(site)
    return site


async def get_site(session: AsyncSession, code: str) -> Site:
    site = await session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise NotFound(f"站点 {code} 不存在", code="site_not_found")
    return site


async def list_sites(session: AsyncSession, params: PageParams) -> tuple[list[Site], str | None]:
    return await paginate(
        session,
        select(Site),
        keys=[Site.code],
        params=params,
        descending=False,
        key_of=lambda s: [s.code],
    )
