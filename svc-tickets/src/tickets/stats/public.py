"""12345 热线数据公开: the figures a city publishes (received and answered per day and per
month, the top categories, on-time and satisfaction rates), for anyone, from the rollups.

Only sums over all units leave here: no unit, no ticket, no caller. The answer is the same
for everyone, so it is kept in process for `TTL_SECONDS` (and in shared caches for
`MAX_AGE` seconds, see the router)."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tickets.categories.catalogue import catalogue
from tickets.stats.models import MEASURES, CategoryDailyStats, MonthlyStats
from tickets.stats.rollup import month_start, refreshed_at
from tickets.stats.schemas import (
    PublicCategory,
    PublicDay,
    PublicFigures,
    PublicMonth,
    PublicStats,
)

DAYS = 30
MONTHS = 12
TOP_CATEGORIES = 8
TTL_SECONDS = 60.0
MAX_AGE = 300
UNCLASSIFIED = "未分类"
Sums = dict[str, int]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def public_figures(s: Sums) -> PublicFigures:
    return PublicFigures(
        received=s.get("created", 0),
        answered=s.get("replied", 0),
        on_time_rate=_rate(s.get("replied_on_time", 0), s.get("replied", 0)),
        satisfaction_rate=_rate(s.get("satisfied", 0), s.get("rated", 0)),
    )


def months_back(today: date, n: int) -> list[date]:
    """The first days of the last `n` months, oldest first, this month last."""
    out = [month_start(today)]
    while len(out) < n:
        out.insert(0, month_start(out[0] - timedelta(days=1)))
    return out


def _add(into: Sums, row: Sums) -> None:
    for m in MEASURES:
        into[m] = into.get(m, 0) + row.get(m, 0)


async def public_stats(session: AsyncSession, today: date) -> PublicStats:
    first = today - timedelta(days=DAYS - 1)
    sums = [func.coalesce(func.sum(getattr(CategoryDailyStats, m)), 0) for m in MEASURES]
    daily = await session.execute(
        select(CategoryDailyStats.day, CategoryDailyStats.category, *sums)
        .where(CategoryDailyStats.day.between(first, today))
        .group_by(CategoryDailyStats.day, CategoryDailyStats.category)
    )
    by_day: dict[date, Sums] = defaultdict(dict)
    by_category: dict[str, Sums] = defaultdict(dict)
    window: Sums = {}
    for day, category, *values in daily.all():
        row = {m: int(v) for m, v in zip(MEASURES, values, strict=True)}
        _add(by_day[day], row)
        _add(by_category[(category or "").split(".")[0]], row)
        _add(window, row)

    starts = months_back(today, MONTHS)
    monthly = await session.execute(
        select(MonthlyStats.month, *(func.sum(getattr(MonthlyStats, m)) for m in MEASURES))
        .where(MonthlyStats.month.in_(starts))
        .group_by(MonthlyStats.month)
    )
    by_month = {
        row[0]: {m: int(v or 0) for m, v in zip(MEASURES, row[1:], strict=True)}
        for row in monthly.all()
    }

    days = [first + timedelta(days=i) for i in range(DAYS)]
    return PublicStats(
        as_of=await refreshed_at(session),
        first=first,
        last=today,
        totals=public_figures(window),
        days=[
            PublicDay(
                day=d,
                received=by_day.get(d, {}).get("created", 0),
                answered=by_day.get(d, {}).get("replied", 0),
            )
            for d in days
        ],
        months=[
            PublicMonth(month=f"{m:%Y-%m}", **public_figures(by_month.get(m, {})).model_dump())
            for m in starts
        ],
        categories=top_categories(by_category, window.get("created", 0)),
    )


def top_categories(by_category: dict[str, Sums], total: int) -> list[PublicCategory]:
    cat = catalogue()
    ranked = sorted(
        ((code, s.get("created", 0)) for code, s in by_category.items()),
        key=lambda pair: (-pair[1], pair[0]),
    )
    out = []
    for code, received in ranked[:TOP_CATEGORIES]:
        if received <= 0:
            continue
        found = cat.get(code) if code else None
        out.append(
            PublicCategory(
                code=code,
                name=found.full_name if found else UNCLASSIFIED,
                received=received,
                share=round(received / total, 4) if total else 0.0,
            )
        )
    return out


@dataclass
class _Entry:
    key: date
    value: PublicStats
    built_at: float


class PublicStatsCache:
    """One answer for everyone, rebuilt at most every `ttl` seconds (and on a new day);
    concurrent misses share one build."""

    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self.ttl = ttl
        self._entry: _Entry | None = None
        self._lock = asyncio.Lock()

    def _fresh(self, key: date) -> PublicStats | None:
        entry = self._entry
        if entry and entry.key == key and time.monotonic() - entry.built_at < self.ttl:
            return entry.value
        return None

    async def get(self, key: date, build: Callable[[], Awaitable[PublicStats]]) -> PublicStats:
        if (value := self._fresh(key)) is not None:
            return value
        async with self._lock:
            if (value := self._fresh(key)) is not None:
                return value
            value = await build()
            self._entry = _Entry(key, value, time.monotonic())
            return value
