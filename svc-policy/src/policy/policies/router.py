from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from govkit import clock
from govkit.auth import Identity, OptionalIdentity, require_roles
from govkit.contracts.content import LinkKind
from govkit.db import DbSession
from govkit.errors import Forbidden
from govkit.pagination import Page, Pagination
from policy.links import service as links
from policy.links.schemas import LinkedItemOut, OriginalOut
from policy.policies import service
from policy.policies.models import PolicyStatus
from policy.policies.schemas import (
    MeasureDetailOut,
    MeasureIn,
    MeasureOut,
    PolicyDetailOut,
    PolicyIn,
    PolicyOut,
    PolicyScopeIn,
)

router = APIRouter(tags=["政策库"])
Officer = Annotated[Identity, Depends(require_roles("policy_officer"))]


@router.get("/policies", response_model=Page[PolicyOut], summary="政策列表（可按状态筛选待结构化）")
async def list_policies(
    session: DbSession,
    page: Pagination,
    identity: OptionalIdentity,
    status: PolicyStatus | None = None,
) -> Page[PolicyOut]:
    officer = service.sees_unpublished(identity)
    if status is PolicyStatus.draft and not officer:
        raise Forbidden("待结构化的政策仅政策专员可见", code="role_missing")
    items, next_cursor = await service.list_policies(
        session, page, status, public_on=None if officer else clock.today()
    )
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


@router.get(
    "/policies/{policy_id}",
    response_model=PolicyDetailOut,
    summary="政策详情：原文、解读、答问、办事服务与奖励措施",
)
async def get_policy(
    policy_id: uuid.UUID, session: DbSession, identity: OptionalIdentity
) -> PolicyDetailOut:
    policy = await service.get_policy(session, policy_id)
    linked = (
        await links.links_of_document(session, policy.content_item_id)
        if policy.content_item_id
        else []
    )

    def of(kind: LinkKind) -> list[LinkedItemOut]:
        return [LinkedItemOut.of(link) for link in linked if link.kind == kind]

    original = None
    if policy.content_item_id:
        original = OriginalOut(
            item_id=policy.content_item_id,
            title=policy.title,
            url=policy.content_url,
            state=policy.source_state,
        )
    return PolicyDetailOut(
        **PolicyOut.model_validate(policy).model_dump(),
        in_force=service.is_in_force(policy, clock.today()),
        original=original,
        interpretations=of(LinkKind.interprets),
        answers=of(LinkKind.answers),
        services=of(LinkKind.serves),
        measures=[
            MeasureOut.model_validate(m)
            for m in await service.measures_of(session, policy, identity)
        ],
    )


@router.patch("/policies/{policy_id}", response_model=PolicyOut, summary="结构化：适用行业与地区")
async def update_scope(
    policy_id: uuid.UUID, body: PolicyScopeIn, session: DbSession, _: Officer
) -> PolicyOut:
    return PolicyOut.model_validate(await service.update_scope(session, policy_id, body))


@router.post(
    "/policies/{policy_id}/activate", response_model=PolicyOut, summary="结构化完成，启用政策"
)
async def activate(policy_id: uuid.UUID, session: DbSession, _: Officer) -> PolicyOut:
    return PolicyOut.model_validate(await service.activate_policy(session, policy_id))


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


@router.get(
    "/measures/{measure_id}", response_model=MeasureDetailOut, summary="奖励措施详情与申报入口"
)
async def get_measure(
    measure_id: uuid.UUID, session: DbSession, identity: OptionalIdentity
) -> MeasureDetailOut:
    measure = await service.visible_measure(session, measure_id, identity)
    policy = await service.get_policy(session, measure.policy_id)
    apply_at = await links.where_to_apply(session, measure, policy)
    return MeasureDetailOut(
        **MeasureOut.model_validate(measure).model_dump(),
        apply_at=[LinkedItemOut.of(link) for link in apply_at],
    )
