from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from content.tags import service
from content.tags.schemas import Audience, DecisionIn, Facet, TagOut, TagRequestIn, TagRequestOut
from govkit.auth import CurrentIdentity, Identity, require_roles
from govkit.db import DbSession

router = APIRouter(prefix="/tags", tags=["标签库"])
PlatformOffice = Annotated[Identity, Depends(require_roles("platform_admin"))]


@router.get("", response_model=list[TagOut], summary="标签库（按受众、分面筛选）")
async def list_tags(
    session: DbSession,
    audience: Audience | None = None,
    facet: Facet | None = None,
    include_retired: bool = False,
) -> list[TagOut]:
    tags = await service.list_tags(session, audience, facet, include_retired)
    return [TagOut.model_validate(t) for t in tags]


@router.get("/requests", response_model=list[TagRequestOut], summary="标签调整申请")
async def list_requests(
    session: DbSession,
    identity: CurrentIdentity,
    status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = None,
) -> list[TagRequestOut]:
    rows = await service.list_requests(session, identity, status)
    return [TagRequestOut.model_validate(r) for r in rows]


@router.post(
    "/requests", response_model=TagRequestOut, status_code=201, summary="申请新增、修改或停用标签"
)
async def request_change(
    body: TagRequestIn, session: DbSession, identity: CurrentIdentity
) -> TagRequestOut:
    return TagRequestOut.model_validate(await service.request_change(session, identity, body))


@router.post(
    "/requests/{request_id}/approve", response_model=TagRequestOut, summary="批准（平台办）"
)
async def approve(
    request_id: uuid.UUID, body: DecisionIn, session: DbSession, identity: PlatformOffice
) -> TagRequestOut:
    return TagRequestOut.model_validate(
        await service.approve(session, identity, request_id, body.note)
    )


@router.post(
    "/requests/{request_id}/reject", response_model=TagRequestOut, summary="驳回（平台办）"
)
async def reject(
    request_id: uuid.UUID, body: DecisionIn, session: DbSession, identity: PlatformOffice
) -> TagRequestOut:
    return TagRequestOut.model_validate(
        await service.reject(session, identity, request_id, body.note)
    )


@router.get("/{code}", response_model=TagOut, summary="标签详情")
async def get_tag(code: str, session: DbSession) -> TagOut:
    return TagOut.model_validate(await service.get_tag(session, code))


@router.post("/{code}/claim", response_model=TagOut, summary="单位认领标签")
async def claim(code: str, session: DbSession, identity: CurrentIdentity) -> TagOut:
    return TagOut.model_validate(await service.claim(session, identity, code))
