from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TAG_CODE = r"^[a-z0-9][a-z0-9\-_.]{0,63}$"
Audience = Literal["government", "person", "enterprise"]
Facet = Literal["genre", "policy", "hot", "subject", "audience", "lifecycle"]


class TagOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    audience: str
    facet: str
    owner_org_code: str | None
    description: str
    active: bool
    version: int


class TagFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str | None = Field(default=None, pattern=TAG_CODE)
    name: str | None = Field(default=None, min_length=1, max_length=50)
    audience: Audience | None = None
    facet: Facet | None = None
    parent_code: str | None = Field(default=None, pattern=TAG_CODE)
    description: str | None = Field(default=None, max_length=500)


class TagRequestIn(BaseModel):
    """新增、修改或停用标签的申请，由平台办（市政府办）审批。"""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    action: Literal["create", "update", "retire"]
    tag_code: str | None = Field(default=None, pattern=TAG_CODE, description="修改或停用的标签")
    tag: TagFields = Field(default_factory=TagFields)
    reason: str = Field(min_length=2, max_length=1000, description="申请理由")

    @model_validator(mode="after")
    def complete(self) -> TagRequestIn:
        if self.action == "create":
            missing = [
                f for f in ("code", "name", "audience", "facet") if getattr(self.tag, f) is None
            ]
            if missing:
                raise ValueError("新增标签须填写代码、名称、受众和分面")
        elif self.tag_code is None:
            raise ValueError("修改或停用标签须指明标签代码")
        return self


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: str = Field(default="", max_length=1000)


class TagRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    action: str
    tag_id: uuid.UUID | None
    payload: dict[str, Any]
    reason: str
    status: str
    requested_by: str
    requester_org: str | None
    decided_by: str | None
    decision_note: str
    created_at: datetime
    decided_at: datetime | None
