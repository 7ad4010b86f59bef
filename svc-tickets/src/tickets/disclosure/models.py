from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from tickets.db import Base


class DisclosureState(StrEnum):
    draft = "draft"  # 待审核: masked text prepared, waiting for a reviewer
    published = "published"  # 已公开
    withdrawn = "withdrawn"  # 已撤回


class Disclosure(Base):
    """The public copy of a replied ticket (留言公开): masked at preparation, reviewed by a
    person before it is published. Only this copy ever leaves the service."""

    __tablename__ = "disclosures"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    number: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(100))
    answering_unit: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[date] = mapped_column(Date)
    replied_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=DisclosureState.draft.value)
    prepared_by: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
    __table_args__ = (Index("ix_disclosures_state_published", "state", "published_at"),)
