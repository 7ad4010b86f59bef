from __future__ import annotations

from fastapi import APIRouter

from govkit import clock
from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from policy.calculator import service
from policy.calculator.schemas import CalculatorOut
from policy.districts.service import resolve
from policy.profiles.schemas import ProfileFacts
from policy.profiles.service import derived_size, facts_of, get_profile, own_credit_code

router = APIRouter(prefix="/calculator", tags=["政策计算器"])


@router.post(
    "",
    response_model=CalculatorOut,
    summary="按填写的企业信息测算可享政策（无需登录）",
    description="行业可填 C3911 或 3911；区县可填名称（新城区）或代码，未知的区县返回 422。",
)
async def calculate_ad_hoc(
    body: ProfileFacts, session: DbSession, include_far_misses: bool = False
) -> CalculatorOut:
    if body.district:
        body.district = await resolve(session, body.district)
    facts = body.model_dump() | {"size_class": derived_size(body)}
    return await service.run(session, facts, clock.today(), include_far_misses=include_far_misses)


@router.get("/me", response_model=CalculatorOut, summary="按本企业画像测算可享政策")
async def calculate_mine(
    identity: CurrentIdentity, session: DbSession, include_far_misses: bool = False
) -> CalculatorOut:
    profile = await get_profile(session, identity, own_credit_code(identity))
    return await service.run(
        session, facts_of(profile), clock.today(), include_far_misses=include_far_misses
    )
