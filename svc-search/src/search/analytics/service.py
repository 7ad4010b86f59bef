"""The query log and the per-site daily counts behind hot words and zero-result words,
written in batches by `recorder.QueryRecorder`. Only the query text is kept, with anything
that looks personal (phone and ID numbers, e-mail addresses, names) masked; never a user, an IP
address or a token."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import clock
from govkit.masking import mask as mask_personal_data
from search.analytics.models import QueryDaily

_PERSONAL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\d[\d\s-]{4,}\d[xX]?")
MAX_CHARS = 100


def mask(query: str) -> str:
    """Digit runs of 6+ (phones, ID and card numbers) and e-mails become ＊; then the
    platform's masker takes names (hot words and suggestions are public)."""
    numbers_gone = _PERSONAL.sub(
        lambda m: (
            "＊" if sum(c.isdigit() for c in m.group(0)) >= 6 or "@" in m.group(0) else m.group(0)
        ),
        query,
    )
    return mask_personal_data(numbers_gone)[:MAX_CHARS]


async def top_queries(
    session: AsyncSession,
    *,
    site: str,
    since: date,
    until: date,
    zero_only: bool,
    limit: int,
) -> list[tuple[str, int]]:
    counted = func.sum(QueryDaily.zero_results if zero_only else QueryDaily.searches)
    stmt = (
        select(QueryDaily.query, counted.label("n"))
        .where(QueryDaily.site == site, QueryDaily.day >= since, QueryDaily.day <= until)
        .group_by(QueryDaily.query)
        .having(counted > 0)
        .order_by(counted.desc(), QueryDaily.query)
        .limit(limit)
    )
    return [(r.query, int(r.n)) for r in (await session.execute(stmt)).all()]


async def hot_prefixed(
    session: AsyncSession, prefixes: list[str], site: str, limit: int
) -> list[str]:
    """Recent (30 days) queries that found something, starting with one of `prefixes`."""
    if not prefixes:
        return []
    counted = func.sum(QueryDaily.searches - QueryDaily.zero_results)
    conditions = [QueryDaily.query.startswith(p, autoescape=True) for p in prefixes]
    stmt = (
        select(QueryDaily.query)
        .where(
            QueryDaily.site == site,
            QueryDaily.day >= clock.today() - timedelta(days=30),
            or_(*conditions),
        )
        .group_by(QueryDaily.query)
        .having(counted > 0)
        .order_by(counted.desc())
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())
