"""高频问题: recent tickets grouped by their SimHash, near-identical texts merged.

Tickets with the same fingerprint are counted together (the same message sent again and
again); groups whose fingerprints are at most `MAX_BITS` apart are then merged here. Bucketing
by four 16-bit bands finds every such pair (three differing bits leave at least one band
identical) without comparing all pairs.

The window's whole days come from the fingerprint rollups (fingerprints.py): the city-wide
one, or the per unit and category one when the caller's scope or filter needs it. The part-day
the window starts in and today come from the tickets. So a new ticket counts at once, and a
change to an older one (转办, 分类) shows once the sweep has run (`rollup.SWEEP_SECONDS`).

Why: a month is ~42,000 tickets (Datong), read from wide rows and sorted for each group's
title and samples (~70 ms of SQL); the city rollup has ~15,000 rows for it, and titles,
samples, units and categories are read for the clusters shown only. The fingerprints come
back as three arrays, not a row object each: thousands of objects per request made the
garbage collector run, now and then over the whole process (200-400 ms)."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    any_,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from tickets.categories.catalogue import catalogue
from tickets.clock import CHINA
from tickets.stats.fingerprints import (
    CITY,
    DAILY,
    MAX_DAYS,
    SAMPLES,
    city,
    city_days,
    start_of,
    ticket_rows,
)
from tickets.stats.models import CityFingerprintDaily, FingerprintDaily
from tickets.stats.schemas import HotIssue, HotIssues
from tickets.stats.service import Scope
from tickets.tickets.models import Ticket

__all__ = ["MAX_DAYS", "Window", "answer", "cluster", "hot_issues"]

MAX_BITS = 3
_MASK = 0xFFFF_FFFF_FFFF_FFFF
_SHIFTS = (0, 16, 32, 48)  # four 16-bit bands


@dataclass(frozen=True)
class Group:
    """The tickets sharing one fingerprint."""

    simhash: int
    count: int
    last_at: datetime


@dataclass
class Detail:
    """What the answer shows of one fingerprint's tickets."""

    first_at: datetime
    last_at: datetime
    title: str  # of the newest
    numbers: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    categories: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """The last days up to now: whole days `first_day`..`last_day` from the rollups, and the
    tickets created from `since` to `whole_from` or from `today_from` on."""

    since: datetime
    first_day: date
    last_day: date
    whole_from: datetime
    today_from: datetime

    @classmethod
    def ending(cls, now: datetime, days: int, *, rollups: bool = True) -> Window:
        """`rollups=False` reads every ticket of the window: the reference the rollups are
        tested against."""
        since = now - timedelta(days=days)
        today = now.astimezone(CHINA).date()
        if not rollups:
            return cls(since, today, today - timedelta(days=1), start_of(today), start_of(today))
        first = since.astimezone(CHINA).date() + timedelta(days=1)
        return cls(since, first, today - timedelta(days=1), start_of(first), start_of(today))

    @property
    def has_whole_days(self) -> bool:
        return self.first_day <= self.last_day

    def live(self) -> ColumnElement[bool]:
        return or_(
            and_(Ticket.created_at >= self.since, Ticket.created_at < self.whole_from),
            Ticket.created_at >= self.today_from,
        )


def cluster(hashes: list[int]) -> list[int]:
    """For each fingerprint, its cluster (the index of one member): fingerprints at most
    `MAX_BITS` apart, transitively, share one."""
    parent = list(range(len(hashes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # One bucket per (band, value), an int key; a bucket holds an index until a second
    # fingerprint shares it. Thousands of small lists per request made the garbage
    # collector run (and now and then a full collection of the whole process, 200+ ms).
    buckets: dict[int, int | list[int]] = {}
    for i, h in enumerate(hashes):
        h &= _MASK
        for shift in _SHIFTS:
            key = (shift << 16) | ((h >> shift) & 0xFFFF)
            found = buckets.get(key)
            if found is None:
                buckets[key] = i
                continue
            if isinstance(found, int):
                found = buckets[key] = [found]
            for j in found:
                if ((h ^ hashes[j]) & _MASK).bit_count() <= MAX_BITS:
                    a, b = find(i), find(j)
                    if a != b:
                        parent[a] = b
            found.append(i)
    return [find(i) for i in range(len(hashes))]


def _scoped(stmt: Select[Any], unit_code: Any, category: Any, scope: Scope) -> Select[Any]:
    if scope.units is not None:
        stmt = stmt.where(unit_code.in_(scope.units))
    if scope.category is not None:
        code = scope.category
        stmt = stmt.where(or_(category == code, category.like(code + ".%")))
    return stmt


def _city_wide(scope: Scope) -> bool:
    return scope.units is None and scope.category is None


async def _groups(
    session: AsyncSession, scope: Scope, w: Window
) -> tuple[list[int], list[int], list[datetime]]:
    """Every fingerprint of the window in scope: hashes, counts and newest times, as three
    arrays (one row: no object per fingerprint)."""
    parts = [
        _scoped(
            select(
                Ticket.simhash, literal(1).label("tickets"), Ticket.created_at.label("last_at")
            ).where(w.live()),
            Ticket.unit_code,
            Ticket.category,
            scope,
        )
    ]
    if w.has_whole_days:
        t: Any = CityFingerprintDaily if _city_wide(scope) else FingerprintDaily
        rolled = select(t.simhash, t.tickets, t.last_at).where(
            t.day.between(w.first_day, w.last_day)
        )
        if t is FingerprintDaily:
            rolled = _scoped(rolled, t.unit_code, t.category, scope)
        parts.append(rolled)
    rows = union_all(*parts).subquery()
    groups = (
        select(
            rows.c.simhash,
            func.sum(rows.c.tickets).label("n"),
            func.max(rows.c.last_at).label("last_at"),
        )
        .group_by(rows.c.simhash)
        .subquery()
    )
    stmt = select(*(func.array_agg(c) for c in groups.c))
    hashes, counts, lasts = (await session.execute(stmt)).one()
    return hashes or [], counts or [], lasts or []


async def _details(
    session: AsyncSession, scope: Scope, w: Window, hashes: list[int]
) -> dict[int, Detail]:
    """The shown fingerprints' titles, samples, units and categories, over the window and
    within the scope: at most two rows each (rollup days, and the tickets read live)."""
    wanted = literal(hashes, ARRAY(BigInteger))
    live = _scoped(
        ticket_rows().where(w.live(), Ticket.simhash == any_(wanted)),
        Ticket.unit_code,
        Ticket.category,
        scope,
    )
    parts: list[Any] = []
    fine: list[Any] = [live]  # rows of DAILY columns, summed here
    if w.has_whole_days:
        days = (w.first_day, w.last_day)
        if _city_wide(scope):
            a = CityFingerprintDaily
            rows = select(*(getattr(a, c) for c in CITY)).where(
                a.day.between(*days), a.simhash == any_(wanted)
            )
            parts.append(city_days(rows.subquery()))
        else:
            b = FingerprintDaily
            rolled = select(*(getattr(b, c) for c in DAILY)).where(
                b.day.between(*days), b.simhash == any_(wanted)
            )
            fine.append(_scoped(rolled, b.unit_code, b.category, scope))
    source = union_all(*fine) if len(fine) > 1 else fine[0]
    parts.append(city(source.cte("fingerprints"), by_day=False))
    details: dict[int, Detail] = {}
    for h, _, first_at, last_at, title, numbers, units, categories in (
        await session.execute(union_all(*parts))
    ).all():
        d = details.get(h)
        if d is None:
            d = details[h] = Detail(first_at, last_at, title)
        elif last_at > d.last_at:
            d.last_at, d.title = last_at, title
        d.first_at = min(d.first_at, first_at)
        d.numbers.update(numbers.split())
        d.units.update(units.split())
        weights = d.categories
        for pair in categories.split(" "):
            code, _, n = pair.rpartition("=")
            weights[code] = weights.get(code, 0) + int(n)
    return details


async def answer(
    session: AsyncSession, scope: Scope, w: Window, days: int, limit: int, min_count: int
) -> HotIssues:
    hashes, counts, lasts = await _groups(session, scope, w)
    roots = cluster(hashes)
    total: dict[int, int] = {}
    newest: dict[int, datetime] = {}
    for i, root in enumerate(roots):
        total[root] = total.get(root, 0) + counts[i]
        if root not in newest or lasts[i] > newest[root]:
            newest[root] = lasts[i]
    # The most tickets first, then the most recent.
    top = heapq.nlargest(limit, total, key=lambda root: (total[root], newest[root]))
    members: dict[int, list[Group]] = {root: [] for root in top if total[root] >= min_count}
    for i, root in enumerate(roots):
        if root in members:
            members[root].append(Group(hashes[i], counts[i], lasts[i]))
    wanted = [g.simhash for groups in members.values() for g in groups]
    details = await _details(session, scope, w, wanted) if wanted else {}
    issues = [_issue(groups, total[root], details) for root, groups in members.items()]
    return HotIssues(since=w.since, days=days, issues=[i for i in issues if i is not None])


async def hot_issues(
    session: AsyncSession,
    scope: Scope,
    now: datetime,
    days: int,
    limit: int,
    min_count: int = 2,
) -> HotIssues:
    return await answer(session, scope, Window.ending(now, days), days, limit, min_count)


def _issue(members: list[Group], count: int, details: dict[int, Detail]) -> HotIssue | None:
    # The details are read after the counts: a sweep committing in between (a 转办 out of the
    # scope) can leave a fingerprint without them.
    members = [g for g in members if g.simhash in details]
    if not members:
        return None
    biggest = max(members, key=lambda g: (g.count, g.last_at))
    shown = [details[g.simhash] for g in members]
    weight: Counter[str] = Counter()
    for d in shown:
        weight.update(d.categories)
    # The most tickets; on a tie a real category over none, then the lowest code.
    top = min(weight, key=lambda c: (-weight[c], c == "", c)) if weight else ""
    found = catalogue().get(top) if top else None
    return HotIssue(
        title=details[biggest.simhash].title,
        count=count,
        category=top or None,
        category_name=found.full_name if found else None,
        units=sorted({u for d in shown for u in d.units}),
        first_at=min(d.first_at for d in shown),
        last_at=max(d.last_at for d in shown),
        sample_numbers=sorted({n for d in shown for n in d.numbers}, reverse=True)[:SAMPLES],
    )
