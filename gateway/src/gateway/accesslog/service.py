"""Access statistics over `access_log`: every query takes a validated `TimeRange` (at most
92 days) and optional site/service filters. Days and hours are Beijing time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import DateTime, Select, desc, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accesslog.models import AccessLogEntry as Entry
from gateway.accesslog.schemas import (
    Granularity,
    PageVisits,
    ServiceErrors,
    ServiceLatency,
    SourceVisits,
    StatsList,
    VisitBucket,
    VisitsOut,
)
from govkit.errors import ValidationFailed

MAX_RANGE = timedelta(days=92)
DEFAULT_RANGE = timedelta(days=7)
TIME_ZONE = "Asia/Shanghai"
# China has kept UTC+8 without daylight saving since 1991: a fixed offset needs no tz database.
BEIJING = timezone(timedelta(hours=8), TIME_ZONE)
STEPS: dict[Granularity, timedelta] = {"day": timedelta(days=1), "hour": timedelta(hours=1)}
MAX_LIMIT = 100

RANGE_TOO_LONG = f"统计时间范围不能超过 {MAX_RANGE.days} 天，请缩小查询范围"
RANGE_REVERSED = "开始时间必须早于结束时间"


@dataclass(frozen=True)
class TimeRange:
    """[start, end) in UTC; constructing one validates it, so every query gets a good one."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        start, end = _aware(self.start), _aware(self.end)
        if start >= end:
            raise ValidationFailed(RANGE_REVERSED, code="invalid_time_range")
        if end - start > MAX_RANGE:
            raise ValidationFailed(RANGE_TOO_LONG, code="time_range_too_long")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(BEIJING)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(BEIJING)


def time_range(start: datetime | None, end: datetime | None) -> TimeRange:
    """The requested range; without `end` up to now, without `start` the 7 days before end.
    A time without a zone is Beijing time."""
    end = end or datetime.now(UTC)
    return TimeRange(start or _aware(end) - DEFAULT_RANGE, end)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    return moment.astimezone(UTC)


def _scoped(
    stmt: Select[Any], window: TimeRange, site: str | None, service: str | None
) -> Select[Any]:
    stmt = stmt.where(Entry.at >= window.start, Entry.at < window.end)
    if site is not None:
        stmt = stmt.where(Entry.site == site)
    if service is not None:
        stmt = stmt.where(Entry.service == service)
    return stmt


async def visits(
    session: AsyncSession,
    window: TimeRange,
    granularity: Granularity = "day",
    *,
    site: str | None = None,
    service: str | None = None,
) -> VisitsOut:
    if granularity not in STEPS:
        raise ValidationFailed("统计粒度只能是 day 或 hour", code="invalid_granularity")
    # Literals, not bind parameters: SELECT and GROUP BY must be the very same expression.
    bucket = func.date_trunc(
        literal_column(f"'{granularity}'"),
        Entry.at,
        literal_column(f"'{TIME_ZONE}'"),
        type_=DateTime(timezone=True),
    ).label("bucket")
    stmt = select(bucket, func.count().label("visits")).group_by(bucket)
    rows = await session.execute(_scoped(stmt, window, site, service))
    counts: dict[datetime, int] = {row.bucket: row.visits for row in rows}
    items = [
        VisitBucket(bucket=moment, visits=counts.get(moment, 0))
        for moment in _buckets(window, granularity)
    ]
    return VisitsOut(
        granularity=granularity,
        time_zone=TIME_ZONE,
        start=window.local_start,
        end=window.local_end,
        total=sum(counts.values()),
        items=items,
    )


def _buckets(window: TimeRange, granularity: Granularity) -> list[datetime]:
    """Every bucket start in Beijing time that overlaps the range, so gaps show as 0."""
    local = window.start.astimezone(BEIJING).replace(minute=0, second=0, microsecond=0)
    if granularity == "day":
        local = local.replace(hour=0)
    step, moments = STEPS[granularity], []
    while local < window.end:
        moments.append(local)
        local += step
    return moments


async def top_pages(
    session: AsyncSession,
    window: TimeRange,
    *,
    limit: int = 10,
    site: str | None = None,
    service: str | None = None,
) -> StatsList[PageVisits]:
    count = func.count().label("visits")
    stmt = select(Entry.path, count).group_by(Entry.path)
    stmt = _scoped(stmt, window, site, service).order_by(desc(count), Entry.path)
    rows = await session.execute(stmt.limit(min(limit, MAX_LIMIT)))
    items = [PageVisits(path=row.path, visits=row.visits) for row in rows]
    return StatsList[PageVisits](start=window.local_start, end=window.local_end, items=items)


async def top_sources(
    session: AsyncSession,
    window: TimeRange,
    *,
    limit: int = 10,
    site: str | None = None,
    service: str | None = None,
) -> StatsList[SourceVisits]:
    count = func.count().label("visits")
    stmt = select(Entry.source, count).group_by(Entry.source)
    stmt = _scoped(stmt, window, site, service).order_by(desc(count), Entry.source)
    rows = await session.execute(stmt.limit(min(limit, MAX_LIMIT)))
    items = [SourceVisits(source=row.source, visits=row.visits) for row in rows]
    return StatsList[SourceVisits](start=window.local_start, end=window.local_end, items=items)


async def error_rates(
    session: AsyncSession,
    window: TimeRange,
    *,
    site: str | None = None,
    service: str | None = None,
) -> StatsList[ServiceErrors]:
    stmt = select(
        Entry.service,
        func.count().label("requests"),
        func.count().filter(Entry.status.between(400, 499)).label("client_errors"),
        func.count().filter(Entry.status >= 500).label("server_errors"),
    ).group_by(Entry.service)
    rows = await session.execute(_scoped(stmt, window, site, service).order_by(Entry.service))
    items = [
        ServiceErrors(
            service=row.service,
            requests=row.requests,
            client_errors=row.client_errors,
            server_errors=row.server_errors,
            client_error_rate=round(row.client_errors / row.requests, 4),
            server_error_rate=round(row.server_errors / row.requests, 4),
        )
        for row in rows
    ]
    return StatsList[ServiceErrors](start=window.local_start, end=window.local_end, items=items)


async def latency(
    session: AsyncSession,
    window: TimeRange,
    *,
    site: str | None = None,
    service: str | None = None,
) -> StatsList[ServiceLatency]:
    def percentile(fraction: float, name: str) -> Any:
        return func.percentile_cont(fraction).within_group(Entry.latency_ms).label(name)

    stmt = select(
        Entry.service,
        func.count().label("requests"),
        percentile(0.5, "p50"),
        percentile(0.95, "p95"),
        percentile(0.99, "p99"),
    ).group_by(Entry.service)
    rows = await session.execute(_scoped(stmt, window, site, service).order_by(Entry.service))
    items = [
        ServiceLatency(
            service=row.service,
            requests=row.requests,
            p50_ms=round(row.p50, 3),
            p95_ms=round(row.p95, 3),
            p99_ms=round(row.p99, 3),
        )
        for row in rows
    ]
    return StatsList[ServiceLatency](start=window.local_start, end=window.local_end, items=items)
