"""Takes `pending` rows of `search_documents` to the engine, in `seq` order.

The engine index is not transactional with Postgres, so the table is the queue: a row stays
pending until the engine has committed it, and it is only marked done if it did not change
meanwhile (same `seq`). A crash anywhere re-indexes, never loses.

Every commit in this process that changes the table nudges the loop awake; the idle poll
(once a second) only catches rows written elsewhere (`make reindex`, a crash's leftovers).
It polled every 50 ms before, a steady few percent of a core for nothing.

A rebuild runs in this same task: a shadow index is filled from the table in chunks while
every pending batch goes to both indexes, so a chunk can never overwrite a newer change;
then the shadow becomes the serving index. Search keeps answering from the old one.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog
from sqlalchemy import text

from govkit.db import Database
from govkit.tasks import cancel_and_wait
from search.engine.base import Engine, SearchDoc
from search.indexing import journal

log = structlog.get_logger("search.indexer")


@dataclass
class RebuildState:
    running: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    replayed_events: int = 0
    indexed: int = 0
    error: str | None = None
    journal_id: int | None = None
    _cursor: str = field(default="", repr=False)
    _shadow: Engine | None = field(default=None, repr=False)


class Indexer:
    def __init__(
        self, db: Database, engine: Engine, *, batch_size: int = 500, idle_seconds: float = 1.0
    ) -> None:
        self.db = db
        self.engine = engine
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.rebuild = RebuildState()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="search-indexer")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    def nudge(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                worked = await self.drain_once()
                if self.rebuild.running:
                    worked += await self._rebuild_step()
                if not worked:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.idle_seconds)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("indexer_failed", error=str(exc))
                await asyncio.sleep(1.0)

    async def drain_once(self) -> int:
        """Index one batch of pending rows; returns how many."""
        async with self.db.sessionmaker() as session:
            rows = (
                await session.execute(
                    text(
                        "SELECT doc_id, seq, deleted, doc FROM search_documents"
                        " WHERE pending ORDER BY seq LIMIT :n"
                    ),
                    {"n": self.batch_size},
                )
            ).all()
        if not rows:
            return 0
        upserts = [SearchDoc.from_json(r.doc) for r in rows if not r.deleted and r.doc]
        deletes = [r.doc_id for r in rows if r.deleted or not r.doc]
        await self.engine.apply(upserts, deletes)
        if self.rebuild._shadow is not None:
            await self.rebuild._shadow.apply(upserts, deletes)
        async with self.db.transaction() as session:
            await session.execute(
                text(
                    "UPDATE search_documents d SET pending = false"
                    " FROM unnest(CAST(:ids AS text[]), CAST(:seqs AS bigint[])) AS v(doc_id, seq)"
                    " WHERE d.doc_id = v.doc_id AND d.seq = v.seq"
                ),
                {"ids": [r.doc_id for r in rows], "seqs": [r.seq for r in rows]},
            )
        return len(rows)

    # -- rebuild -----------------------------------------------------------------------

    async def begin_rebuild(self, journal_id: int | None = None) -> None:
        """Start filling a shadow index from the table (the loop does the work)."""
        if self.rebuild.running:
            return
        shadow = await self.engine.start_rebuild()
        self.rebuild = RebuildState(
            running=True, started_at=datetime.now(UTC), journal_id=journal_id, _shadow=shadow
        )
        self.nudge()

    async def _rebuild_step(self) -> int:
        state = self.rebuild
        assert state._shadow is not None
        async with self.db.sessionmaker() as session:
            rows = (
                await session.execute(
                    text(
                        "SELECT doc_id, doc FROM search_documents WHERE doc_id > :cursor"
                        " AND NOT deleted ORDER BY doc_id LIMIT :n"
                    ),
                    {"cursor": state._cursor, "n": self.batch_size * 4},
                )
            ).all()
        if rows:
            await state._shadow.apply([SearchDoc.from_json(r.doc) for r in rows if r.doc], [])
            state._cursor = rows[-1].doc_id
            state.indexed += len(rows)
            if state.journal_id is not None:
                await journal.beat(self.db, state.journal_id, indexed=state.indexed)
            return len(rows)
        await self.drain_once()
        await self.engine.finish_rebuild(state._shadow)
        state._shadow = None
        state.running = False
        state.finished_at = datetime.now(UTC)
        log.info("index_rebuilt", documents=state.indexed)
        if state.journal_id is not None:
            await journal.finish(
                self.db,
                state.journal_id,
                replayed_events=state.replayed_events,
                indexed=state.indexed,
            )
        return 1

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """For tests and tools: until no row is pending and no rebuild runs."""
        async with asyncio.timeout(timeout):
            while True:
                async with self.db.sessionmaker() as session:
                    pending = (
                        await session.execute(
                            text("SELECT count(*) FROM search_documents WHERE pending")
                        )
                    ).scalar_one()
                if not pending and not self.rebuild.running:
                    return
                await asyncio.sleep(0.02)
