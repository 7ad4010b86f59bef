from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from govkit.validators import BoundedDate

# A page of the portal's own: /{site}/items/{uuid}, never another host or scheme.
SERVICE_URL = r"^/[a-z0-9][a-z0-9-]{0,63}/items/[0-9a-fA-F-]{36}$"


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=100)
    service: str = Field(min_length=1, max_length=100, description="对应的办事服务事项")
    due_days: int = Field(ge=0, le=3650, description="事件发生后几天内办理")
    note: str = Field(default="", max_length=500)
    service_url: str | None = Field(
        default=None,
        max_length=200,
        pattern=SERVICE_URL,
        description="门户中该办事服务事项的页面（如 /portal/items/{id}），没有时为空",
    )


class ChainIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    steps: list[StepIn] = Field(min_length=1, max_length=30)

    @field_validator("steps")
    @classmethod
    def distinct_titles(cls, steps: list[StepIn]) -> list[StepIn]:
        if len({s.title for s in steps}) != len(steps):
            raise ValueError("步骤名称不能重复")
        return steps


class ChainOut(ChainIn):
    code: str
    version: int


class LifeEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_type: str = Field(min_length=1, max_length=32)
    occurred_on: BoundedDate


class NextStep(BaseModel):
    order: int
    title: str
    service: str
    due_on: date
    overdue: bool
    note: str


class LifeEventOut(BaseModel):
    id: uuid.UUID
    event_type: str
    event_name: str
    occurred_on: date
    next_steps: list[NextStep]
