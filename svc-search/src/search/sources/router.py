from __future__ import annotations

from fastapi import APIRouter

from govkit.db import DbSession
from govkit.pagination import Page, Pagination
from search.sources import service
from search.sources.schemas import SourceSiteOut

router = APIRouter(prefix="/sites", tags=["检索来源"])


@router.get("", response_model=Page[SourceSiteOut], summary="已收录的站点")
async def list_sites(session: DbSession, page: Pagination) -> Page[SourceSiteOut]:
    sites, next_cursor = await service.list_sites(session, page)
    return Page(
        items=[SourceSiteOut.model_validate(s) for s in sites],
        next_cursor=next_cursor,
        limit=page.limit,
    )
