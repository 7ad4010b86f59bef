from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from gateway.audit import service
from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.pagination import Page, Pagination

router = APIRouter(prefix="/admin/audit", tags=["审计"])


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    target_type: str
    target_id: str
    changes: dict[str, Any]
    request_id: str | None


@router.get("", response_model=Page[AuditEventOut], summary="审计日志")
async def list_events(
    session: DbSession,
    page: Pagination,
    _: Annotated[Identity, Depends(require_roles("platform_admin"))],
    target_type: Annotated[str | None, Query(max_length=32)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[AuditEventOut]:
    events, next_cursor = await service.list_events(
        session, page, target_type=target_type, target_id=target_id, actor=actor
    )
    return Page(
        items=[AuditEventOut.model_validate(e) for e in events],
        next_cursor=next_cursor,
        limit=page.limit,
    )
