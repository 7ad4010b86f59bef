"""Small read-mostly tables (best bets, site names, synonyms) held in memory, so a search
costs no database round trip.

A snapshot is reloaded when it is older than its TTL (changes made through another
replica show within that time) and at once when a transaction of this process that changed
its table commits: writers `mark_changed(session, "best_bets")`, and the app's after-commit
hook calls `invalidate()` — after the commit, never before, or a reader could reload the
old rows in between and keep them for a whole TTL.

The database being away never fails a search: a reload that fails (or takes longer than
`load_timeout`) is logged, the last snapshot is kept and served, and the next attempt waits
`retry_seconds`; only one reload runs at a time, the other queries meanwhile get the last one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from govkit.errors import ServiceUnavailable

T = TypeVar("T")
_CHANGED = "search_changed"

# What a transaction can change that a snapshot (or the indexer) follows.
DOCUMENTS, BEST_BETS, SITES, SYNONYMS = "documents", "best_bets", "sites", "synonyms"
# The database failing or away (rather than a bug in a query): served from what we have.
DB_UNAVAILABLE = (SQLAlchemyError, OSError, TimeoutError, ServiceUnavailable)

log = structlog.get_logger("search.cache")


async def forget_failed_connection(session: AsyncSession) -> None:
    """Drop the request session's connection after a failed read, so the rest of the request
    (and the pool) never reuses a broken one."""
    try:
        await session.invalidate()
    except Exception as exc:  # already gone: nothing left to drop
        log.debug("session_invalidate_failed", error=str(exc))


def mark_changed(session: AsyncSession, what: str) -> None:
    session.info.setdefault(_CHANGED, set()).add(what)


def committed_changes(session: Session) -> set[str]:
    """What the transaction that just committed changed (and forget it)."""
    changed: set[str] = session.info.pop(_CHANGED, set())
    return changed


class Snapshot(Generic[T]):
    def __init__(
        self,
        load: Callable[[AsyncSession], Awaitable[T]],
        empty: T,
        ttl_seconds: float = 5.0,
        *,
        name: str = "",
        load_timeout: float = 3.0,
        retry_seconds: float = 2.0,
    ) -> None:
        self._load = load
        self._value = empty
        self.ttl = ttl_seconds
        self.name = name or getattr(load, "__name__", "snapshot")
        self.load_timeout = load_timeout
        self.retry_seconds = retry_seconds
        self._loaded_at = -1e9
        self._retry_at = -1e9
        self._generation = 0
        self._loading = False
        self._loaded_once = False

    def invalidate(self) -> None:
        self._generation += 1
        self._loaded_at = -1e9
        self._retry_at = -1e9

    async def get(self, session: AsyncSession) -> T:
        now = time.monotonic()
        if now - self._loaded_at < self.ttl or now < self._retry_at:
            return self._value
        if self._loading and self._loaded_once:  # another query is reloading it
            return self._value
        generation = self._generation
        self._loading = True
        try:
            value = await asyncio.wait_for(self._load(session), self.load_timeout)
        except DB_UNAVAILABLE as exc:
            self._retry_at = time.monotonic() + self.retry_seconds
            log.warning(
                "snapshot_reload_failed",
                snapshot=self.name,
                error=f"{type(exc).__name__}: {exc}"[:300],
                loaded_once=self._loaded_once,
            )
            await forget_failed_connection(session)
            return self._value
        finally:
            self._loading = False
        self._value, self._loaded_once = value, True
        if generation == self._generation:  # no change committed while loading
            self._loaded_at = now
        return value
