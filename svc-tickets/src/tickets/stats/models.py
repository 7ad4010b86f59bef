"""Rollups for statistics: what happened each day (or month), per unit and level-2 category.

A figure is dated by its event: `created` on the day the ticket came in, `replied` (with
on-time, rating and handling time) on the day of the reply, `closed` on the day it closed,
`transferred` on the day of each 转办. A query over a year reads at most ~35,000 monthly rows
plus the days at its edges instead of 500,000 tickets. `ticket_stats_daily` is recomputed from
the tickets for the days that changed; the other grains are summed from it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from tickets.db import Base
from tickets.tickets.models import Ticket, TimelineEntry

MEASURES = (
    "created",
    "replied",
    "replied_on_time",
    "handling_seconds",
    "rated",
    "satisfied",
    "closed",
    "transferred",
)


class Measures:
    created: Mapped[int] = mapped_column(Integer, default=0)
    replied: Mapped[int] = mapped_column(Integer, default=0)
    replied_on_time: Mapped[int] = mapped_column(Integer, default=0)
    # Seconds from creation to reply, summed over the replies counted in `replied`.
    handling_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)  # satisfaction ≥ 4
    closed: Mapped[int] = mapped_column(Integer, default=0)
    transferred: Mapped[int] = mapped_column(Integer, default=0)


class DailyStats(Measures, Base):
    """One day × lead unit × level-2 category ('' for none yet)."""

    __tablename__ = "ticket_stats_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)


class UnitDailyStats(Measures, Base):
    """Daily figures per unit, all categories summed (series and unit tables without a
    category filter)."""

    __tablename__ = "ticket_stats_unit_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)


class CategoryDailyStats(Measures, Base):
    """Daily figures per level-2 category, all units summed."""

    __tablename__ = "ticket_stats_category_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)


class MonthlyStats(Measures, Base):
    """One calendar month (its first day) × unit × level-2 category."""

    __tablename__ = "ticket_stats_monthly"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)


class Fingerprints:
    """Tickets sharing one SimHash on one day: how many, when, and what 高频问题 shows of
    them: the newest title, and the highest (newest) numbers, highest first, space-separated
    (at least the `fingerprints.SAMPLES` highest)."""

    tickets: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str] = mapped_column(String(200))
    numbers: Mapped[str] = mapped_column(Text)


class FingerprintDaily(Fingerprints, Base):
    """Day (of creation) × lead unit × level-2 category × SimHash, for the last
    `fingerprints.DAYS_KEPT` days: what a scoped 高频问题 reads."""

    __tablename__ = "ticket_fingerprints_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)
    simhash: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class CityFingerprintDaily(Fingerprints, Base):
    """Day × SimHash, all units and categories summed: what the city-wide 高频问题 reads
    (fewer rows when texts recur, and each fingerprint's units and categories ready-made)."""

    __tablename__ = "ticket_fingerprints_city_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    simhash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    units: Mapped[str] = mapped_column(Text)  # distinct lead units, space-separated
    # Tickets per level-2 category, "01.02=3 04.01=1" ("=2": not yet classified).
    categories: Mapped[str] = mapped_column(Text)


class StatsSweep(Base):
    """How far the rollups have read the timeline, and when they were last brought up to
    date."""

    __tablename__ = "ticket_stats_sweep"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    timeline_id: Mapped[int] = mapped_column(BigInteger)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# What recomputing one day reads: the replies, closures and transfers of that day. (Tickets
# created that day come through the existing `ix_tickets_created_at`.)
Index(
    "ix_tickets_replied_at",
    Ticket.replied_at,
    postgresql_where=Ticket.replied_at.is_not(None),
)
Index("ix_tickets_closed_at", Ticket.closed_at, postgresql_where=Ticket.closed_at.is_not(None))
Index(
    "ix_ticket_timeline_reassign_at",
    TimelineEntry.at,
    postgresql_where=text("action = 'reassign'"),
)
