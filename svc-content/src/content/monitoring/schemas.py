from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class WordIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["sensitive", "mistyped", "allowed"]
    word: str = Field(min_length=1, max_length=100)
    suggestion: str | None = Field(default=None, max_length=100, description="易错词的正确写法")
    category: str | None = Field(default=None, max_length=50)
    level: int | None = Field(default=None, ge=1, le=3)
    active: bool = True

    @model_validator(mode="after")
    def complete(self) -> WordIn:
        if self.kind == "mistyped" and not self.suggestion:
            raise ValueError("易错词须填写正确写法")
        if self.kind == "mistyped" and self.suggestion == self.word:
            raise ValueError("易错词的正确写法不能与错误写法相同")
        return self


class WordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    word: str
    suggestion: str | None
    category: str | None
    level: int | None
    active: bool
    updated_by: str
    updated_at: datetime


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=200_000)


class ProblemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    severity: str
    item_id: uuid.UUID | None
    column_code: str | None
    message: str
    detail: dict[str, Any]


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    site_code: str
    score: float
    problem_count: int
    counts: dict[str, Any]
    items_checked: int
    duration_ms: int
    created_at: datetime


class RunWithProblems(RunOut):
    problems: list[ProblemOut]
