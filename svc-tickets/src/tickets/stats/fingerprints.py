"""The per-day fingerprint rollups behind 高频问题 (hot.py), kept by the statistics sweep.

`ticket_fingerprints_daily` (day × lead unit × level-2 category × SimHash) is recomputed from
the tickets for the days that changed, `ticket_fingerprints_city_daily` (day × SimHash) is
summed from it, as the other rollups are (rollup.py). Only the last `DAYS_KEPT` days are kept:
高频问题 looks back at most `MAX_DAYS`.

The same SQL sums fingerprint rows however they come: tickets into daily rows (the sweep),
daily rows into city rows (the sweep; 高频问题 for a scope, and for the tickets it reads live),
city rows of several days into one per SimHash (city-wide 高频问题)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Text,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from tickets import clock
from tickets.stats.models import CityFingerprintDaily, FingerprintDaily
from tickets.tickets.models import Ticket

MAX_DAYS = 31
# The window's first (partial) day is read from the tickets, so MAX_DAYS - 1 whole days would
# do; one more keeps a request that straddles midnight covered.
DAYS_KEPT = MAX_DAYS + 1
SAMPLES = 5

DAILY = ("day", "unit_code", "category", "simhash", "tickets", "first_at", "last_at")
DAILY += ("title", "numbers")
CITY = ("simhash", "tickets", "first_at", "last_at", "title", "numbers", "units", "categories")


def start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), clock.CHINA)


def ticket_rows() -> Select[Any]:
    """Each ticket as a fingerprint row of one ticket (the columns of `DAILY`)."""
    return select(
        Ticket.created_on.label("day"),
        func.coalesce(Ticket.unit_code, "").label("unit_code"),
        func.coalesce(func.left(Ticket.category, 5), "").label("category"),
        Ticket.simhash.label("simhash"),
        literal(1).label("tickets"),
        Ticket.created_at.label("first_at"),
        Ticket.created_at.label("last_at"),
        Ticket.title.label("title"),
        Ticket.number.label("numbers"),
    )


def _summed(rows: FromClause) -> list[ColumnElement[Any]]:
    # Samples are the highest numbers (they grow with time: the newest), compared as Python
    # compares them. A row's numbers start with its highest, so the rows with the highest
    # first numbers hold the highest numbers of all (a superset: the reader sorts and cuts).
    highest = rows.c.numbers.collate("C").desc()
    return [
        func.sum(rows.c.tickets).label("tickets"),
        func.min(rows.c.first_at).label("first_at"),
        func.max(rows.c.last_at).label("last_at"),
        func.array_agg(aggregate_order_by(rows.c.title, rows.c.last_at.desc()))[1].label("title"),
        func.array_to_string(
            func.array_agg(aggregate_order_by(rows.c.numbers, highest))[1:SAMPLES], " "
        ).label("numbers"),
    ]


def daily(rows: FromClause) -> Select[Any]:
    """Fingerprint rows (`DAILY` columns) summed per day, unit, category and SimHash."""
    keys = [rows.c[k] for k in DAILY[:4]]
    return select(*keys, *_summed(rows)).group_by(*keys)


def city(rows: FromClause, *, by_day: bool) -> Select[Any]:
    """Fingerprint rows (`DAILY` columns) summed per SimHash (and day, for the rollup), with
    their distinct units and their tickets per category (the `CITY` columns). `rows` is read
    twice: pass a CTE."""
    names = ["day", "simhash"] if by_day else ["simhash"]
    keys = [rows.c[k] for k in names]
    units = func.string_agg(rows.c.unit_code.distinct(), literal(" ", Text)).label("units")
    main = select(*keys, *_summed(rows), units).group_by(*keys).subquery()
    per_category = (
        select(*keys, rows.c.category, func.sum(rows.c.tickets).label("n"))
        .group_by(*keys, rows.c.category)
        .subquery()
    )
    pair = per_category.c.category + "=" + cast(per_category.c.n, Text)
    category_keys = [per_category.c[k] for k in names]
    categories = (
        select(*category_keys, func.string_agg(pair, literal(" ", Text)).label("categories"))
        .group_by(*category_keys)
        .subquery()
    )
    day = [main.c.day] if by_day else []
    return select(*day, *(main.c[c] for c in CITY[:-1]), categories.c.categories).join_from(
        main, categories, and_(*(main.c[k] == categories.c[k] for k in names))
    )


def city_days(rows: FromClause) -> Select[Any]:
    """City rows of several days (`CITY` columns) summed per SimHash; units and categories
    are joined, not merged (the reader dedupes the units and adds up the categories)."""
    space = literal(" ", Text)
    return select(
        rows.c.simhash,
        *_summed(rows),
        func.string_agg(rows.c.units, space).label("units"),
        func.string_agg(rows.c.categories, space).label("categories"),
    ).group_by(rows.c.simhash)


async def rebuild(session: AsyncSession, first: date, last: date, today: date) -> None:
    """Recompute the fingerprint rollups for first..last (inclusive), as far as they are
    kept; drop the days no longer kept."""
    oldest = today - timedelta(days=DAYS_KEPT)
    for table in (FingerprintDaily, CityFingerprintDaily):
        await session.execute(delete(table).where(table.day < oldest))
    first = max(first, oldest)
    if first > last:
        return
    await session.execute(delete(FingerprintDaily).where(FingerprintDaily.day.between(first, last)))
    tickets = ticket_rows().where(
        Ticket.created_at >= start_of(first),
        Ticket.created_at < start_of(last + timedelta(days=1)),
        Ticket.created_on.between(first, last),
    )
    await session.execute(insert(FingerprintDaily).from_select(DAILY, daily(tickets.subquery())))
    await session.execute(
        delete(CityFingerprintDaily).where(CityFingerprintDaily.day.between(first, last))
    )
    rows = select(*(getattr(FingerprintDaily, c) for c in DAILY)).where(
        FingerprintDaily.day.between(first, last)
    )
    await session.execute(
        insert(CityFingerprintDaily).from_select(
            ("day", *CITY), city(rows.cte("fingerprints"), by_day=True)
        )
    )
