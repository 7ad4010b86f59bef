"""Statistics over the rollups: who may see what, which rows answer a date range, and the
figures (rates, averages, subtree roll-ups) computed from their sums."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, literal, or_, select, union_all
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.errors import Forbidden, ValidationFailed
from tickets.categories.catalogue import catalogue
from tickets.stats.models import (
    MEASURES,
    CategoryDailyStats,
    DailyStats,
    MonthlyStats,
    UnitDailyStats,
)
from tickets.stats.rollup import month_end, month_start, refreshed_at
from tickets.stats.schemas import (
    CategoryRow,
    CategoryTable,
    DayPoint,
    Figures,
    Overview,
    Period,
    Series,
    UnitRow,
    UnitTable,
)
from tickets.tickets.access import handler_orgs, sees_everything
from tickets.tickets.models import HANDLING_STATES, Ticket
from tickets.units.models import Unit

MAX_RANGE_DAYS = 366
Sums = dict[str, int]


@dataclass(frozen=True)
class Scope:
    """The lead units whose tickets count: None for all (unassigned tickets included)."""

    units: tuple[str, ...] | None
    category: str | None = None  # a level-1 or level-2 code

    @property
    def restricted(self) -> bool:
        return self.units is not None


def check_range(first: date, last: date) -> None:
    if first > last:
        raise ValidationFailed("开始日期不能晚于结束日期", code="range_reversed")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ValidationFailed(
            f"统计区间最长 {MAX_RANGE_DAYS} 天，请缩短日期范围", code="range_too_long"
        )


def check_category(code: str | None) -> None:
    if code is None:
        return
    category = catalogue().get(code)
    if category is None:
        raise ValidationFailed(f"诉求分类 {code} 不存在", code="unknown_category")
    if category.level > 2:
        raise ValidationFailed("统计按一级或二级诉求分类筛选", code="category_too_deep")


async def scope_for(
    session: AsyncSession, identity: Identity, unit: str | None, category: str | None
) -> Scope:
    """Everything for dispatchers, supervisors and platform admins; a unit handler's own
    subtree(s); nobody else. `unit` narrows to that unit's subtree. Who may see statistics
    is settled before the filters are checked."""
    if sees_everything(identity):
        allowed: tuple[str, ...] | None = None
    else:
        orgs = handler_orgs(identity)
        if not orgs:
            raise Forbidden("当前账号无权查看统计数据", code="outside_scope")
        allowed = await _subtree(session, orgs)
    check_category(category)
    if unit is None:
        return Scope(allowed, category)
    if await session.get(Unit, unit) is None:
        raise ValidationFailed(f"承办单位 {unit} 不存在", code="unknown_unit")
    wanted = await _subtree(session, [unit])
    if allowed is not None:
        if unit not in allowed:
            raise Forbidden("只能查看本单位及下级单位的统计", code="outside_scope")
        wanted = tuple(c for c in wanted if c in set(allowed))
    return Scope(wanted, category)


async def _subtree(session: AsyncSession, codes: list[str]) -> tuple[str, ...]:
    rows = await session.scalars(select(Unit.code).where(Unit.path.overlap(array(codes))))
    return tuple(sorted(rows.all()))


# -- which rows answer a range -----------------------------------------------------------------


def split_range(first: date, last: date, today: date) -> tuple[list[date], list[date]]:
    """Months the range covers whole (nothing happens after today, so the current month is
    whole once the range reaches today) and the leftover days."""
    last = min(last, today)
    months: list[date] = []
    days: list[date] = []
    cursor = first
    while cursor <= last:
        start, end = month_start(cursor), month_end(cursor)
        if cursor == start and (last >= end or (start <= today <= end and last == today)):
            months.append(start)
        else:
            days += [cursor + timedelta(i) for i in range((min(end, last) - cursor).days + 1)]
        cursor = end + timedelta(days=1)
    return months, days


def _filtered(stmt: Select[Any], table: Any, scope: Scope) -> Select[Any]:
    if scope.units is not None:
        stmt = stmt.where(table.unit_code.in_(scope.units) if scope.units else literal(False))
    code = scope.category
    if code is not None:
        if "." in code:
            stmt = stmt.where(table.category == code)
        else:
            stmt = stmt.where(or_(table.category == code, table.category.like(code + ".%")))
    return stmt


def _daily_table(scope: Scope, by_unit: bool, by_category: bool) -> Any:
    need_unit = by_unit or scope.restricted
    need_category = by_category or scope.category is not None
    if need_unit and need_category:
        return DailyStats
    return UnitDailyStats if need_unit else CategoryDailyStats


async def range_sums(
    session: AsyncSession,
    scope: Scope,
    first: date,
    last: date,
    today: date,
    *,
    by_unit: bool = False,
    by_category: bool = False,
) -> dict[tuple[str, ...], Sums]:
    """Summed measures over first..last, keyed by (unit,) / (category,) / ()."""
    months, days = split_range(first, last, today)
    parts = []
    for table, where in ((MonthlyStats, months), (_daily_table(scope, by_unit, by_category), days)):
        if not where:
            continue
        keys = [table.unit_code] if by_unit else []
        keys += [table.category] if by_category else []
        cols = [getattr(table, m).label(m) for m in MEASURES]
        period = table.month if table is MonthlyStats else table.day
        parts.append(_filtered(select(*keys, *cols).where(period.in_(where)), table, scope))
    if not parts:
        return {}
    sub = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    keys = [sub.c.unit_code] if by_unit else []
    keys += [sub.c.category] if by_category else []
    sums = [func.coalesce(func.sum(sub.c[m]), 0).label(m) for m in MEASURES]
    rows = (await session.execute(select(*keys, *sums).group_by(*keys))).all()
    n = len(keys)
    return {tuple(r[:n]): {m: int(v) for m, v in zip(MEASURES, r[n:], strict=True)} for r in rows}


def figures(sums: Sums | None) -> Figures:
    s = sums or {}
    replied, rated = s.get("replied", 0), s.get("rated", 0)
    return Figures(
        created=s.get("created", 0),
        replied=replied,
        transferred=s.get("transferred", 0),
        closed=s.get("closed", 0),
        replied_on_time=s.get("replied_on_time", 0),
        on_time_rate=round(s["replied_on_time"] / replied, 4) if replied else None,
        rated=rated,
        satisfied=s.get("satisfied", 0),
        satisfaction_rate=round(s["satisfied"] / rated, 4) if rated else None,
        avg_handling_hours=round(s["handling_seconds"] / replied / 3600, 2) if replied else None,
    )


def _add(into: Sums, more: Sums) -> None:
    for m in MEASURES:
        into[m] = into.get(m, 0) + more.get(m, 0)


# -- overdue is a state now, not an event: read live from the open tickets ----------------------


async def overdue_counts(
    session: AsyncSession, scope: Scope, today: date, *, by_unit: bool, by_category: bool
) -> dict[tuple[str, ...], int]:
    category = func.coalesce(func.left(Ticket.category, 5), "")
    keys = [func.coalesce(Ticket.unit_code, "")] if by_unit else []
    keys += [category] if by_category else []
    stmt = select(*keys, func.count()).where(
        Ticket.state.in_([s.value for s in HANDLING_STATES]), Ticket.due_on < today
    )
    if scope.units is not None:
        stmt = stmt.where(Ticket.unit_code.in_(scope.units) if scope.units else literal(False))
    if scope.category is not None:
        stmt = stmt.where(
            or_(Ticket.category == scope.category, Ticket.category.like(scope.category + ".%"))
        )
    rows = (await session.execute(stmt.group_by(*keys))).all()
    n = len(keys)
    return {tuple(r[:n]): int(r[n]) for r in rows}


# -- the answers -------------------------------------------------------------------------------


async def overview(session: AsyncSession, scope: Scope, today: date) -> Overview:
    first = month_start(today)
    month = await range_sums(session, scope, first, today, today)
    day = await range_sums(session, scope, today, today, today)
    overdue = await overdue_counts(session, scope, today, by_unit=False, by_category=False)
    return Overview(
        as_of=await refreshed_at(session),
        today=Period(first=today, last=today, figures=figures(day.get(()))),
        month=Period(first=first, last=today, figures=figures(month.get(()))),
        overdue=overdue.get((), 0),
    )


async def by_unit(
    session: AsyncSession, scope: Scope, first: date, last: date, today: date
) -> UnitTable:
    """Every unit in scope with its own figures and its subtree's (a district includes its
    streets), by the current unit tree."""
    own = await range_sums(session, scope, first, last, today, by_unit=True)
    late = await overdue_counts(session, scope, today, by_unit=True, by_category=False)
    stmt = select(Unit).where(Unit.active.is_(True))
    if scope.units is not None:
        stmt = stmt.where(Unit.code.in_(scope.units))
    units = list((await session.scalars(stmt)).all())
    paths = {u.code: u.path for u in units}
    extra = set(own) | set(late)
    missing = {c for (c,) in extra if c and c not in paths}
    if missing:  # removed units still hold old tickets
        for u in (await session.scalars(select(Unit).where(Unit.code.in_(missing)))).all():
            paths[u.code] = u.path
    subtree: dict[str, Sums] = defaultdict(dict)
    subtree_late: dict[str, int] = defaultdict(int)
    for (code,), sums in own.items():
        for ancestor in paths.get(code, []):
            _add(subtree[ancestor], sums)
    for (code,), n in late.items():
        for ancestor in paths.get(code, []):
            subtree_late[ancestor] += n
    rows = [
        UnitRow(
            code=u.code,
            name=u.name,
            kind=u.kind,
            parent_code=u.parent_code,
            depth=len(u.path),
            figures=figures(subtree.get(u.code)),
            own=figures(own.get((u.code,))),
            overdue=subtree_late.get(u.code, 0),
        )
        for u in sorted(units, key=lambda u: u.path)
    ]
    return UnitTable(first=first, last=last, as_of=await refreshed_at(session), units=rows)


async def by_category(
    session: AsyncSession, scope: Scope, first: date, last: date, today: date, level: int
) -> CategoryTable:
    sums = await range_sums(session, scope, first, last, today, by_category=True)
    late = await overdue_counts(session, scope, today, by_unit=False, by_category=True)

    def key(code: str) -> str:
        return code.split(".")[0] if level == 1 else code

    merged: dict[str, Sums] = defaultdict(dict)
    merged_late: dict[str, int] = defaultdict(int)
    for (code,), s in sums.items():
        _add(merged[key(code)], s)
    for (code,), n in late.items():
        merged_late[key(code)] += n
    cat = catalogue()
    rows = []
    for code in sorted(set(merged) | set(merged_late)):
        found = cat.get(code) if code else None
        rows.append(
            CategoryRow(
                code=code,
                name=found.full_name if found else "未分类",
                figures=figures(merged.get(code)),
                overdue=merged_late.get(code, 0),
            )
        )
    rows.sort(key=lambda r: (-r.figures.created, r.code))
    return CategoryTable(
        first=first, last=last, level=level, as_of=await refreshed_at(session), categories=rows
    )


async def series(
    session: AsyncSession, scope: Scope, first: date, last: date, today: date
) -> Series:
    table = _daily_table(scope, False, False)
    stmt = select(
        table.day,
        func.sum(table.created),
        func.sum(table.replied),
        func.sum(table.closed),
    ).where(table.day.between(first, min(last, today)))
    stmt = _filtered(stmt, table, scope).group_by(table.day)
    found = {r[0]: r[1:] for r in (await session.execute(stmt)).all()}
    points = []
    for i in range((last - first).days + 1):
        day = first + timedelta(days=i)
        created, replied, closed = found.get(day, (0, 0, 0))
        points.append(DayPoint(day=day, created=created, replied=replied, closed=closed))
    return Series(first=first, last=last, as_of=await refreshed_at(session), days=points)
