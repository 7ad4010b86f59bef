"""Tables of the PostgreSQL full-text engine: the serving table and the rebuild shadow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, DateTime, Float, Index, String
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base


class _FtsColumns:
    doc_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    site: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    column_code: Mapped[str] = mapped_column(String(64))
    issuing_body: Mapped[str] = mapped_column(String(200))
    year: Mapped[str] = mapped_column(String(4))
    industries: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    reward_type: Mapped[str] = mapped_column(String(64))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recency: Mapped[float] = mapped_column(Float)
    tsv: Mapped[Any] = mapped_column(TSVECTOR)
    doc: Mapped[dict[str, Any]] = mapped_column(JSONB)


class FtsDocument(_FtsColumns, Base):
    __tablename__ = "fts_documents"
    __table_args__ = (
        Index("ix_fts_documents_tsv", "tsv", postgresql_using="gin"),
        Index("ix_fts_documents_published_at", "published_at"),
    )


class FtsDocumentNext(_FtsColumns, Base):
    __tablename__ = "fts_documents_next"
    __table_args__ = (Index("ix_fts_documents_next_tsv", "tsv", postgresql_using="gin"),)
