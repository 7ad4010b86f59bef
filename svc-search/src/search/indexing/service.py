"""Operator actions on the index: status, and a rebuild by replaying the streams."""

from __future__ import annotations

import asyncio

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from govkit.errors import Conflict
from govkit.events import NatsConnection
from search.documents.models import SearchDocument
from search.indexing.indexer import Indexer, RebuildState
from search.indexing.replay import replay_streams
from search.indexing.schemas import IndexStatus

log = structlog.get_logger("search.rebuild")
_tasks: set[asyncio.Task[None]] = set()


async def status(session: AsyncSession, indexer: Indexer) -> IndexStatus:
    pending = await session.scalar(select(func.count()).where(SearchDocument.pending))
    state = indexer.rebuild
    return IndexStatus(
        engine=indexer.engine.name,
        documents=await indexer.engine.count(),
        pending=int(pending or 0),
        rebuilding=state.running,
        rebuild_started_at=state.started_at,
        rebuild_finished_at=state.finished_at,
        replayed_events=state.replayed_events,
        rebuilt_documents=state.indexed,
        rebuild_error=state.error,
    )


async def _rebuild(db: Database, nats: NatsConnection, indexer: Indexer) -> None:
    try:
        replayed = await replay_streams(db, nats)
        await indexer.begin_rebuild()
        indexer.rebuild.replayed_events = replayed
    except Exception as exc:  # reported on GET /admin/index
        log.error("rebuild_failed", error=str(exc))
        indexer.rebuild = RebuildState(error=f"{type(exc).__name__}: {exc}"[:500])


def start_rebuild(db: Database, nats: NatsConnection, indexer: Indexer) -> None:
    if indexer.rebuild.running or any(not t.done() for t in _tasks):
        raise Conflict("索引正在重建中", code="rebuild_running")
    indexer.rebuild = RebuildState(running=False)
    task = asyncio.create_task(_rebuild(db, nats, indexer), name="search-rebuild")
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
