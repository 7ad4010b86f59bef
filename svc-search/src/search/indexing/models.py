from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base


class IndexRebuild(Base):
    """One `POST /admin/reindex` and its progress, kept in the database so that a rebuild
    whose process died is reported by `GET /admin/index` and restarted, not forgotten. The
    process doing it beats `heartbeat_at` at every step; a running row whose heartbeat is
    stale belongs to a dead process."""

    __tablename__ = "index_rebuilds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="running")  # running|finished|failed
    phase: Mapped[str] = mapped_column(String(16), default="replaying")  # replaying|filling
    owner: Mapped[str] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(Integer, default=1)  # 2+: restarted after a crash
    replayed_events: Mapped[int] = mapped_column(Integer, default=0)
    indexed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    heartbeat_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    interrupted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
