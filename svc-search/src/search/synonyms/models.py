from __future__ import annotations

from datetime import datetime

from sqlalchemy import ARRAY, DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base


class SynonymGroup(Base):
    """Words editors declare equivalent in queries (公积金 = 住房公积金)."""

    __tablename__ = "synonym_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terms: Mapped[list[str]] = mapped_column(ARRAY(String(50)))
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
