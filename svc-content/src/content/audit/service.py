"""Recording and reading the audit trail. Entries are written in the same transaction as the
change they describe, so a rolled-back change leaves no entry behind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit.models import AuditEntry
from govkit.auth import Identity
from govkit.pagination import PageParams, paginate


def record(
    session: AsyncSession,
    actor: Identity,
    *,
    entity: str,
    entity_id: object,
    action: str,
    from_state: str | None = None,
    to_state: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEntry(
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            actor=actor.subject,
            actor_name=actor.name,
            from_state=from_state,
            to_state=to_state,
            detail={k: v for k, v in detail.items() if v is not None},
        )
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Field-level change set: {field: {"from": old, "to": new}} for fields that changed."""
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }


async def trail(
    session: AsyncSession, entity: str, entity_id: object, params: PageParams
) -> tuple[list[AuditEntry], str | None]:
    stmt = select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id)
    )
    return await paginate(
        session,
        stmt,
        keys=[AuditEntry.id],
        params=params,
        descending=False,
        key_of=lambda e: [e.id],
    )
