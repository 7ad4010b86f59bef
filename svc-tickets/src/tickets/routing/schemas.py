from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class RuleIn(BaseModel):
    category: str = Field(min_length=2, max_length=16, description="诉求分类编码（含下级）")
    area_code: str | None = Field(
        default=None, max_length=32, description="区域（单位编码，含下级）；缺省为全市"
    )
    unit_code: str = Field(min_length=1, max_length=32, description="承办单位编码")


class RuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    category: str
    category_name: str = ""
    area_code: str | None
    unit_code: str


class UnitSuggestion(BaseModel):
    unit_code: str
    unit_name: str
    rule_id: uuid.UUID
    reason: str
