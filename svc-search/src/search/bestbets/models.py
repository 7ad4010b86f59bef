from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base


class BestBet(Base):
    """A document an editor pins on top of the results for one query (on one site, or on
    every site when `site` is empty)."""

    __tablename__ = "best_bets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(String(100), index=True)
    site: Mapped[str] = mapped_column(String(64), default="")
    doc_id: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("query", "site", "doc_id", name="uq_best_bets_query_site_doc"),
    )
