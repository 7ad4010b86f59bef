"""Operator actions on the index: status, and a rebuild by replaying the streams.

A rebuild is journalled (`journal.py`): a crash of the process running it leaves a row whose
heartbeat goes stale; `GET /admin/index` reports it as interrupted and `watch_interrupted`
(running in every process with event workers) claims it and runs it again from the start."""

from __future__ import annotations

import asyncio

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from govkit.errors import Conflict
from govkit.events import NatsConnection
from search.documents.models import SearchDocument
from search.indexing import journal
from search.indexing.indexer import Indexer, RebuildState
from search.indexing.replay import replay_streams
from search.indexing.schemas import IndexStatus

log = structlog.get_logger("search.rebuild")
_tasks: set[asyncio.Task[None]] = set()


async def status(session: AsyncSession, indexer: Indexer) -> IndexStatus:
    pending = await session.scalar(select(func.count()).where(SearchDocument.pending))
    out = IndexStatus(
        engine=indexer.engine.name,
        documents=await indexer.engine.count(),
        pending=int(pending or 0),
        rebuilding=False,
        rebuild_started_at=None,
        rebuild_finished_at=None,
        replayed_events=0,
        rebuilt_documents=0,
        rebuild_error=None,
    )
    found = await journal.latest(session)
    if found is None:
        return out
    row, live = found.row, indexer.rebuild
    mine = live.journal_id == row.id
    return out.model_copy(
        update={
            "rebuilding": row.state == "running",
            "rebuild_phase": "interrupted" if found.stale else row.phase,
            "rebuild_started_at": row.started_at,
            "rebuild_finished_at": row.finished_at,
            "replayed_events": row.replayed_events,
            "rebuilt_documents": max(row.indexed, live.indexed if mine else 0),
            "rebuild_error": row.error,
            "rebuild_attempts": row.attempts,
            "rebuild_interrupted_at": row.interrupted_at,
        }
    )


async def _rebuild(db: Database, nats: NatsConnection, indexer: Indexer, rebuild_id: int) -> None:
    try:

        async def progress(replayed: int) -> None:
            await journal.beat(db, rebuild_id, replayed_events=replayed)

        replayed = await replay_streams(db, nats, progress=progress)
        await journal.beat(db, rebuild_id, phase="filling", replayed_events=replayed)
        await indexer.begin_rebuild(rebuild_id)
        indexer.rebuild.replayed_events = replayed
    except Exception as exc:  # reported on GET /admin/index
        error = f"{type(exc).__name__}: {exc}"[:500]
        log.error("rebuild_failed", rebuild_id=rebuild_id, error=error)
        indexer.rebuild = RebuildState(error=error)
        try:
            await journal.finish(db, rebuild_id, error=error)
        except Exception as journal_error:  # left running: the watcher restarts it later
            log.error("rebuild_journal_failed", error=str(journal_error))


def _running_here(indexer: Indexer) -> bool:
    return indexer.rebuild.running or any(not t.done() for t in _tasks)


def _launch(db: Database, nats: NatsConnection, indexer: Indexer, rebuild_id: int) -> None:
    indexer.rebuild = RebuildState(running=False, journal_id=rebuild_id)
    task = asyncio.create_task(_rebuild(db, nats, indexer, rebuild_id), name="search-rebuild")
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def start_rebuild(db: Database, nats: NatsConnection, indexer: Indexer) -> None:
    if _running_here(indexer):
        raise Conflict("索引正在重建中", code="rebuild_running")
    async with db.sessionmaker() as session:
        found = await journal.latest(session)
    if found is not None and found.row.state == "running" and not found.stale:
        raise Conflict("索引正在重建中", code="rebuild_running")  # in another replica
    _launch(db, nats, indexer, await journal.begin(db))


async def watch_interrupted(
    db: Database, nats: NatsConnection, indexer: Indexer, interval: float = 2.0
) -> None:
    """Restart a rebuild whose process died (its journal heartbeat went stale), every
    `interval` seconds after the start-up round (`resume_interrupted`)."""
    while True:
        await asyncio.sleep(interval)
        await resume_interrupted(db, nats, indexer)


async def resume_interrupted(db: Database, nats: NatsConnection, indexer: Indexer) -> None:
    """One round of the watch; at start-up it runs before the service answers, so whether a
    rebuild left behind is resumed does not depend on which request comes first."""
    try:
        if not _running_here(indexer):
            rebuild_id = await journal.claim_interrupted(db)
            if rebuild_id is not None:
                log.warning("rebuild_restarted_after_interruption", rebuild_id=rebuild_id)
                _launch(db, nats, indexer, rebuild_id)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # the database away: try again next round
        log.warning("rebuild_watch_failed", error=str(exc))
