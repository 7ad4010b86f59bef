from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class EvidenceOut(BaseModel):
    field: str
    label: str
    condition: str = Field(description="该条件的中文表述，如“营业收入不低于 2000 万元”")
    required: str
    actual: str | None = Field(description="所填的值；未填写为空")
    result: bool | None = Field(description="true 满足 / false 不满足 / null 未填写")
    message: str


class MatchOut(BaseModel):
    measure_id: uuid.UUID
    policy_id: uuid.UUID
    policy_title: str
    title: str
    reward_type: str
    amount_wan: float | None
    amount_text: str
    verdict: str = Field(description="eligible 符合 / needs_info 需补充信息 / not_eligible 不符合")
    near_miss: bool = Field(description="差一点：不符合但数值差距在 20% 以内")
    to_close: list[str]
    missing_fields: list[str] = Field(description="需补充的信息（字段名称）")
    evidence: list[EvidenceOut]


class CalculatorOut(BaseModel):
    size_class: str | None
    eligible: int
    needs_info: int
    near_misses: int
    results: list[MatchOut]
