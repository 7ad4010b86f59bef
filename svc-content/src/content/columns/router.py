from __future__ import annotations

from fastapi import APIRouter

from content.columns import service
from content.columns.schemas import ColumnIn, ColumnNode, ColumnOut, SourceOut, SourcesIn
from govkit.auth import CurrentIdentity
from govkit.db import DbSession

router = APIRouter(prefix="/sites/{site_code}/columns", tags=["栏目"])


@router.get("", response_model=list[ColumnNode], summary="站点栏目树（公开）")
async def column_tree(site_code: str, session: DbSession) -> list[ColumnNode]:
    return await service.column_tree(session, site_code)


@router.put("", response_model=ColumnOut, summary="新建或修改栏目（本站采编）")
async def put_column(
    site_code: str, body: ColumnIn, session: DbSession, identity: CurrentIdentity
) -> ColumnOut:
    identity.ensure_site(site_code, "site_editor")
    return ColumnOut.model_validate(await service.upsert_column(session, identity, site_code, body))


@router.get("/{code}/sources", response_model=list[SourceOut], summary="栏目的聚合来源")
async def list_sources(site_code: str, code: str, session: DbSession) -> list[SourceOut]:
    return await service.list_sources(session, site_code, code)


@router.put("/{code}/sources", response_model=list[SourceOut], summary="设置栏目的聚合来源")
async def set_sources(
    site_code: str, code: str, body: SourcesIn, session: DbSession, identity: CurrentIdentity
) -> list[SourceOut]:
    identity.ensure_site(site_code, "site_editor")
    return await service.set_sources(session, identity, site_code, code, body)
