"""智能问答: the best knowledge-base answer with a confidence, or "不知道" below the
threshold, plus related policies and services.

Confidence is how much of the question the answer's own question covers: the share of the
query's content words (or their synonyms) found in the entry's question, weighted 0.8, and in
its answer, 0.2. BM25 scores are not comparable across queries; coverage is.
"""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession

from search.documents.mapping import KIND_LABELS
from search.engine.base import Clause, EngineQuery, Hit
from search.messages import QA_UNKNOWN
from search.query.schemas import QaOut, QaSource
from search.query.service import SearchContext, pinned_out, run
from search.text.analysis import normalize

ANSWER_KINDS = ["knowledge", "qa"]
POLICY_KINDS = ["policy_document", "interpretation", "measure"]


def coverage(clauses: list[Clause], text: str) -> float:
    if not clauses:
        return 0.0
    text = normalize(text)
    found = sum(1 for c in clauses if any(normalize(a) in text for a in c.alternatives))
    return found / len(clauses)


def confidence(clauses: list[Clause], hit: Hit) -> float:
    answer = str(hit.doc.extra.get("answer") or hit.doc.body)
    return round(0.8 * coverage(clauses, hit.doc.title) + 0.2 * coverage(clauses, answer), 3)


async def answer(session: AsyncSession, ctx: SearchContext, q: str, threshold: float) -> QaOut:
    started = time.perf_counter()
    await ctx.analyzer.refresh(session)
    clauses = ctx.analyzer.clauses(q)
    best: Hit | None = None
    score = 0.0
    policies, services = [], []
    if clauses:

        async def find(kinds: list[str], limit: int) -> list[Hit]:
            query = EngineQuery(clauses, filters={"kind": kinds}, limit=limit)
            return (await run(ctx.engine, ctx.analyzer, query)).result.hits

        ranked = sorted(
            await find(ANSWER_KINDS, 5), key=lambda h: confidence(clauses, h), reverse=True
        )
        if ranked:
            best, score = ranked[0], confidence(clauses, ranked[0])
        policies = [pinned_out(h.doc) for h in await find(POLICY_KINDS, 3)]
        services = [pinned_out(h.doc) for h in await find(["service"], 3)]
    known = best is not None and score >= threshold
    ctx.recorder.record(
        endpoint="qa",
        site=None,
        query=q,
        total=int(known),
        took_ms=(time.perf_counter() - started) * 1000,
    )
    if not known or best is None:
        return QaOut(
            query=q,
            known=False,
            confidence=score,
            threshold=threshold,
            message=QA_UNKNOWN,
            related_policies=policies,
            related_services=services,
        )
    doc = best.doc
    return QaOut(
        query=q,
        known=True,
        confidence=score,
        threshold=threshold,
        question=doc.title,
        answer=str(doc.extra.get("answer") or doc.summary or doc.body[:500]),
        source=QaSource(
            id=doc.id,
            kind=doc.kind,
            kind_label=KIND_LABELS.get(doc.kind, doc.kind),
            title=doc.title,
            url=doc.url,
            site_name=doc.site_name or None,
            valid_to=str(doc.extra["valid_to"]) if doc.extra.get("valid_to") else None,
        ),
        related_policies=policies,
        related_services=services,
    )
