from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Float, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base


class QueryLog(Base):
    """One row per search: the masked query text and what it found. No user, IP or token."""

    __tablename__ = "query_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    site: Mapped[str] = mapped_column(String(64))
    query: Mapped[str] = mapped_column(String(100))
    endpoint: Mapped[str] = mapped_column(String(16))
    total: Mapped[int] = mapped_column(Integer)
    took_ms: Mapped[float] = mapped_column(Float)


class QueryDaily(Base):
    """Per site (and "" = all sites), per day, per query: searches and zero-result searches."""

    __tablename__ = "query_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    site: Mapped[str] = mapped_column(String(64), primary_key=True)
    query: Mapped[str] = mapped_column(String(100), primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)
