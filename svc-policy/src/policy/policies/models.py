from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from policy.db import Base


class PolicyStatus(StrEnum):
    """The policy officer's work: a policy that arrived from content waits to be structured."""

    draft = "draft"  # 待结构化
    active = "active"  # 已结构化，参与匹配


class SourceState(StrEnum):
    """The state of the linked 政策文件 item in svc-content, mirrored from its events."""

    published = "published"  # 已发布
    withdrawn = "withdrawn"  # 已撤回
    repealed = "repealed"  # 已废止


class Policy(Base):
    """A policy document structured for matching (its text lives in svc-content).

    Its measures match only while it is `active`, its content item is neither withdrawn nor
    repealed, and today lies within its validity (`policies.service.in_force`)."""

    __tablename__ = "policies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(300))
    document_number: Mapped[str | None] = mapped_column(String(100))
    issuing_body: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    industries: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list)
    districts: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    content_item_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    content_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(16), default=PolicyStatus.active.value, server_default=PolicyStatus.active.value
    )
    source_state: Mapped[str | None] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    measures: Mapped[list[Measure]] = relationship(back_populates="policy", lazy="raise")


class Measure(Base):
    """A reward measure (奖励措施) with its eligibility condition as data."""

    __tablename__ = "measures"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    policy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("policies.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    reward_type: Mapped[str] = mapped_column(String(16))
    amount_wan: Mapped[float | None] = mapped_column(Float)
    amount_text: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    apply_item_id: Mapped[uuid.UUID | None] = mapped_column()  # 办事服务 item: where to apply
    condition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft|published|withdrawn
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    policy: Mapped[Policy] = relationship(back_populates="measures", lazy="raise")
