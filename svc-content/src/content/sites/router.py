from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from content.sites import service
from content.sites.schemas import SiteIn, SiteOut, SiteUpdate
from govkit.auth import CurrentIdentity, Identity, require_roles
from govkit.db import DbSession
from govkit.pagination import Page, Pagination

router = APIRouter(prefix="/sites", tags=["站点"])


@router.get("", response_model=Page[SiteOut], summary="站点列表")
async def list_sites(session: DbSession, page: Pagination) -> Page[SiteOut]:
    sites, next_cursor = await service.list_sites(session, page)
    return Page(
        items=[SiteOut.model_validate(s) for s in sites], next_cursor=next_cursor, limit=page.limit
    )


@router.get("/{code}", response_model=SiteOut, summary="站点详情")
async def get_site(code: str, session: DbSession) -> SiteOut:
    return SiteOut.model_validate(await service.get_site(session, code))


@router.put("", response_model=SiteOut, summary="新建或更新站点（平台管理员）")
async def put_site(
    body: SiteIn,
    session: DbSession,
    _: Annotated[Identity, Depends(require_roles("platform_admin"))],
) -> SiteOut:
    return SiteOut.model_validate(await service.upsert_site(session, body))


@router.patch("/{code}", response_model=SiteOut, summary="修改站点信息（本站采编或平台管理员）")
async def patch_site(
    code: str, body: SiteUpdate, session: DbSession, identity: CurrentIdentity
) -> SiteOut:
    identity.ensure_site(code, "site_editor")
    return SiteOut.model_validate(await service.update_site(session, code, body))
