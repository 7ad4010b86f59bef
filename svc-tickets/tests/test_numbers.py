"""Ticket numbers: a sequence per day, continuing after the day's highest number, made on
the day's first intake even when several arrive at once, dropped once the day is past."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tickets_support import app_of, insert_rows, ticket_row

from tickets.clock import now as clock_now
from tickets.tickets import numbers


async def sequences(client) -> list[str]:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.driver_autocommit() as conn:
        rows = await conn.fetch(
            "SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE 'ticket_serial_%'"
        )
    return sorted(r["relname"] for r in rows)


async def test_a_days_first_number_follows_the_highest_it_already_has(desk, client):
    now = clock_now()
    given = ticket_row(at=now - timedelta(minutes=5), number=f"12345-{now:%Y%m%d}-000041")
    await insert_rows(client, given)
    t = await desk.submit()
    assert t["number"] == f"12345-{now:%Y%m%d}-000042"


async def test_the_days_first_intakes_arriving_together_all_get_numbers(desk, client):
    answers = await asyncio.gather(
        *[
            desk.submit(title=f"同时到达的第{i}件", content=f"第{i}件诉求的内容。" * (i + 1))
            for i in range(8)
        ]
    )
    serials = sorted(int(a["number"][-6:]) for a in answers)
    assert serials == list(range(1, 9))
    assert await sequences(client) == [numbers.sequence_of(clock_now().date())]


async def test_sequences_of_days_gone_by_are_dropped(client):
    today = clock_now().date()
    async with app_of(client).state.db.driver_autocommit() as conn:
        for back in range(4):
            await numbers.create_day_sequence(conn, today - timedelta(days=back))
    dropped = await numbers.drop_old_sequences(app_of(client).state.db, today)
    assert sorted(dropped) == [numbers.sequence_of(today - timedelta(days=d)) for d in (3, 2)]
    assert await sequences(client) == [
        numbers.sequence_of(today - timedelta(days=1)),
        numbers.sequence_of(today),
    ]


def test_a_day_past_a_million_numbers_gets_a_longer_serial():
    day = clock_now().date()
    assert numbers.number_of(day, 1_234_567) == f"12345-{day:%Y%m%d}-1234567"
