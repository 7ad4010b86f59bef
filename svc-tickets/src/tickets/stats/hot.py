"""高频问题: recent tickets grouped by their SimHash, near-identical texts merged.

The database groups identical fingerprints (the same message sent again and again); the
groups whose fingerprints are at most `MAX_BITS` apart are then merged here. Bucketing by
four 16-bit bands finds every such pair (three differing bits leave at least one band
identical) without comparing all pairs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from tickets.categories.catalogue import catalogue
from tickets.stats.schemas import HotIssue, HotIssues
from tickets.stats.service import Scope
from tickets.tickets.fingerprint import distance
from tickets.tickets.models import Ticket

MAX_BITS = 3
BANDS = 4
MAX_DAYS = 31
SAMPLES = 5


@dataclass
class Group:
    """The tickets sharing one fingerprint."""

    simhash: int
    count: int
    first_at: datetime
    last_at: datetime
    title: str
    numbers: str  # the newest few, space-separated
    category: str  # the most frequent level-2 code ('' for none)
    units: str  # space-separated


def _bands(h: int) -> list[tuple[int, int]]:
    u = h & 0xFFFF_FFFF_FFFF_FFFF
    return [(i, (u >> (16 * i)) & 0xFFFF) for i in range(BANDS)]


def cluster(groups: list[Group]) -> list[list[Group]]:
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[int, int], list[int]] = {}
    for i, g in enumerate(groups):
        for band in _bands(g.simhash):
            for j in buckets.setdefault(band, []):
                if find(i) != find(j) and distance(g.simhash, groups[j].simhash) <= MAX_BITS:
                    parent[find(i)] = find(j)
            buckets[band].append(i)
    clusters: dict[int, list[Group]] = {}
    for i, g in enumerate(groups):
        clusters.setdefault(find(i), []).append(g)
    return list(clusters.values())


async def hot_issues(
    session: AsyncSession,
    scope: Scope,
    now: datetime,
    days: int,
    limit: int,
    min_count: int = 2,
) -> HotIssues:
    since = now - timedelta(days=days)
    newest_first = Ticket.created_at.desc()
    # Strings rather than arrays: decoding 10,000 small arrays costs more than the query.
    stmt = select(
        Ticket.simhash,
        func.count(),
        func.min(Ticket.created_at),
        func.max(Ticket.created_at),
        func.array_agg(aggregate_order_by(Ticket.title, newest_first))[1],
        func.array_to_string(
            func.array_agg(aggregate_order_by(Ticket.number, newest_first))[1:SAMPLES], " "
        ),
        func.mode().within_group(func.coalesce(func.left(Ticket.category, 5), "")),
        func.array_to_string(func.array_agg(Ticket.unit_code.distinct()), " "),
    ).where(Ticket.created_at >= since)
    if scope.units is not None:
        stmt = stmt.where(Ticket.unit_code.in_(scope.units))
    if scope.category is not None:
        stmt = stmt.where(
            or_(Ticket.category == scope.category, Ticket.category.like(scope.category + ".%"))
        )
    rows = (await session.execute(stmt.group_by(Ticket.simhash))).all()
    groups = [Group(*row) for row in rows]
    ranked = sorted(
        ((sum(g.count for g in members), members) for members in cluster(groups)),
        key=lambda c: (-c[0], -max(g.last_at for g in c[1]).timestamp()),
    )
    issues = [_issue(members, count) for count, members in ranked[:limit] if count >= min_count]
    return HotIssues(since=since, days=days, issues=issues)


def _issue(members: list[Group], count: int) -> HotIssue:
    biggest = max(members, key=lambda g: (g.count, g.last_at))
    weight: Counter[str] = Counter()
    for g in members:
        weight[g.category] += g.count
    top = weight.most_common(1)[0][0] or None
    found = catalogue().get(top) if top else None
    numbers = {n for g in members for n in g.numbers.split()}
    return HotIssue(
        title=biggest.title,
        count=count,
        category=top,
        category_name=found.full_name if found else None,
        units=sorted({u for g in members for u in g.units.split()}),
        first_at=min(g.first_at for g in members),
        last_at=max(g.last_at for g in members),
        sample_numbers=sorted(numbers, reverse=True)[:SAMPLES],
    )
