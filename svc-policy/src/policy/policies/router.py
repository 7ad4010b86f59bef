from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from govkit import clock
from govkit.auth import Identity, OptionalIdentity, require_roles
from govkit.contracts.content import LinkKind
from govkit.db import DbSession
from govkit.errors import Forbidden
from govkit.pagination import Page, PageNumber, Pagination
from policy.districts.service import names_of
from policy.links import service as links
from policy.links.schemas import LinkedItemOut, OriginalOut
from policy.policies import service
from policy.policies.models import PolicyStatus
from policy.policies.presenter import district_names, industry_names, measure_out, summary_out
from policy.policies.schemas import (
    FacetCountOut,
    IndustryCode,
    MeasureDetailOut,
    MeasureIn,
    MeasureOut,
    PolicyDetailOut,
    PolicyFacetsOut,
    PolicyIn,
    PolicyOut,
    PolicyScopeIn,
    PolicySummaryOut,
)
from policy.rewards.schemas import RewardType

router = APIRouter(tags=["政策库"])
Officer = Annotated[Identity, Depends(require_roles("policy_officer"))]


@router.get(
    "/policies",
    response_model=Page[PolicySummaryOut],
    summary="政策列表：按行业、奖励类型、发布部门浏览（公众只见已结构化且在有效期内的）",
)
async def list_policies(
    session: DbSession,
    page: Pagination,
    identity: OptionalIdentity,
    status: PolicyStatus | None = None,
    industry: Annotated[
        IndustryCode | None,
        Query(description="行业代码（任一级，如 C、C39、3911）：列出适用该行业的政策"),
    ] = None,
    reward_type: Annotated[RewardType | None, Query(description="含该类型已发布措施的政策")] = None,
    issuing_body: Annotated[str | None, Query(max_length=200, description="发布部门")] = None,
    page_number: Annotated[PageNumber, Query(alias="page")] = None,
) -> Page[PolicySummaryOut]:
    officer = service.sees_unpublished(identity)
    if status is PolicyStatus.draft and not officer:
        raise Forbidden("待结构化的政策仅政策专员可见", code="role_missing")
    public_on = None if officer else clock.today()
    filters = service.PolicyFilters(
        industry=industry,
        reward_type=reward_type.value if reward_type else None,
        issuing_body=issuing_body.strip() if issuing_body else None,
    )
    next_cursor, total = None, None
    if page_number is not None:
        items, total = await service.policies_page(
            session, page_number, page.limit, status, public_on=public_on, filters=filters
        )
    else:
        items, next_cursor = await service.list_policies(
            session, page, status, public_on=public_on, filters=filters
        )
    summaries = await service.measure_summaries(session, [p.id for p in items])
    return Page(
        items=[summary_out(p, summaries.get(p.id)) for p in items],
        next_cursor=next_cursor,
        limit=page.limit,
        total=total,
        page=page_number,
    )


@router.get(
    "/policies/facets",
    response_model=PolicyFacetsOut,
    summary="政策列表的筛选项：发布部门与奖励类型（含条数）",
)
async def policy_facets(session: DbSession) -> PolicyFacetsOut:
    bodies, rewards = await service.public_facets(session, clock.today())
    counted = dict(rewards)
    return PolicyFacetsOut(
        issuing_bodies=[FacetCountOut(name=name, count=count) for name, count in bodies],
        reward_types=[
            FacetCountOut(name=t.value, count=counted[t.value])
            for t in RewardType
            if t.value in counted
        ],
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
    districts = await names_of(session)
    return PolicyDetailOut(
        **PolicyOut.model_validate(policy).model_dump(),
        in_force=service.is_in_force(policy, clock.today()),
        industry_names=industry_names(policy.industries),
        district_names=district_names(policy.districts, districts),
        original=original,
        interpretations=of(LinkKind.interprets),
        answers=of(LinkKind.answers),
        services=of(LinkKind.serves),
        measures=[
            measure_out(m, districts) for m in await service.measures_of(session, policy, identity)
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
    return measure_out(await service.add_measure(session, policy_id, body))


@router.post("/measures/{measure_id}/publish", response_model=MeasureOut, summary="发布奖励措施")
async def publish(measure_id: uuid.UUID, session: DbSession, _: Officer) -> MeasureOut:
    return measure_out(await service.publish_measure(session, measure_id))


@router.post("/measures/{measure_id}/withdraw", response_model=MeasureOut, summary="撤回奖励措施")
async def withdraw(measure_id: uuid.UUID, session: DbSession, _: Officer) -> MeasureOut:
    return measure_out(await service.withdraw_measure(session, measure_id))


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
        **measure_out(measure, await names_of(session)).model_dump(),
        apply_at=[LinkedItemOut.of(link) for link in apply_at],
    )
