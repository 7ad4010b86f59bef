"""Autocomplete: recent successful queries first, then document titles; latin input is read
as pinyin or initials (gjj → 公积金…). Both come from the database: while it is away the
answer is an empty list (logged), never an error — suggestions are a convenience."""

from __future__ import annotations

import structlog
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from search.analytics.service import hot_prefixed
from search.cache import DB_UNAVAILABLE, forget_failed_connection
from search.documents.models import SearchDocument
from search.query.analyzer import QueryAnalyzer
from search.text.pinyin import looks_like_pinyin

LIMIT = 8
log = structlog.get_logger("search.suggest")


async def suggest(
    session: AsyncSession, analyzer: QueryAnalyzer, prefix: str, site: str | None
) -> list[str]:
    await analyzer.refresh(session)
    prefixes = [prefix]
    if looks_like_pinyin(prefix.replace(" ", "")):
        prefixes = analyzer.lexicon_words(prefix.replace(" ", "")) or prefixes
    try:
        return await _from_database(session, prefixes, site)
    except DB_UNAVAILABLE as exc:
        log.warning("suggest_degraded", error=f"{type(exc).__name__}: {exc}"[:300])
        await forget_failed_connection(session)
        return []


async def _from_database(session: AsyncSession, prefixes: list[str], site: str | None) -> list[str]:
    out: dict[str, None] = {}
    for q in await hot_prefixed(session, prefixes, site or "", LIMIT):
        out.setdefault(q, None)
    conditions = [SearchDocument.title.contains(p, autoescape=True) for p in prefixes]
    stmt = (
        select(SearchDocument.title)
        .where(SearchDocument.deleted.is_(False), or_(*conditions))
        .order_by(SearchDocument.seq.desc())
        .limit(LIMIT * 3)
    )
    if site:
        stmt = stmt.where(SearchDocument.site == site)
    titles = list((await session.scalars(stmt)).all())
    # Titles starting with the prefix first, then shorter ones.
    titles.sort(key=lambda t: (not any(t.startswith(p) for p in prefixes), len(t)))
    for title in titles:
        out.setdefault(title, None)
    return list(out)[:LIMIT]
