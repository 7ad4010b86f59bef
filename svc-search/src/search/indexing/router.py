from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from search.deps import AppIndexer
from search.indexing import service
from search.indexing.schemas import IndexStatus

router = APIRouter(prefix="/admin", tags=["索引运维"])
Admin = Annotated[Identity, Depends(require_roles("platform_admin"))]


@router.get("/index", response_model=IndexStatus, summary="索引状态")
async def index_status(session: DbSession, indexer: AppIndexer, admin: Admin) -> IndexStatus:
    return await service.status(session, indexer)


@router.post(
    "/reindex",
    response_model=IndexStatus,
    status_code=202,
    summary="重放事件流，重建索引（期间照常检索）",
)
async def reindex(
    request: Request, session: DbSession, indexer: AppIndexer, admin: Admin
) -> IndexStatus:
    await service.start_rebuild(request.app.state.db, request.app.state.nats, indexer)
    return await service.status(session, indexer)
