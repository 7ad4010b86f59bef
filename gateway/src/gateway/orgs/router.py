from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from gateway.orgs import service
from gateway.orgs.schemas import OrgIn, OrgOut, OrgUpdate
from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.pagination import Page, Pagination

router = APIRouter(tags=["组织机构"])
Admin = Annotated[Identity, Depends(require_roles("platform_admin"))]


@router.get("/orgs", response_model=list[OrgOut], summary="顶级组织机构")
async def roots(session: DbSession) -> list[OrgOut]:
    return [OrgOut.model_validate(o) for o in await service.roots(session)]


@router.get("/orgs/{code}", response_model=OrgOut, summary="组织机构详情")
async def get_org(code: str, session: DbSession) -> OrgOut:
    return OrgOut.model_validate(await service.get_org(session, code))


@router.get(
    "/orgs/{code}/subtree", response_model=Page[OrgOut], summary="下级机构（含自身，树序分页）"
)
async def subtree(
    code: str,
    session: DbSession,
    page: Pagination,
    max_depth: Annotated[int | None, Query(ge=0, le=10, description="最多向下几级")] = None,
) -> Page[OrgOut]:
    orgs, next_cursor = await service.subtree(session, code, page, max_depth=max_depth)
    return Page(
        items=[OrgOut.model_validate(o) for o in orgs], next_cursor=next_cursor, limit=page.limit
    )


@router.get("/orgs/{code}/ancestors", response_model=list[OrgOut], summary="上级机构链（自顶向下）")
async def ancestors(code: str, session: DbSession) -> list[OrgOut]:
    return [OrgOut.model_validate(o) for o in await service.ancestors(session, code)]


@router.post("/admin/orgs", response_model=OrgOut, status_code=201, summary="新建组织机构")
async def create(body: OrgIn, session: DbSession, admin: Admin) -> OrgOut:
    return OrgOut.model_validate(await service.create_org(session, body, actor=admin.subject))


@router.patch("/admin/orgs/{code}", response_model=OrgOut, summary="修改或移动组织机构")
async def update(code: str, body: OrgUpdate, session: DbSession, admin: Admin) -> OrgOut:
    return OrgOut.model_validate(await service.update_org(session, code, body, actor=admin.subject))


@router.delete("/admin/orgs/{code}", status_code=204, summary="删除组织机构（须无下级、无用户）")
async def remove(code: str, session: DbSession, admin: Admin) -> None:
    await service.remove_org(session, code, actor=admin.subject)
