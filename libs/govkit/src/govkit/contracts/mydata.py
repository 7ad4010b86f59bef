"""What each service answers on `GET /me/data` (个人信息保护法 第45条: the person's copy of
what it holds about them), for the gateway to compose into one export. Plain records
(JSON objects) under titled sections, so the gateway renders any service's answer."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class MyDataSection(BaseModel):
    key: str  # stable, e.g. "tickets"
    title: str  # for people, e.g. "我的工单"
    items: list[dict[str, Any]] = Field(default_factory=list)


class MyData(BaseModel):
    service: str
    title: str
    sections: list[MyDataSection] = Field(default_factory=list)
    # Said when a service holds nothing per person, so an empty export is explained.
    note: str | None = None
