from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from gateway.users import service
from gateway.users.models import UserKind
from gateway.users.schemas import (
    CitizenRegistration,
    EnterpriseRegistration,
    OwnUpdate,
    PasswordChange,
    UserIn,
    UserOut,
    UserUpdate,
)
from govkit.auth import CurrentIdentity, Identity, require_roles
from govkit.db import DbSession
from govkit.errors import Forbidden
from govkit.pagination import Page, Pagination

router = APIRouter(tags=["用户"])
Admin = Annotated[Identity, Depends(require_roles("platform_admin"))]


@router.post("/auth/register/citizen", response_model=UserOut, status_code=201, summary="群众注册")
async def register_citizen(body: CitizenRegistration, session: DbSession) -> UserOut:
    return await service.to_out(session, await service.register(session, body))


@router.post(
    "/auth/register/enterprise", response_model=UserOut, status_code=201, summary="企业注册"
)
async def register_enterprise(body: EnterpriseRegistration, session: DbSession) -> UserOut:
    return await service.to_out(session, await service.register(session, body))


@router.get("/auth/me", response_model=UserOut, summary="当前用户")
async def me(identity: CurrentIdentity, session: DbSession) -> UserOut:
    if identity.kind == "partner":
        raise Forbidden("接口密钥身份没有用户资料", code="not_a_user")
    return await service.to_out(session, await service.get_user(session, identity.subject))


@router.patch("/auth/me", response_model=UserOut, summary="更正我的账号信息")
async def correct_me(body: OwnUpdate, identity: CurrentIdentity, session: DbSession) -> UserOut:
    if identity.kind == "partner":
        raise Forbidden("接口密钥身份没有用户资料", code="not_a_user")
    user = await service.correct_own(session, uuid.UUID(identity.subject), body)
    return await service.to_out(session, user)


@router.post("/auth/password", status_code=204, summary="修改密码")
async def change_password(
    body: PasswordChange, identity: CurrentIdentity, session: DbSession
) -> None:
    if identity.kind == "partner":
        raise Forbidden("接口密钥身份没有密码", code="not_a_user")
    await service.change_password(session, uuid.UUID(identity.subject), body)


@router.get("/admin/users", response_model=Page[UserOut], summary="用户列表")
async def list_users(
    session: DbSession,
    page: Pagination,
    _: Admin,
    org: Annotated[str | None, Query(max_length=32, description="组织机构（含下级）")] = None,
    kind: UserKind | None = None,
) -> Page[UserOut]:
    users, next_cursor = await service.list_users(
        session, page, org_code=org, kind=kind.value if kind else None
    )
    return Page(
        items=[await service.to_out(session, u) for u in users],
        next_cursor=next_cursor,
        limit=page.limit,
    )


@router.post("/admin/users", response_model=UserOut, status_code=201, summary="新建用户")
async def create_user(body: UserIn, session: DbSession, admin: Admin) -> UserOut:
    return await service.to_out(
        session, await service.create_user(session, body, actor=admin.subject)
    )


@router.get("/admin/users/{user_id}", response_model=UserOut, summary="用户详情")
async def get_user(user_id: uuid.UUID, session: DbSession, _: Admin) -> UserOut:
    return await service.to_out(session, await service.get_user(session, user_id))


@router.patch("/admin/users/{user_id}", response_model=UserOut, summary="修改用户、角色或启停")
async def update_user(
    user_id: uuid.UUID, body: UserUpdate, session: DbSession, admin: Admin
) -> UserOut:
    user = await service.update_user(session, user_id, body, actor=admin.subject)
    return await service.to_out(session, user)
