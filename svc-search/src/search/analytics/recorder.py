"""The query log, buffered: a search appends to memory and returns; a background task writes
what gathered once a second in one transaction — the log rows in one batch and one upsert
per distinct (day, site, query) with the summed counts.

Writing per search made every search a write transaction (a commit, a WAL flush) and sent
all searches for a popular word to the same `query_daily` row, whose lock serialised them.
The cost of buffering: up to one interval of log is lost if the process is killed (a normal
stop flushes), and other replicas' searches reach the counts within that interval.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

import structlog
from sqlalchemy import insert as plain_insert
from sqlalchemy.dialects.postgresql import insert

from govkit import clock
from govkit.db import Database
from govkit.tasks import cancel_and_wait
from search.analytics.models import QueryDaily, QueryLog
from search.analytics.service import mask

log = structlog.get_logger("search.analytics")
DAILY_CHUNK = 1_000  # rows per upsert statement (5 parameters each, under the 32,767 limit)


@dataclass(frozen=True)
class Logged:
    at: datetime
    day: date
    site: str
    query: str
    endpoint: str
    total: int
    took_ms: float


class QueryRecorder:
    def __init__(
        self, db: Database, *, interval_seconds: float = 1.0, max_buffered: int = 100_000
    ) -> None:
        self.db = db
        self.interval = interval_seconds
        self.max_buffered = max_buffered
        self.dropped = 0
        self._buffer: list[Logged] = []
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    def record(
        self, *, endpoint: str, site: str | None, query: str, total: int, took_ms: float
    ) -> None:
        """Masked and buffered; never touches the database."""
        if len(self._buffer) >= self.max_buffered:  # the database has been away for a while
            self.dropped += 1
            return
        at = datetime.now(UTC)
        self._buffer.append(
            Logged(
                at=at,
                day=clock.local_date(at),  # the counts are per Beijing day
                site=site or "",
                query=mask(query),
                endpoint=endpoint,
                total=total,
                took_ms=round(took_ms, 3),
            )
        )

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    async def flush(self) -> int:
        """Write everything buffered so far; returns how many searches were written."""
        async with self._lock:
            entries, self._buffer = self._buffer, []
            if not entries:
                return 0
            try:
                await self._write(entries)
            except Exception:
                self._buffer[:0] = entries[: self.max_buffered - len(self._buffer)]
                raise
            return len(entries)

    async def _write(self, entries: list[Logged]) -> None:
        searches: Counter[tuple[date, str, str]] = Counter()
        zero: Counter[tuple[date, str, str]] = Counter()
        for e in entries:
            key = (e.day, e.site, e.query)
            searches[key] += 1
            zero[key] += int(e.total == 0)
        daily = [
            {"day": d, "site": s, "query": q, "searches": n, "zero_results": zero[(d, s, q)]}
            for (d, s, q), n in sorted(searches.items())  # one lock order for every replica
        ]
        async with self.db.transaction() as session:
            await session.execute(
                plain_insert(QueryLog),
                [
                    {
                        "at": e.at,
                        "site": e.site,
                        "query": e.query,
                        "endpoint": e.endpoint,
                        "total": e.total,
                        "took_ms": e.took_ms,
                    }
                    for e in entries
                ],
            )
            for i in range(0, len(daily), DAILY_CHUNK):
                stmt = insert(QueryDaily).values(daily[i : i + DAILY_CHUNK])
                await session.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[QueryDaily.day, QueryDaily.site, QueryDaily.query],
                        set_={
                            "searches": QueryDaily.searches + stmt.excluded.searches,
                            "zero_results": QueryDaily.zero_results + stmt.excluded.zero_results,
                        },
                    )
                )

    # -- background --------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="search-query-log")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None
        with contextlib.suppress(Exception):
            await self.flush()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("query_log_flush_failed", error=str(exc), buffered=self.buffered)
