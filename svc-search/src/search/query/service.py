"""One search: analyse, ask the engine (when all words find nothing: typos undone, then any
word), put service cards and editors' best bets first, shape hits with highlights, log it.

Synonyms, best bets and site names come from in-memory snapshots and the log is buffered,
so a search with warm snapshots makes no database round trip at all."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from search.analytics.recorder import QueryRecorder
from search.bestbets.service import Pin, pinned_for
from search.cache import Snapshot
from search.documents.columns import SiteColumn, column_label
from search.documents.industries import industry_label
from search.documents.mapping import KIND_LABELS
from search.engine.base import Clause, Engine, EngineQuery, EngineResult, SearchDoc
from search.query.analyzer import QueryAnalyzer
from search.query.schemas import FacetValue, HitOut, PinnedOut, SearchOut, SearchParams, ServiceCard
from search.text.snippet import highlight, snippet

MAX_CARDS = 2


@dataclass
class SearchContext:
    engine: Engine
    analyzer: QueryAnalyzer
    recorder: QueryRecorder
    pins: Snapshot[dict[str, list[Pin]]]
    site_names: Snapshot[dict[str, str]]
    column_names: Snapshot[dict[str, list[SiteColumn]]]


@dataclass
class Outcome:
    result: EngineResult
    clauses: list[Clause]  # what was searched: the corrected words when corrected
    relaxed: bool = False
    corrected: bool = False
    corrected_text: str | None = None  # the corrected query people see, when it has words


async def run(
    engine: Engine, analyzer: QueryAnalyzer, query: EngineQuery, text: str | None = None
) -> Outcome:
    """All words first; if that finds nothing, the query with its typos undone (when `text`
    is given and the analyzer sees a likely typo); then any word."""
    result = await engine.search(query)
    if result.total:
        return Outcome(result, query.clauses)
    correction = analyzer.corrected(text) if text else None
    corrected = correction.clauses if correction else None
    if correction:
        query = replace(query, clauses=correction.clauses, fuzzy=True)
        result = await engine.search(query)
        if result.total:
            return Outcome(
                result, correction.clauses, corrected=True, corrected_text=correction.text
            )
    if len(query.clauses) > 1 and query.match_all:
        relaxed = await engine.search(replace(query, match_all=False))
        return Outcome(relaxed, query.clauses, relaxed=True, corrected=bool(corrected))
    return Outcome(result, query.clauses, corrected=bool(corrected))


def hit_out(doc: SearchDoc, score: float, terms: list[str]) -> HitOut:
    return HitOut(
        id=doc.id,
        kind=doc.kind,
        kind_label=KIND_LABELS.get(doc.kind, doc.kind),
        title=highlight(doc.title, terms),
        snippet=snippet(doc.summary + " " + doc.body if doc.summary else doc.body, terms),
        url=doc.url,
        site=doc.site,
        site_name=doc.site_name,
        column_name=doc.column_name,
        issuing_body=doc.issuing_body,
        published_at=doc.published_at,
        score=round(score, 4),
    )


def pinned_out(doc: SearchDoc) -> PinnedOut:
    return PinnedOut(id=doc.id, title=doc.title, url=doc.url, kind=doc.kind)


async def service_cards(
    ctx: SearchContext, clauses: list[Clause], site: str | None
) -> list[ServiceCard]:
    """搜索即服务: a service item whose title holds every query word is named by the query."""
    filters = {"kind": ["service"], **({"site": [site]} if site else {})}
    result = await ctx.engine.search(
        EngineQuery(clauses, filters=filters, limit=MAX_CARDS, title_only=True, match_all=True)
    )
    cards = []
    for hit in result.hits:
        guide = hit.doc.extra.get("service") or {}
        cards.append(ServiceCard(id=hit.doc.id, title=hit.doc.title, url=hit.doc.url, **guide))
    return cards


async def facet_labels(
    session: AsyncSession,
    ctx: SearchContext,
    facets: dict[str, list[tuple[str, int]]],
    site: str | None,
) -> dict[str, list[FacetValue]]:
    """Names for codes: sites, kinds, columns (with their site when only one site has the
    column) and GB/T 4754 industries; the other facets' values are already names."""
    names = await ctx.site_names.get(session) if facets.get("site") else {}
    columns = await ctx.column_names.get(session) if facets.get("column") else {}
    out: dict[str, list[FacetValue]] = {}
    for facet, buckets in facets.items():
        values = []
        for v, n in buckets:
            label, site_name = v, None
            if facet == "site":
                label = names.get(v, v)
            elif facet == "kind":
                label = KIND_LABELS.get(v, v)
            elif facet == "column" and v in columns:
                label, site_name = column_label(columns[v], site)
            elif facet == "industry":
                label = industry_label(v)
            values.append(FacetValue(value=v, label=label, count=n, site_name=site_name))
        out[facet] = values
    return out


async def search(session: AsyncSession, ctx: SearchContext, params: SearchParams) -> SearchOut:
    started = time.perf_counter()
    await ctx.analyzer.refresh(session)
    clauses = ctx.analyzer.clauses(params.q)
    query = EngineQuery(
        clauses,
        filters=params.filters,
        facets=params.facets,
        sort=params.sort,
        offset=(params.page - 1) * params.size,
        limit=params.size,
    )
    cards, bets = [], []
    if clauses:
        outcome = await run(ctx.engine, ctx.analyzer, query, params.q if params.correct else None)
        if params.page == 1:
            cards = await service_cards(ctx, outcome.clauses, params.site)
            pins = await ctx.pins.get(session)
            bets = [pinned_out(d) for d in pinned_for(pins, params.q, params.site)]
    elif not params.q:  # browsing by filters, no keyword: everything they select, newest first
        outcome = Outcome(await ctx.engine.search(replace(query, sort="date")), [])
    else:  # only characters that make no word
        outcome = Outcome(EngineResult(total=0, hits=[]), [])
    result = outcome.result
    terms = [a for c in outcome.clauses for a in c.alternatives]
    card_ids = {c.id for c in cards}
    out = SearchOut(
        query=params.q,
        total=result.total,
        page=params.page,
        size=params.size,
        sort=params.sort if params.q else "date",
        relaxed=outcome.relaxed,
        corrected=outcome.corrected,
        corrected_query=outcome.corrected_text,
        interpreted=[list(c.alternatives) for c in outcome.clauses],
        best_bets=bets,
        service_cards=cards,
        # A service shown as a card is not listed again right under it; `total` still counts
        # it (it is a result, shown as a card) and later pages are unchanged.
        hits=[hit_out(h.doc, h.score, terms) for h in result.hits if h.doc.id not in card_ids],
        facets=await facet_labels(session, ctx, result.facets, params.site),
    )
    if params.q:  # browsing without a keyword is no query to count
        ctx.recorder.record(
            endpoint="search",
            site=params.site,
            query=params.q,
            total=result.total,
            took_ms=(time.perf_counter() - started) * 1000,
        )
    return out
