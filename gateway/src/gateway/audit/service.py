from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit.models import AuditEvent
from govkit.pagination import PageParams, paginate


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """Write an audit entry in the caller's transaction: the change and its record commit
    together or not at all."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            target_type=target_type,
            target_id=target_id,
            changes=changes or {},
            request_id=request_id,
        )
    )


async def list_events(
    session: AsyncSession,
    params: PageParams,
    *,
    target_type: str | None = None,
    target_id: str | None = None,
    actor: str | None = None,
) -> tuple[list[AuditEvent], str | None]:
    stmt = select(AuditEvent)
    if target_type:
        stmt = stmt.where(AuditEvent.target_type == target_type)
    if target_id:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    return await paginate(
        session, stmt, keys=[AuditEvent.id], params=params, key_of=lambda e: [e.id]
    )
