from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

COLUMN_CODE = r"^[a-z0-9][a-z0-9\-_]{0,63}$"


class ColumnIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=COLUMN_CODE, description="栏目代码")
    name: str = Field(min_length=1, max_length=100)
    parent_code: str | None = Field(default=None, pattern=COLUMN_CODE)
    position: int = Field(default=0, ge=0, le=10_000)
    update_period_days: int | None = Field(
        default=None, ge=1, le=366, description="要求的更新周期（天），如 7"
    )
    description: str = Field(default="", max_length=1000)


class SourceIn(BaseModel):
    """What a column aggregates: another column (of any site) or a tag. Exactly one."""

    model_config = ConfigDict(extra="forbid")

    site_code: str | None = None
    column_code: str | None = None
    tag_code: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def exactly_one(self) -> SourceIn:
        by_column = self.column_code is not None
        if by_column == (self.tag_code is not None):
            raise ValueError("聚合来源须为一个栏目或一个标签（二选一）")
        if by_column and not self.site_code:
            raise ValueError("聚合其他栏目时须指明其所在站点")
        return self


class SourcesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[SourceIn] = Field(max_length=50)


class ColumnOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    path: str
    position: int
    update_period_days: int | None
    description: str
    version: int
    updated_at: datetime


class ColumnNode(ColumnOut):
    children: list[ColumnNode] = Field(default_factory=list)


class SourceOut(BaseModel):
    site_code: str | None = None
    column_code: str | None = None
    tag_code: str | None = None
