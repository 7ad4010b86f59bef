"""个人信息权利: see everything held (export), and erase the account."""

from __future__ import annotations

import uuid

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from gateway import messages
from gateway.privacy import export, html, service
from gateway.privacy.schemas import DataExport, ErasureIn, ErasureOut
from gateway.users.service import get_user
from govkit.auth import CurrentIdentity, Identity
from govkit.db import DbSession
from govkit.errors import Forbidden

router = APIRouter(tags=["个人信息权利"])
PRIVATE = {"Cache-Control": "no-store"}  # a copy of personal data: never in a shared cache


def _own(identity: Identity) -> uuid.UUID:
    if identity.kind == "partner":
        raise Forbidden(messages.NOT_A_USER, code="not_a_user")
    return uuid.UUID(identity.subject)


async def _export(request: Request, identity: Identity, session: DbSession) -> DataExport:
    user = await get_user(session, _own(identity))
    settings = request.app.state.settings
    services = await export.collect(
        request.app.state.upstream_session,
        request.app.state.upstreams,
        request.headers["authorization"],
        request_id=structlog.contextvars.get_contextvars().get("request_id"),
        retry_after=settings.export_retry_after_seconds,
    )
    return export.assemble(await export.account_of(session, user), services)


@router.get(
    "/auth/me/export",
    response_model=DataExport,
    summary="导出我在平台上的全部个人信息（JSON）",
    responses={503: {"description": "有服务暂时无法提供数据，导出未完成"}},
)
async def export_json(
    request: Request, identity: CurrentIdentity, session: DbSession
) -> JSONResponse:
    data = await _export(request, identity, session)
    return JSONResponse(data.model_dump(mode="json"), headers=PRIVATE)


@router.get(
    "/auth/me/export.html",
    response_class=HTMLResponse,
    summary="导出我在平台上的全部个人信息（网页）",
    responses={503: {"description": "有服务暂时无法提供数据，导出未完成"}},
)
async def export_html(
    request: Request, identity: CurrentIdentity, session: DbSession
) -> HTMLResponse:
    data = await _export(request, identity, session)
    return HTMLResponse(html.render(data), headers=PRIVATE)


@router.post("/auth/me/erasure", response_model=ErasureOut, status_code=202, summary="注销我的账号")
async def erase(
    body: ErasureIn, request: Request, identity: CurrentIdentity, session: DbSession
) -> ErasureOut:
    services = request.app.state.settings.erasure_services
    erasure = await service.erase(session, _own(identity), body.password, services)
    return await service.status(session, erasure.id)


@router.get(
    "/auth/erasures/{erasure_id}",
    response_model=ErasureOut,
    summary="账号注销进度（各服务确认情况）",
)
async def erasure_status(erasure_id: uuid.UUID, session: DbSession) -> ErasureOut:
    # No login (the account is gone): the erasure's random id is what its owner was given.
    return await service.status(session, erasure_id)
