"""Small read-mostly tables (best bets, site names, synonyms) held in memory, so a search
costs no database round trip.

A snapshot is reloaded when it is older than its TTL (changes made through another
replica show within that time) and at once when a transaction of this process that changed
its table commits: writers `mark_changed(session, "best_bets")`, and the app's after-commit
hook calls `invalidate()` — after the commit, never before, or a reader could reload the
old rows in between and keep them for a whole TTL.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

T = TypeVar("T")
_CHANGED = "search_changed"

# What a transaction can change that a snapshot (or the indexer) follows.
DOCUMENTS, BEST_BETS, SITES, SYNONYMS = "documents", "best_bets", "sites", "synonyms"


def mark_changed(session: AsyncSession, what: str) -> None:
    session.info.setdefault(_CHANGED, set()).add(what)


def committed_changes(session: Session) -> set[str]:
    """What the transaction that just committed changed (and forget it)."""
    changed: set[str] = session.info.pop(_CHANGED, set())
    return changed


class Snapshot(Generic[T]):
    def __init__(
        self, load: Callable[[AsyncSession], Awaitable[T]], empty: T, ttl_seconds: float = 5.0
    ) -> None:
        self._load = load
        self._value = empty
        self.ttl = ttl_seconds
        self._loaded_at = -1e9
        self._generation = 0

    def invalidate(self) -> None:
        self._generation += 1
        self._loaded_at = -1e9

    async def get(self, session: AsyncSession) -> T:
        if time.monotonic() - self._loaded_at < self.ttl:
            return self._value
        generation = self._generation
        started = time.monotonic()
        value = await self._load(session)
        self._value = value
        if generation == self._generation:  # no change committed while loading
            self._loaded_at = started
        return value
