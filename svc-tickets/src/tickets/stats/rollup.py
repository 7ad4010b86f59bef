"""Keeping the rollups true: recompute the days a change touched, then the grains above them.

Every change to a ticket writes a timeline entry, so the sweep reads the entries added since
its last run, takes the tickets they belong to, and recomputes every day those tickets count
on (the day each came in and the day of each of their timeline steps: a 重办 moves a reply
out of an old day, a rating lands on the reply's day, a 转办 moves the ticket's whole history
to another unit). Entries younger than `SETTLE` are read again on the next run, so a
transaction that committed a little after its timestamp is not missed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import structlog
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from govkit.tasks import Periodic
from tickets import clock
from tickets.stats import fingerprints
from tickets.stats.fingerprints import start_of
from tickets.stats.models import MEASURES, StatsSweep
from tickets.tickets.models import Ticket, TimelineEntry

log = structlog.get_logger(__name__)

SWEEP = "rollup"
SETTLE = timedelta(minutes=2)
SWEEP_SECONDS = 30.0
CHUNK_DAYS = 31
_LOCK = 0x7469636B  # advisory lock: one sweep at a time across replicas

_TZ = "'Asia/Shanghai'"
_DAY_OF = "(({col}) AT TIME ZONE " + _TZ + ")::date"
_ZEROS = {m: "0" for m in MEASURES}


def _event(day: str, source: str, where: str, **values: str) -> str:
    cols = ", ".join(f"{v} AS {m}" for m, v in (_ZEROS | values).items())
    return (
        f"SELECT {day} AS day, t.unit_code, left(t.category, 5) AS category, {cols} "
        f"FROM {source} WHERE {where}"
    )


_EVENTS = " UNION ALL ".join(
    [
        _event(
            "t.created_on",
            "tickets t",
            "t.created_at >= :lo AND t.created_at < :hi AND t.created_on BETWEEN :d0 AND :d1",
            created="1",
        ),
        _event(
            _DAY_OF.format(col="t.replied_at"),
            "tickets t",
            "t.replied_at >= :lo AND t.replied_at < :hi AND t.replied_at IS NOT NULL",
            replied="1",
            replied_on_time="CASE WHEN t.replied_on_time THEN 1 ELSE 0 END",
            handling_seconds="GREATEST(0, EXTRACT(EPOCH FROM t.replied_at - t.created_at))::bigint",
            rated="CASE WHEN t.satisfaction IS NOT NULL THEN 1 ELSE 0 END",
            satisfied="CASE WHEN t.satisfaction >= 4 THEN 1 ELSE 0 END",
        ),
        _event(
            _DAY_OF.format(col="t.closed_at"),
            "tickets t",
            "t.closed_at >= :lo AND t.closed_at < :hi AND t.closed_at IS NOT NULL",
            closed="1",
        ),
        _event(
            _DAY_OF.format(col="e.at"),
            "ticket_timeline e JOIN tickets t ON t.id = e.ticket_id",
            "e.action = 'reassign' AND e.at >= :lo AND e.at < :hi",
            transferred="1",
        ),
    ]
)
_SUMS = ", ".join(f"sum({m})" for m in MEASURES)
_MEASURE_LIST = ", ".join(MEASURES)

_REBUILD_DAILY = f"""
INSERT INTO ticket_stats_daily (day, unit_code, category, {_MEASURE_LIST})
SELECT day, coalesce(unit_code, ''), coalesce(category, ''), {_SUMS}
FROM ({_EVENTS}) ev
GROUP BY 1, 2, 3
"""
_DERIVED = {
    "ticket_stats_unit_daily": ("day, unit_code", "day, unit_code"),
    "ticket_stats_category_daily": ("day, category", "day, category"),
}
_REBUILD_MONTHLY = f"""
INSERT INTO ticket_stats_monthly (month, unit_code, category, {_MEASURE_LIST})
SELECT date_trunc('month', day)::date, unit_code, category, {_SUMS}
FROM ticket_stats_daily WHERE day BETWEEN :m0 AND :m1
GROUP BY 1, 2, 3
"""


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs, none longer than `CHUNK_DAYS`."""
    out: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if out and day - out[-1][1] == timedelta(days=1) and (day - out[-1][0]).days < CHUNK_DAYS:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


async def rebuild(session: AsyncSession, first: date, last: date) -> None:
    """Recompute every rollup for the days first..last (inclusive)."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    await rebuild_days(session, days)


async def rebuild_days(session: AsyncSession, days: Iterable[date]) -> None:
    # Serialised with the sweep (the same lock, re-entrant within one transaction).
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    months: set[date] = set()
    today = clock.today()
    for d0, d1 in runs(days):
        await fingerprints.rebuild(session, d0, d1, today)
        bounds = {"d0": d0, "d1": d1, "lo": start_of(d0), "hi": start_of(d1 + timedelta(1))}
        await session.execute(
            text("DELETE FROM ticket_stats_daily WHERE day BETWEEN :d0 AND :d1"), bounds
        )
        await session.execute(text(_REBUILD_DAILY), bounds)
        for table, (keys, group) in _DERIVED.items():
            await session.execute(
                text(f"DELETE FROM {table} WHERE day BETWEEN :d0 AND :d1"), bounds
            )
            await session.execute(
                text(
                    f"INSERT INTO {table} ({keys}, {_MEASURE_LIST}) "
                    f"SELECT {group}, {_SUMS} FROM ticket_stats_daily "
                    f"WHERE day BETWEEN :d0 AND :d1 GROUP BY {group}"
                ),
                bounds,
            )
        months.update({month_start(d0), month_start(d1)})
    for m0, m1 in runs(months):
        bounds = {"m0": m0, "m1": month_end(m1)}
        await session.execute(
            text("DELETE FROM ticket_stats_monthly WHERE month BETWEEN :m0 AND :m1"), bounds
        )
        await session.execute(text(_REBUILD_MONTHLY), bounds)


async def rebuild_all(session: AsyncSession, today: date) -> None:
    first = await session.scalar(select(func.min(Ticket.created_on)))
    await session.execute(
        text(
            "TRUNCATE ticket_stats_daily, ticket_stats_unit_daily, "
            "ticket_stats_category_daily, ticket_stats_monthly, "
            "ticket_fingerprints_daily, ticket_fingerprints_city_daily"
        )
    )
    if first is not None:
        await rebuild(session, first, max(first, today))


async def _touched_days(session: AsyncSession, after_id: int) -> tuple[set[date], int, int]:
    """Days to recompute for the timeline entries after `after_id`, the next watermark and
    how many entries were read."""
    rows = (
        await session.execute(
            select(TimelineEntry.id, TimelineEntry.ticket_id, TimelineEntry.at)
            .where(TimelineEntry.id > after_id)
            .order_by(TimelineEntry.id)
        )
    ).all()
    if not rows:
        return set(), after_id, 0
    settled_before = clock.now() - SETTLE
    unsettled = [r.id for r in rows if r.at >= settled_before]
    watermark = min(unsettled) - 1 if unsettled else rows[-1].id
    tickets = list({r.ticket_id for r in rows})
    days: set[date] = set()
    for start in range(0, len(tickets), 5000):
        batch = tickets[start : start + 5000]
        days.update(
            (await session.scalars(select(Ticket.created_on).where(Ticket.id.in_(batch)))).all()
        )
        step_days = select(func.date(func.timezone("Asia/Shanghai", TimelineEntry.at))).where(
            TimelineEntry.ticket_id.in_(batch)
        )
        days.update((await session.scalars(step_days.distinct())).all())
    return days, max(watermark, after_id), len(rows)


async def sweep(session: AsyncSession) -> int:
    """Bring the rollups up to date; how many days were recomputed (-1: another replica is
    sweeping)."""
    locked = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _LOCK})
    if not locked:
        return -1
    now = clock.now()
    state = await session.get(StatsSweep, SWEEP)
    if state is None:
        top = await session.scalar(select(func.coalesce(func.max(TimelineEntry.id), 0)))
        await rebuild_all(session, now.date())
        session.add(StatsSweep(name=SWEEP, timeline_id=int(top or 0), refreshed_at=now))
        log.info("stats_rebuilt")
        return -2
    days, watermark, read = await _touched_days(session, state.timeline_id)
    if days:
        await rebuild_days(session, days)
    state.timeline_id, state.refreshed_at = watermark, now
    if read:
        log.info("stats_swept", entries=read, days=len(days))
    return len(days)


async def refreshed_at(session: AsyncSession) -> datetime | None:
    return await session.scalar(select(StatsSweep.refreshed_at).where(StatsSweep.name == SWEEP))


def periodic(db: Database, interval: float = SWEEP_SECONDS) -> Periodic:
    async def run() -> None:
        async with db.transaction() as session:
            await sweep(session)

    return Periodic("stats-rollup", interval, run)
