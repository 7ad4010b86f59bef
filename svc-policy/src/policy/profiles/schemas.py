from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from govkit.validators import BoundedDate
from policy.policies.schemas import IndustryCode

Label = Annotated[str, Field(min_length=1, max_length=32)]


class ProfileFacts(BaseModel):
    """What the calculator reads. Every field may be missing: the answer is then
    "needs more information" for the measures that read it, not a guess."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    industry_code: IndustryCode | None = None
    revenue_wan: float | None = Field(
        default=None, ge=0, le=100_000_000, description="营业收入（万元）"
    )
    employees: int | None = Field(default=None, ge=0, le=10_000_000, description="从业人员（人）")
    total_assets_wan: float | None = Field(
        default=None, ge=0, le=1_000_000_000, description="资产总额（万元）"
    )
    rd_ratio: float | None = Field(default=None, ge=0, le=100, description="研发投入占比（%）")
    district: str | None = Field(default=None, max_length=32)
    founded_on: BoundedDate | None = None
    qualifications: list[Label] = Field(default_factory=list, max_length=50)
    tags: list[Label] = Field(default_factory=list, max_length=50)


class ProfileIn(ProfileFacts):
    name: str = Field(min_length=1, max_length=200, description="企业名称")


class ProfileOut(ProfileIn):
    model_config = ConfigDict(from_attributes=True)

    credit_code: str
    size_class: str | None = Field(description="企业规模，按 2017 年划型标准自动计算")
    updated_at: datetime
