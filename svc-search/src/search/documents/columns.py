"""Column code → its name on each site that has it, read from the documents themselves
(content's events carry the column's name), for the column facet's labels."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from search.documents.models import SearchDocument


@dataclass(frozen=True)
class SiteColumn:
    site: str
    site_name: str
    name: str


async def column_names(session: AsyncSession) -> dict[str, list[SiteColumn]]:
    """Kept in a `Snapshot`: one grouped read of the live documents."""
    doc = SearchDocument.doc
    code, name, site_name = doc["column"].astext, doc["column_name"].astext, doc["site_name"].astext
    rows = await session.execute(
        select(code, SearchDocument.site, site_name, name)
        .where(SearchDocument.deleted.is_(False), code != "")
        .group_by(code, SearchDocument.site, site_name, name)
        .order_by(code, SearchDocument.site)
    )
    out: dict[str, list[SiteColumn]] = {}
    for column, site, sname, cname in rows.all():
        out.setdefault(column, []).append(SiteColumn(site, sname or site, cname or column))
    return out


def column_label(uses: list[SiteColumn], site: str | None) -> tuple[str, str | None]:
    """(name, site name) of a column facet value: the name on the chosen site; with no site
    chosen, the site too when only one site has the column (shared codes such as `zcwj` count
    over every site that has them, so they carry no site)."""
    if site:
        uses = [u for u in uses if u.site == site] or uses
    names = list(dict.fromkeys(u.name for u in uses))
    sites = list(dict.fromkeys(u.site for u in uses))
    label = "、".join(names)
    if len(sites) == 1 and not site:
        return label, uses[0].site_name
    return label, None
