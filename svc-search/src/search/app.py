from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import Session

from govkit.app import ServiceSpec, create_service_app
from govkit.tasks import cancel_and_wait
from search.analytics.recorder import QueryRecorder
from search.analytics.router import router as analytics_router
from search.bestbets.router import router as bestbets_router
from search.bestbets.service import load_pins
from search.cache import BEST_BETS, DOCUMENTS, SITES, SYNONYMS, Snapshot, committed_changes
from search.documents.columns import column_names
from search.engine.factory import build_engine
from search.events import consumers
from search.indexing.indexer import Indexer
from search.indexing.router import router as indexing_router
from search.indexing.service import resume_interrupted, watch_interrupted
from search.privacy.router import router as privacy_router
from search.query.analyzer import QueryAnalyzer
from search.query.router import router as query_router
from search.settings import Settings
from search.sources.router import router as sources_router
from search.sources.service import site_names
from search.synonyms.router import router as synonyms_router
from search.text.analysis import segmenter


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="svc-search 统一搜索",
            description="全平台中文检索、分面、同义词、服务直达与智能问答，由事件驱动建索引。",
            routers=[
                query_router,
                synonyms_router,
                bestbets_router,
                analytics_router,
                indexing_router,
                sources_router,
                privacy_router,
            ],
            consumers=consumers,
            **overrides,  # type: ignore[arg-type]
        )
    )
    platform = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with platform(app):
            segmenter()  # load jieba and the domain dictionary before the first query
            engine = build_engine(settings, app.state.db)
            await engine.open()
            indexer = Indexer(app.state.db, engine, batch_size=settings.indexer_batch)
            app.state.engine, app.state.indexer = engine, indexer
            app.state.analyzer = analyzer = QueryAnalyzer()
            app.state.pins = pins = Snapshot(load_pins, {})
            app.state.site_names = sites = Snapshot(site_names, {})
            # Read from the documents (no event to follow): a TTL, not an invalidation per batch.
            app.state.column_names = Snapshot(column_names, {}, ttl_seconds=30.0)
            app.state.recorder = recorder = QueryRecorder(
                app.state.db, interval_seconds=settings.query_log_flush_seconds
            )

            def after_commit(session: Session) -> None:
                changed = committed_changes(session)
                if DOCUMENTS in changed:
                    indexer.nudge()
                    pins.invalidate()  # a pinned document may have been withdrawn
                if BEST_BETS in changed:
                    pins.invalidate()
                if SITES in changed:
                    sites.invalidate()
                if SYNONYMS in changed:
                    analyzer.invalidate()

            app.state.db.on_commit(after_commit)
            recorder.start()
            watcher: asyncio.Task[None] | None = None
            if settings.run_event_workers:
                indexer.start()
                # A rebuild whose process died is restarted here (see indexing/service.py).
                await resume_interrupted(app.state.db, app.state.nats, indexer)
                watcher = asyncio.create_task(
                    watch_interrupted(
                        app.state.db, app.state.nats, indexer, settings.rebuild_watch_seconds
                    ),
                    name="search-rebuild-watch",
                )
            try:
                yield
            finally:
                await cancel_and_wait(watcher)
                await indexer.stop()
                await recorder.stop()
                await engine.close()

    app.router.lifespan_context = lifespan
    return app
