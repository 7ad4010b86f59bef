from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, Sequence, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base

DOCUMENT_SEQ = Sequence("search_documents_seq", metadata=Base.metadata)


class SearchDocument(Base):
    """The searchable state of everything, fed by events (the source of truth for every
    engine's index). `pending` rows are waiting for the indexer; a withdrawn thing stays as
    a tombstone (`deleted`) so a late, older `published` cannot bring it back."""

    __tablename__ = "search_documents"

    doc_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    site: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    doc: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    seq: Mapped[int] = mapped_column(
        BigInteger, DOCUMENT_SEQ, server_default=DOCUMENT_SEQ.next_value()
    )
    pending: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __table_args__ = (Index("ix_search_documents_pending_seq", "seq", postgresql_where="pending"),)
