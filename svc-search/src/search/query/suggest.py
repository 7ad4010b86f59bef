"""Autocomplete: recent successful queries first, then document titles; latin input is read
as pinyin or initials (gjj → 公积金…)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from search.analytics.service import hot_prefixed
from search.documents.models import SearchDocument
from search.query.analyzer import QueryAnalyzer
from search.text.pinyin import looks_like_pinyin

LIMIT = 8


async def suggest(
    session: AsyncSession, analyzer: QueryAnalyzer, prefix: str, site: str | None
) -> list[str]:
    await analyzer.refresh(session)
    prefixes = [prefix]
    if looks_like_pinyin(prefix.replace(" ", "")):
        prefixes = analyzer.lexicon_words(prefix.replace(" ", "")) or prefixes
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
