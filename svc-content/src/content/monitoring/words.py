"""The editable word lists in the database, turned into one cached Aho-Corasick checker."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.monitoring.models import MonitorWord
from content.monitoring.wordcheck import KIND_LABELS, Finding, WordChecker, checkers


async def current_checker(session: AsyncSession) -> WordChecker:
    """The checker for the lists as they are now; the automaton is rebuilt only when the
    lists change (version = number of rows and the latest edit time)."""
    count, latest = (
        await session.execute(select(func.count(), func.max(MonitorWord.updated_at)))
    ).one()
    version = (count, latest)
    cached = checkers.peek(version)
    if cached is not None:
        return cached
    words = (await session.scalars(select(MonitorWord).where(MonitorWord.active))).all()
    checker = checkers.get(
        version,
        lambda: WordChecker(
            sensitive=[
                (w.word, w.category or "", w.level or 1) for w in words if w.kind == "sensitive"
            ],
            mistyped=[(w.word, w.suggestion or "") for w in words if w.kind == "mistyped"],
            allowed=[w.word for w in words if w.kind == "allowed"],
        ),
    )
    return checker


def as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind.value,
        "label": KIND_LABELS[finding.kind],
        "word": finding.word,
        "suggestion": finding.suggestion,
        "start": finding.start,
        "end": finding.end,
        "context": finding.context,
        "category": finding.category,
        "level": finding.level,
    }


async def word_findings(session: AsyncSession, text: str) -> list[dict[str, Any]]:
    checker = await current_checker(session)
    # A 200,000-character text dense with listed words is tens of thousands of findings:
    # built in a worker thread, not on the event loop every other request waits on.
    findings = await asyncio.to_thread(checker.check, text)
    return [as_dict(f) for f in findings]
