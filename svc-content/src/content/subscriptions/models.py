"""千人千网: what a person follows. Keyed by the identity's subject (no profile table here)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from content.db import Base


class TagFollow(Base):
    __tablename__ = "tag_follows"

    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    tag_code: Mapped[str] = mapped_column(
        String(64), ForeignKey("tags.code", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ColumnFollow(Base):
    __tablename__ = "column_follows"

    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    column_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
