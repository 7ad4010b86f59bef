from __future__ import annotations

from fastapi import APIRouter

from policy.rewards.schemas import RewardType, RewardTypeOut

router = APIRouter(prefix="/reward-types", tags=["奖励类型"])


@router.get("", response_model=list[RewardTypeOut], summary="政策奖励类型（14 类）")
async def reward_types() -> list[RewardTypeOut]:
    return [RewardTypeOut(code=t.name.lower(), name=t.value) for t in RewardType]
