"""Request-scoped access to the engine, analyzer and indexer the app holds. `async def`
throughout: FastAPI runs a plain `def` dependency in a worker thread, a thread hop each."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from govkit.auth import CurrentIdentity, Identity
from govkit.errors import Forbidden
from search import messages
from search.analytics.recorder import QueryRecorder
from search.indexing.indexer import Indexer
from search.query.service import SearchContext
from search.settings import Settings


async def search_context(request: Request) -> SearchContext:
    state = request.app.state
    return SearchContext(
        engine=state.engine,
        analyzer=state.analyzer,
        recorder=state.recorder,
        pins=state.pins,
        site_names=state.site_names,
        column_names=state.column_names,
    )


async def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def recorder_of(request: Request) -> QueryRecorder:
    return request.app.state.recorder  # type: ignore[no-any-return]


async def indexer_of(request: Request) -> Indexer:
    return request.app.state.indexer  # type: ignore[no-any-return]


async def editor(identity: CurrentIdentity) -> Identity:
    """A site editor (of any site) or a platform admin."""
    if not identity.is_platform_admin and not identity.has_role("site_editor"):
        raise Forbidden(messages.EDITOR_ROLE_MISSING, code="role_missing")
    return identity


Context = Annotated[SearchContext, Depends(search_context)]
AppSettings = Annotated[Settings, Depends(settings_of)]
Recorder = Annotated[QueryRecorder, Depends(recorder_of)]
AppIndexer = Annotated[Indexer, Depends(indexer_of)]
Editor = Annotated[Identity, Depends(editor)]
