from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from tickets.db import Base


class EntryState(StrEnum):
    draft = "draft"  # 草稿
    published = "published"  # 已发布
    retired = "retired"  # 已下架


class KnowledgeEntry(Base):
    """A curated question and answer (知识库条目), usually distilled from answered tickets."""

    __tablename__ = "knowledge_entries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    question: Mapped[str] = mapped_column(String(500))
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(16))
    valid_to: Mapped[date | None] = mapped_column(Date)
    source_tickets: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    state: Mapped[str] = mapped_column(String(16), default=EntryState.draft.value)
    created_by: Mapped[str] = mapped_column(String(64))
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
    __table_args__ = (Index("ix_knowledge_state_category", "state", "category"),)
