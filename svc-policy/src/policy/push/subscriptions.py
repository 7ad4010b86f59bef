"""An enterprise's push preferences: which reward types and industries it wants to hear
about. No subscription means every measure it qualifies for; with one, only those whose
reward type it chose or whose policy names one of its industries."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from policy.db import Base
from policy.policies.schemas import IndustryCode
from policy.rewards.schemas import RewardType


class Subscription(Base):
    __tablename__ = "subscriptions"

    credit_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    reward_types: Mapped[list[str]] = mapped_column(ARRAY(String(16)), default=list)
    industries: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reward_types: list[RewardType] = Field(default_factory=list, max_length=14)
    industries: list[IndustryCode] = Field(default_factory=list, max_length=100)


class SubscriptionOut(BaseModel):
    reward_types: list[str]
    industries: list[str]
    subscribed: bool


async def save(session: AsyncSession, credit_code: str, data: SubscriptionIn) -> SubscriptionOut:
    row = await session.get(Subscription, credit_code, with_for_update=True)
    reward_types = sorted({r.value for r in data.reward_types})
    industries = sorted(set(data.industries))
    if not reward_types and not industries:
        if row is not None:
            await session.delete(row)  # nothing chosen: back to "everything I qualify for"
        return SubscriptionOut(reward_types=[], industries=[], subscribed=False)
    if row is None:
        session.add(
            Subscription(credit_code=credit_code, reward_types=reward_types, industries=industries)
        )
    else:
        row.reward_types, row.industries = reward_types, industries
    return SubscriptionOut(reward_types=reward_types, industries=industries, subscribed=True)


async def get(session: AsyncSession, credit_code: str) -> SubscriptionOut:
    row = await session.get(Subscription, credit_code)
    if row is None:
        return SubscriptionOut(reward_types=[], industries=[], subscribed=False)
    return SubscriptionOut(
        reward_types=row.reward_types, industries=row.industries, subscribed=True
    )
