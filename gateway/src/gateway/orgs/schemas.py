from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from gateway.orgs.models import OrgKind

ORG_CODE = r"^[a-z0-9][a-z0-9\-]{0,31}$"


class OrgIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=ORG_CODE, description="机构代码，小写字母、数字和连字符")
    name: str = Field(min_length=1, max_length=100, description="机构名称")
    kind: OrgKind
    parent_code: str | None = Field(default=None, pattern=ORG_CODE, description="上级机构代码")
    sort_order: int = Field(default=0, ge=0, le=100_000)


class OrgUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=100)
    kind: OrgKind | None = None
    parent_code: str | None = Field(default=None, pattern=ORG_CODE, description="移动到新上级")
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class OrgOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    kind: str
    depth: int
    path_codes: list[str]
    sort_order: int
    version: int
