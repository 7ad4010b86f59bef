from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, Identity, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base


class AccessLogEntry(Base):
    """One request through the gateway. Append-only, written in batches by the recorder.

    Deliberately absent: client IP, user id, query string, any header value but the site
    code and the referrer's host."""

    __tablename__ = "access_log"
    __table_args__ = (
        # Rows arrive in time order, so a BRIN index stays tiny and serves every time range.
        Index("ix_access_log_at_brin", "at", postgresql_using="brin"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    method: Mapped[str] = mapped_column(String(16))
    route: Mapped[str] = mapped_column(String(200))  # template, e.g. /api/content/{path}
    path: Mapped[str] = mapped_column(String(200))  # concrete, no query string, redacted
    service: Mapped[str] = mapped_column(String(32))
    status: Mapped[int] = mapped_column(SmallInteger)
    latency_ms: Mapped[float] = mapped_column(Float)
    site: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(255))  # referrer host, or "direct"
    user_kind: Mapped[str] = mapped_column(String(16))
