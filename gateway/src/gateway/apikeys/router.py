from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.apikeys import service
from gateway.apikeys.schemas import ApiKeyCreated, ApiKeyIn, ApiKeyOut
from gateway.edge.headers import NO_STORE
from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.pagination import Page, Pagination

router = APIRouter(prefix="/admin/api-keys", tags=["接口密钥"])
Admin = Annotated[Identity, Depends(require_roles("platform_admin"))]


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=201,
    summary="为合作方创建接口密钥（仅显示一次）",
    dependencies=[NO_STORE],  # the key itself is in the answer
)
async def create(body: ApiKeyIn, session: DbSession, admin: Admin) -> ApiKeyCreated:
    key, raw = await service.create_key(session, body, actor=admin.subject)
    return ApiKeyCreated(**ApiKeyOut.model_validate(key).model_dump(), key=raw)


@router.get("", response_model=Page[ApiKeyOut], summary="接口密钥列表")
async def list_keys(
    session: DbSession,
    page: Pagination,
    _: Admin,
    org: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[ApiKeyOut]:
    keys, next_cursor = await service.list_keys(session, page, org_code=org)
    return Page(
        items=[ApiKeyOut.model_validate(k) for k in keys], next_cursor=next_cursor, limit=page.limit
    )


@router.delete("/{key_id}", response_model=ApiKeyOut, summary="吊销接口密钥")
async def revoke(
    key_id: uuid.UUID, request: Request, session: DbSession, admin: Admin
) -> ApiKeyOut:
    key = await service.revoke_key(session, key_id, actor=admin.subject)
    request.app.state.api_keys.forget(key.prefix)
    return ApiKeyOut.model_validate(key)
