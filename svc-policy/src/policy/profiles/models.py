from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, Integer, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from policy.db import Base


class EnterpriseProfile(Base):
    """企业画像. `size_class` is derived from the 2017 thresholds on every save, never typed."""

    __tablename__ = "enterprise_profiles"

    credit_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)  # the enterprise account
    name: Mapped[str] = mapped_column(String(200))
    industry_code: Mapped[str | None] = mapped_column(String(8), index=True)
    revenue_wan: Mapped[float | None] = mapped_column(Float)
    employees: Mapped[int | None] = mapped_column(Integer)
    total_assets_wan: Mapped[float | None] = mapped_column(Float)
    rd_ratio: Mapped[float | None] = mapped_column(Float)
    district: Mapped[str | None] = mapped_column(String(32), index=True)
    founded_on: Mapped[date | None] = mapped_column(Date)
    qualifications: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    size_class: Mapped[str | None] = mapped_column(String(8), index=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
