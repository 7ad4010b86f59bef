"""高频问题 over the fingerprint rollups: the same answer as reading every ticket of the
window, new tickets at once, older changes with the next sweep, only recent days kept."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from test_stats import get, refresh
from tickets_support import GAS, app_of, insert_rows, ticket_row, transfer_entry

from tickets import clock
from tickets.stats import hot, rollup
from tickets.stats.fingerprints import DAYS_KEPT
from tickets.stats.models import CityFingerprintDaily, FingerprintDaily
from tickets.stats.service import Scope
from tickets.tickets.models import Ticket

TEXTS = [
    ("燃气漏气", "东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，物业不管，请尽快上门检修。"),
    ("噪音扰民", "工地夜间施工噪音很大，凌晨两点还在打桩，严重影响周边居民休息，请有关部门查处。"),
    ("路灯不亮", "西关街道主路路灯不亮已经一周，晚上出行很不安全，请尽快安排维修恢复照明。"),
    ("供暖不热", "小区暖气温度只有十二度，老人孩子受不了，多次联系供热公司无人处理，请督促。"),
]
# Small edits keep a text within a few bits of its original: near-identical tickets.
EDITS = [("两天", "三天"), ("一周", "十天"), ("十二度", "十三度"), ("两点", "三点"), ("", "")]
UNITS = ["xc-01", "xc-01-01", "xc-02", "lc", "cgj", None]
CATEGORIES = [GAS, "01.02.01", "01.03.02", "04.01.01", "12.01.03", None]


def some_tickets(now: datetime, n: int, seed: int = 7) -> list[Ticket]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        title, content = rng.choice(TEXTS)
        old, new = rng.choice(EDITS)
        rows.append(
            ticket_row(
                rng.choice(UNITS),
                at=now - timedelta(minutes=rng.randrange(35 * 24 * 60)),
                title=title,
                content=content.replace(old, new) if old else content,
                category=rng.choice(CATEGORIES),
            )
        )
    return rows


async def answer(
    client: Any, scope: Scope, now: datetime, days: int, *, rollups: bool
) -> dict[str, Any]:
    window = hot.Window.ending(now, days, rollups=rollups)
    async with app_of(client).state.db.transaction() as session:
        found = await hot.answer(session, scope, window, days, limit=20, min_count=2)
    return found.model_dump(mode="json")


async def test_hot_issues_from_the_rollups_equal_reading_every_ticket(desk, client):
    await insert_rows(client, *some_tickets(clock.now(), 400))
    await refresh(client)
    scopes = [
        Scope(None),
        Scope(None, "01"),
        Scope(None, "01.02"),
        Scope(("xc-01", "xc-01-01")),
        Scope(("lc", "xc-02"), "04"),
        Scope(()),
    ]
    now = clock.now()
    for scope in scopes:
        for days in (1, 2, 7, 31):
            from_rollups = await answer(client, scope, now, days, rollups=True)
            from_tickets = await answer(client, scope, now, days, rollups=False)
            assert from_rollups == from_tickets, (scope, days)
    city = await answer(client, Scope(None), now, 31, rollups=True)
    assert city["issues"] and {i["title"] for i in city["issues"]} <= {t for t, _ in TEXTS}
    assert sum(i["count"] for i in city["issues"]) > 300  # near-identical texts merged


def test_fingerprints_at_most_three_bits_apart_cluster_transitively():
    a = 0x0123_4567_89AB_CDEF
    b = a ^ 0b111  # 3 bits from a
    c = b ^ (0b11 << 40)  # 2 bits from b, 5 from a: joins through b
    d = a ^ 0xF  # 4 bits from a, 1 from b
    far = a ^ (0xF << 20)  # 4 bits from a, 7 from b
    top_bit = 0x05 - (1 << 63)  # hashes are signed bigints: 0x05 with the top bit set
    roots = hot.cluster([a, b, c, d, far, 0x05, top_bit])
    assert len({roots[0], roots[1], roots[2], roots[3]}) == 1
    assert roots[4] not in roots[:4]
    assert roots[5] == roots[6] and roots[5] not in roots[:5]


async def test_a_new_ticket_counts_at_once_without_a_sweep(desk, client):
    await refresh(client)
    now = clock.now()
    same = {"title": TEXTS[0][0], "content": TEXTS[0][1]}
    await insert_rows(client, *(ticket_row(at=now, **same) for _ in range(2)))
    body = await get(client, "/stats/hot", desk.dispatcher, days=7)
    assert [i["count"] for i in body["issues"]] == [2]


async def test_the_window_starts_at_the_exact_time_not_the_day(desk, client):
    since = clock.now() - timedelta(days=7)
    same = {"title": TEXTS[1][0], "content": TEXTS[1][1]}
    await insert_rows(
        client,
        *(ticket_row(at=since + timedelta(minutes=5), **same) for _ in range(2)),
        *(ticket_row(at=since - timedelta(minutes=5), **same) for _ in range(3)),
    )
    await refresh(client)
    body = await get(client, "/stats/hot", desk.dispatcher, days=7)
    assert [i["count"] for i in body["issues"]] == [2]


async def test_a_transfer_reaches_hot_issues_with_the_next_sweep(desk, client):
    async with app_of(client).state.db.transaction() as session:
        await rollup.sweep(session)  # the first run builds everything
    three_days_ago = clock.now() - timedelta(days=3)
    same = {"title": TEXTS[2][0], "content": TEXTS[2][1]}
    rows = [ticket_row("lc", at=three_days_ago, **same) for _ in range(2)]
    await insert_rows(client, *rows)
    await refresh(client, three_days_ago.date())
    handler = desk.handler("xc-01")
    assert (await get(client, "/stats/hot", handler, days=7))["issues"] == []
    async with app_of(client).state.db.transaction() as session:
        for row in rows:
            ticket = await session.get(Ticket, row.id)
            assert ticket is not None
            ticket.unit_code, ticket.unit_path = "xc-01", ["city", "xc", "xc-01"]
            session.add(transfer_entry(ticket, clock.now()))
    async with app_of(client).state.db.transaction() as session:
        assert await rollup.sweep(session) >= 1
    issues = (await get(client, "/stats/hot", handler, days=7))["issues"]
    assert [(i["count"], i["units"]) for i in issues] == [(2, ["xc-01"])]


@pytest.mark.parametrize("days_ago", [DAYS_KEPT + 1, 60])
async def test_the_fingerprint_rollups_keep_only_recent_days(desk, client, days_ago):
    now = clock.now()
    await insert_rows(
        client,
        ticket_row(at=now - timedelta(days=days_ago)),
        ticket_row(at=now - timedelta(days=2)),
    )
    await refresh(client)
    async with app_of(client).state.db.transaction() as session:
        for table in (FingerprintDaily, CityFingerprintDaily):
            oldest = await session.scalar(select(func.min(table.day)))
            assert oldest == (now - timedelta(days=2)).date(), table
