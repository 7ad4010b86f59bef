"""Operator endpoints for a service's event bus: outbox backlog, dead letters, replay."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.errors import NotFound
from govkit.events.consumer import Consumer
from govkit.events.tables import dead_letters, outbox

router = APIRouter(prefix="/admin/events", tags=["事件总线运维"])
PlatformAdmin = Annotated[Identity, Depends(require_roles("platform_admin"))]


class DeadLetterOut(BaseModel):
    id: int
    consumer: str
    event_id: str | None
    subject: str
    type: str | None
    error: str
    attempts: int
    created_at: datetime
    replayed_at: datetime | None


class BusStatus(BaseModel):
    outbox_unsent: int
    outbox_parked: int  # refused by JetStream too often; see outbox.last_error
    dead_letters_open: int
    consumers: list[str]


class ReplayResult(BaseModel):
    id: int
    outcome: str


def _consumers(request: Request) -> dict[str, Consumer]:
    return {c.name: c for c in request.app.state.consumers}


@router.get("", response_model=BusStatus, summary="事件总线状态")
async def bus_status(request: Request, session: DbSession, _: PlatformAdmin) -> BusStatus:
    unsent = await session.scalar(
        select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
    )
    parked = await session.scalar(
        select(func.count())
        .select_from(outbox)
        .where(outbox.c.sent_at.is_(None), outbox.c.attempts >= request.app.state.relay.park_after)
    )
    open_letters = await session.scalar(
        select(func.count()).select_from(dead_letters).where(dead_letters.c.replayed_at.is_(None))
    )
    return BusStatus(
        outbox_unsent=unsent or 0,
        outbox_parked=parked or 0,
        dead_letters_open=open_letters or 0,
        consumers=sorted(_consumers(request)),
    )


@router.get("/dead-letters", response_model=list[DeadLetterOut], summary="死信列表")
async def list_dead_letters(
    session: DbSession,
    _: PlatformAdmin,
    include_replayed: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[DeadLetterOut]:
    stmt = select(dead_letters).order_by(dead_letters.c.id.desc()).limit(limit)
    if not include_replayed:
        stmt = stmt.where(dead_letters.c.replayed_at.is_(None))
    rows = (await session.execute(stmt)).mappings().all()
    return [
        DeadLetterOut(**{**row, "event_id": str(row["event_id"]) if row["event_id"] else None})
        for row in rows
    ]


@router.post(
    "/dead-letters/{dead_letter_id}/replay", response_model=ReplayResult, summary="重放死信"
)
async def replay_dead_letter(
    dead_letter_id: int, request: Request, session: DbSession, _: PlatformAdmin
) -> ReplayResult:
    consumer_name = await session.scalar(
        select(dead_letters.c.consumer).where(dead_letters.c.id == dead_letter_id)
    )
    consumer = _consumers(request).get(consumer_name or "")
    if consumer is None:
        raise NotFound("死信记录不存在", code="dead_letter_not_found")
    outcome = await consumer.replay_dead_letter(dead_letter_id)
    return ReplayResult(id=dead_letter_id, outcome=outcome)
