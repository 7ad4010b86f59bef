from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.pagination import Page, Pagination
from policy.policies import service
from policy.policies.schemas import MeasureIn, MeasureOut, PolicyIn, PolicyOut

router = APIRouter(tags=["政策库"])
Officer = Annotated[Identity, Depends(require_roles("policy_officer"))]


@router.get("/policies", response_model=Page[PolicyOut], summary="政策列表")
async def list_policies(session: DbSession, page: Pagination) -> Page[PolicyOut]:
    items, next_cursor = await service.list_policies(session, page)
    return Page(
        items=[PolicyOut.model_validate(p) for p in items],
        next_cursor=next_cursor,
        limit=page.limit,
    )


@router.post("/policies", response_model=PolicyOut, status_code=201, summary="录入政策（政策专员）")
async def create_policy(body: PolicyIn, session: DbSession, officer: Officer) -> PolicyOut:
    return PolicyOut.model_validate(
        await service.create_policy(session, body, actor=officer.subject)
    )


@router.post(
    "/policies/{policy_id}/measures",
    response_model=MeasureOut,
    status_code=201,
    summary="新增奖励措施（草稿）",
)
async def add_measure(
    policy_id: uuid.UUID, body: MeasureIn, session: DbSession, _: Officer
) -> MeasureOut:
    return MeasureOut.model_validate(await service.add_measure(session, policy_id, body))


@router.post("/measures/{measure_id}/publish", response_model=MeasureOut, summary="发布奖励措施")
async def publish(measure_id: uuid.UUID, session: DbSession, _: Officer) -> MeasureOut:
    return MeasureOut.model_validate(await service.publish_measure(session, measure_id))


@router.post("/measures/{measure_id}/withdraw", response_model=MeasureOut, summary="撤回奖励措施")
async def withdraw(measure_id: uuid.UUID, session: DbSession, _: Officer) -> MeasureOut:
    return MeasureOut.model_validate(await service.withdraw_measure(session, measure_id))


@router.get("/measures/{measure_id}", response_model=MeasureOut, summary="奖励措施详情")
async def get_measure(measure_id: uuid.UUID, session: DbSession) -> MeasureOut:
    return MeasureOut.model_validate(await service.get_measure(session, measure_id))
