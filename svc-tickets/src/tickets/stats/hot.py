"""高频问题: recent tickets grouped by their SimHash, near-identical texts merged.

Tickets with the same fingerprint are counted together (the same message sent again and
again); groups whose fingerprints are at most `MAX_BITS` apart are then merged here. Bucketing
by four 16-bit bands finds every such pair (three differing bits leave at least one band
identical) without comparing all pairs.

The whole days of the window come from the fingerprint rollups (fingerprints.py), city-wide or
per unit and category when the caller's scope or filter needs them; the part-day the window
starts in and today come from the tickets. So new tickets count at once, and a change to an
older ticket (转办, 分类) shows within the sweep interval (`rollup.SWEEP_SECONDS`). Reading
tickets for a month was most of the cost: ~42,000 wide rows sorted for per-group samples, where
the city rollup holds ~15,000 narrow ones and the samples only for the clusters shown are read."""

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
from tickets.stats.fingerprints import CITY, DAILY, MAX_DAYS, SAMPLES, city, start_of, ticket_rows
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
    categories: Counter[str] = field(default_factory=Counter)


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


def cluster(groups: list[Group]) -> list[list[Group]]:
    """Groups whose fingerprints are at most `MAX_BITS` apart, transitively, as clusters."""
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # One bucket per (band, value): an int key, since this loop runs four times per group.
    buckets: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        h = g.simhash & _MASK
        for shift in _SHIFTS:
            key = (shift << 16) | ((h >> shift) & 0xFFFF)
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [i]
                continue
            for j in bucket:
                if ((h ^ groups[j].simhash) & _MASK).bit_count() <= MAX_BITS:
                    a, b = find(i), find(j)
                    if a != b:
                        parent[a] = b
            bucket.append(i)
    clusters: dict[int, list[Group]] = {}
    for i, g in enumerate(groups):
        clusters.setdefault(find(i), []).append(g)
    return list(clusters.values())


def _scoped(stmt: Select[Any], unit_code: Any, category: Any, scope: Scope) -> Select[Any]:
    if scope.units is not None:
        stmt = stmt.where(unit_code.in_(scope.units))
    if scope.category is not None:
        code = scope.category
        stmt = stmt.where(or_(category == code, category.like(code + ".%")))
    return stmt


def _city_wide(scope: Scope) -> bool:
    return scope.units is None and scope.category is None


async def _groups(session: AsyncSession, scope: Scope, w: Window) -> list[Group]:
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
    stmt = select(rows.c.simhash, func.sum(rows.c.tickets), func.max(rows.c.last_at))
    result = await session.execute(stmt.group_by(rows.c.simhash))
    return [Group(*row) for row in result.all()]


async def _details(
    session: AsyncSession, scope: Scope, w: Window, hashes: list[int]
) -> dict[int, Detail]:
    """The shown fingerprints' titles, samples, units and categories, over the window and
    within the scope: city rollup rows as they are (one per day), or scoped rows summed."""
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
            parts.append(
                select(*(getattr(a, c) for c in CITY)).where(
                    a.day.between(*days), a.simhash == any_(wanted)
                )
            )
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


def _size(members: list[Group]) -> tuple[int, datetime]:
    if len(members) == 1:  # most clusters
        return members[0].count, members[0].last_at
    return sum(g.count for g in members), max(g.last_at for g in members)


async def answer(
    session: AsyncSession, scope: Scope, w: Window, days: int, limit: int, min_count: int
) -> HotIssues:
    sized = [(*_size(members), members) for members in cluster(await _groups(session, scope, w))]
    # The most tickets first, then the most recent.
    ranked = heapq.nlargest(limit, sized, key=lambda s: (s[0], s[1]))
    shown = [(count, members) for count, _, members in ranked if count >= min_count]
    hashes = [g.simhash for _, members in shown for g in members]
    details = await _details(session, scope, w, hashes) if hashes else {}
    issues = [_issue(members, count, details) for count, members in shown]
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
