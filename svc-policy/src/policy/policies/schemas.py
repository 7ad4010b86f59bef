from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from govkit.validators import BoundedDate, DocumentNumber
from policy.conditions.schema import Condition
from policy.industry.catalogue import catalogue
from policy.links.schemas import LinkedItemOut, OriginalOut
from policy.rewards.schemas import RewardType


def _industry(code: str) -> str:
    """`3911` or `C3911` (with its section letter) both become the catalogue's `3911`."""
    found = catalogue().normalise(code)
    if found is None:
        raise ValueError(f"未知的行业代码：{code.strip()}（请填写行业分类代码，如 C3911 或 3911）")
    return found


IndustryCode = Annotated[str, AfterValidator(_industry)]


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=300, description="文件名")
    document_number: Annotated[DocumentNumber, Field(max_length=100)] | None = Field(
        default=None, description="文号，括号统一为〔〕"
    )
    issuing_body: str = Field(min_length=1, max_length=200, description="发布部门")
    published_on: BoundedDate
    valid_from: BoundedDate | None = None
    valid_to: BoundedDate | None = None
    industries: list[IndustryCode] = Field(default_factory=list, max_length=200)
    districts: list[Annotated[str, Field(max_length=32)]] = Field(
        default_factory=list, max_length=50
    )
    content_item_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def period(self) -> PolicyIn:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("有效期截止日期不能早于起始日期")
        return self


class PolicyScopeIn(BaseModel):
    """What the officer adds when structuring a policy; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    industries: list[IndustryCode] | None = Field(default=None, max_length=200)
    districts: list[Annotated[str, Field(min_length=1, max_length=32)]] | None = Field(
        default=None, max_length=50
    )

    @model_validator(mode="after")
    def not_empty(self) -> PolicyScopeIn:
        if self.industries is None and self.districts is None:
            raise ValueError("请至少提供适用行业或适用地区之一")
        return self


class PolicyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    document_number: str | None
    issuing_body: str
    published_on: date
    valid_from: date | None
    valid_to: date | None
    industries: list[str]
    districts: list[str]
    status: str = Field(description="draft 待结构化 / active 已结构化")
    source_state: str | None = Field(
        description="政策文件在内容库的状态：published/withdrawn/repealed"
    )
    content_item_id: uuid.UUID | None


class PolicySummaryOut(PolicyOut):
    """A policy as the list shows it."""

    industry_names: list[str] = Field(description="适用行业名称，如“制造业（C）”；空为不限")
    measure_count: int = Field(description="已发布的奖励措施数")
    reward_types: list[str] = Field(description="已发布措施的奖励类型")


class FacetCountOut(BaseModel):
    name: str
    count: int


class PolicyFacetsOut(BaseModel):
    """What the public list can be narrowed by (counts of policies in force)."""

    issuing_bodies: list[FacetCountOut]
    reward_types: list[FacetCountOut] = Field(description="按 14 类的顺序")


class MeasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=300)
    reward_type: RewardType
    amount_wan: float | None = Field(
        default=None, ge=0, le=1_000_000, description="奖励金额（万元）"
    )
    amount_text: str = Field(default="", max_length=2000, description="金额或计算方式说明")
    opens_on: BoundedDate | None = None
    closes_on: BoundedDate | None = None
    apply_item_id: uuid.UUID | None = Field(default=None, description="申报入口（办事服务信息）")
    condition: Condition

    @model_validator(mode="after")
    def window(self) -> MeasureIn:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValueError("申报截止日期不能早于开始日期")
        return self


class MeasureOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    policy_id: uuid.UUID
    title: str
    reward_type: str
    amount_wan: float | None
    amount_text: str
    opens_on: date | None
    closes_on: date | None
    apply_item_id: uuid.UUID | None
    condition: dict[str, Any] = Field(description="申报条件（数据，供系统使用）")
    conditions: list[str] = Field(
        default_factory=list, description="申报条件的中文表述，每条一句（页面显示这个）"
    )
    status: str
    version: int


class MeasureDetailOut(MeasureOut):
    apply_at: list[LinkedItemOut] = Field(description="申报入口：办事服务信息")


class PolicyDetailOut(PolicyOut):
    in_force: bool = Field(
        description="其措施今天是否参与匹配（已结构化、原文未撤回或废止、在有效期内）"
    )
    industry_names: list[str] = Field(description="适用行业名称；空为不限")
    district_names: list[str] = Field(description="适用区县名称；空为不限")
    original: OriginalOut | None = Field(description="政策文件原文")
    interpretations: list[LinkedItemOut] = Field(description="政策解读")
    answers: list[LinkedItemOut] = Field(description="答问")
    services: list[LinkedItemOut] = Field(description="办事服务")
    measures: list[MeasureOut]
