from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from content.public.schemas import ItemSummary, ItemTagOut

CODE = r"^[a-z0-9][a-z0-9\-_.]{0,63}$"


class ColumnRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    site_code: str = Field(pattern=CODE)
    column_code: str = Field(pattern=CODE)


class FollowsIn(BaseModel):
    """The whole set a person follows (replaces what was there)."""

    model_config = ConfigDict(extra="forbid")

    tags: list[str] = Field(default_factory=list, max_length=200, description="标签代码")
    columns: list[ColumnRef] = Field(default_factory=list, max_length=200)


class FollowedColumn(BaseModel):
    site_code: str
    column_code: str
    name: str


class FollowsOut(BaseModel):
    tags: list[ItemTagOut]
    columns: list[FollowedColumn]
    limit: int = Field(description="最多可关注的标签与栏目总数")


FeedKey = Literal["read", "ask", "do"]


class FeedGroup(BaseModel):
    key: FeedKey
    label: str
    items: list[ItemSummary]


class FeedOut(BaseModel):
    personalised: bool = Field(description="是否按关注内容推荐")
    note: str | None = None
    groups: list[FeedGroup]
