from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from content.db import Base


class MonitorWord(Base):
    """An entry of the editable word lists: sensitive (敏感词), mistyped (易错词, with the
    right form), or allowed (a correct phrase containing a listed word)."""

    __tablename__ = "monitor_words"
    __table_args__ = (UniqueConstraint("kind", "word"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))  # sensitive | mistyped | allowed
    word: Mapped[str] = mapped_column(String(100))
    suggestion: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(50))
    level: Mapped[int | None] = mapped_column(SmallInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str] = mapped_column(String(64), default="system")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class MonitorRun(Base):
    """One scan of a site (内容监测): its score and problem count; problems below."""

    __tablename__ = "monitor_runs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    problem_count: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    items_checked: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    started_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class MonitorProblem(Base):
    __tablename__ = "monitor_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("monitor_runs.id", ondelete="CASCADE"), index=True
    )
    # sensitive_word | mistyped_word | empty_column | stale_column | broken_link
    # | missing_disclosure
    kind: Mapped[str] = mapped_column(String(24))
    severity: Mapped[str] = mapped_column(String(8))  # high | medium | low
    item_id: Mapped[uuid.UUID | None] = mapped_column()
    column_code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
