"""统计: every figure from a small hand-built set of tickets, the unit subtree roll-up, the
rollup sweep, scope and bad ranges."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from tickets_support import app_of, insert_rows, ticket_row, transfer_entry

from tickets import clock
from tickets.clock import CHINA
from tickets.stats import rollup
from tickets.tickets.fingerprint import distance, simhash

TODAY = clock.today()
MONTH_START = TODAY.replace(day=1)
LAST_MONTH = MONTH_START - timedelta(days=20)


def at(day: date, hour: int = 0, minute: int = 1) -> datetime:
    return datetime.combine(day, time(hour, minute), CHINA)


async def refresh(client, first: date = TODAY - timedelta(days=400)) -> None:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.transaction() as session:
        await rollup.rebuild(session, first, TODAY)


async def get(client, path: str, headers: dict[str, str], **params: Any) -> Any:  # type: ignore[no-untyped-def]
    r = await client.get(path, params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def overview(desk, **params: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    await refresh(desk.client)
    return await get(desk.client, "/stats/overview", desk.dispatcher, **params)  # type: ignore[no-any-return]


# -- today / this month ------------------------------------------------------------------------


async def test_created_counts_today_and_this_month(desk, client):
    await insert_rows(
        client,
        ticket_row(at=at(TODAY)),
        ticket_row(at=at(MONTH_START)),
        ticket_row(at=at(LAST_MONTH)),
    )
    o = await overview(desk)
    assert o["today"]["figures"]["created"] == 1 + (MONTH_START == TODAY)
    assert o["month"]["figures"]["created"] == 2


async def test_handled_counts_replies_on_the_day_of_the_reply(desk, client):
    await insert_rows(
        client,
        ticket_row(at=at(LAST_MONTH), state="replied", replied_at=at(TODAY, 0, 5)),
        ticket_row(at=at(LAST_MONTH)),
    )
    o = await overview(desk)
    assert o["today"]["figures"]["replied"] == 1
    assert o["today"]["figures"]["created"] == 0


async def test_transferred_counts_each_reassignment_on_its_day(desk, client):
    moved = ticket_row(at=at(LAST_MONTH), transfers=2)
    await insert_rows(
        client,
        moved,
        transfer_entry(moved, at(LAST_MONTH, 3)),
        transfer_entry(moved, at(TODAY, 0, 2)),
    )
    o = await overview(desk)
    assert o["today"]["figures"]["transferred"] == 1
    assert o["month"]["figures"]["transferred"] == 1


async def test_closed_counts_by_the_closing_day(desk, client):
    await insert_rows(
        client,
        ticket_row(at=at(LAST_MONTH), state="closed", closed_at=at(TODAY, 0, 3)),
        ticket_row(at=at(LAST_MONTH - timedelta(days=5)), state="closed", closed_at=at(LAST_MONTH)),
    )
    o = await overview(desk)
    assert o["today"]["figures"]["closed"] == 1
    assert o["month"]["figures"]["closed"] == 1


async def test_overdue_counts_open_tickets_past_their_due_day(desk, client):
    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    await insert_rows(
        client,
        ticket_row(at=at(LAST_MONTH), state="in_progress", due_on=yesterday),
        ticket_row(at=at(LAST_MONTH), state="accepted", due_on=yesterday),
        ticket_row(at=at(LAST_MONTH), state="in_progress", due_on=tomorrow),
        ticket_row(
            at=at(LAST_MONTH), state="replied", due_on=yesterday, replied_at=at(LAST_MONTH, 5)
        ),
    )
    assert (await overview(desk))["overdue"] == 2


# -- rates and averages ------------------------------------------------------------------------


def replied(day: date, hours: float, **fields: Any) -> Any:
    created = at(day)
    fields = {"state": "replied", "replied_at": created + timedelta(hours=hours)} | fields
    return ticket_row(at=created, **fields)


async def test_on_time_rate_is_on_time_replies_over_replies(desk, client):
    day = TODAY - timedelta(days=3)
    await insert_rows(
        client,
        replied(day, 1, replied_on_time=True),
        replied(day, 1, replied_on_time=True),
        replied(day, 1, replied_on_time=False),
        ticket_row(at=at(day)),  # not replied: not in the rate
    )
    await refresh(client)
    f = (await get(client, "/stats/units", desk.dispatcher, **{"from": str(day)}))["units"][0]
    assert f["code"] == "city"
    assert f["figures"]["replied_on_time"] == 2
    assert f["figures"]["on_time_rate"] == pytest.approx(0.6667)


async def test_satisfaction_rate_is_satisfied_over_rated(desk, client):
    day = TODAY - timedelta(days=2)
    await insert_rows(
        client,
        *(replied(day, 1, satisfaction=s, state="rated") for s in (5, 4, 3, 1)),
        replied(day, 1),  # not rated: not in the rate
    )
    await refresh(client)
    body = await get(client, "/stats/categories", desk.dispatcher, **{"from": str(day)})
    (row,) = body["categories"]
    assert row["figures"]["rated"] == 4 and row["figures"]["satisfied"] == 2
    assert row["figures"]["satisfaction_rate"] == 0.5


async def test_average_handling_time_is_hours_from_creation_to_reply(desk, client):
    day = TODAY - timedelta(days=4)
    await insert_rows(client, replied(day, 10), replied(day, 20))
    await refresh(client)
    body = await get(client, "/stats/categories", desk.dispatcher, **{"from": str(day)})
    assert body["categories"][0]["figures"]["avg_handling_hours"] == 15.0


# -- per unit, per category, per day -----------------------------------------------------------


async def test_a_unit_counts_its_whole_subtree(desk, client):
    day = TODAY - timedelta(days=1)
    await insert_rows(
        client,
        ticket_row("xc-01", at=at(day)),
        ticket_row("xc-01-01", at=at(day)),
        ticket_row("xc-01-01", at=at(day)),
        ticket_row("xc-02", at=at(day)),
        ticket_row("lc", at=at(day)),
    )
    await refresh(client)
    body = await get(client, "/stats/units", desk.dispatcher, **{"from": str(day)})
    units = {u["code"]: u for u in body["units"]}
    assert units["xc-01"]["figures"]["created"] == 3
    assert units["xc-01"]["own"]["created"] == 1
    assert units["xc"]["figures"]["created"] == 4
    assert units["city"]["figures"]["created"] == 5
    assert units["lc"]["figures"]["created"] == 1


async def test_categories_at_level_one_and_two(desk, client):
    day = TODAY - timedelta(days=1)
    await insert_rows(
        client,
        ticket_row(at=at(day), category="01.02.13"),
        ticket_row(at=at(day), category="01.02.01"),
        ticket_row(at=at(day), category="01.03.01"),
        ticket_row(at=at(day), category="02.01.01"),
        ticket_row(None, at=at(day), category=None),
    )
    await refresh(client)
    params = {"from": str(day)}
    one = await get(client, "/stats/categories", desk.dispatcher, **params)
    two = await get(client, "/stats/categories", desk.dispatcher, level=2, **params)
    by_one = {c["code"]: c["figures"]["created"] for c in one["categories"]}
    by_two = {c["code"]: c["figures"]["created"] for c in two["categories"]}
    assert by_one == {"01": 3, "02": 1, "": 1}
    assert by_two == {"01.02": 2, "01.03": 1, "02.01": 1, "": 1}
    filtered = await get(client, "/stats/categories", desk.dispatcher, category="01", **params)
    assert {c["code"] for c in filtered["categories"]} == {"01"}


async def test_series_has_every_day_with_created_replied_closed(desk, client):
    d0 = TODAY - timedelta(days=3)
    d1, d2 = d0 + timedelta(days=1), d0 + timedelta(days=2)
    await insert_rows(
        client,
        ticket_row(at=at(d0)),
        ticket_row(at=at(d0), state="closed", replied_at=at(d1), closed_at=at(d2)),
    )
    await refresh(client)
    body = await get(client, "/stats/series", desk.dispatcher, **{"from": str(d0)})
    days = [(p["created"], p["replied"], p["closed"]) for p in body["days"]]
    assert [p["day"] for p in body["days"]] == [str(d0 + timedelta(days=i)) for i in range(4)]
    assert days == [(2, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 0)]


async def test_series_filters_by_unit_and_category(desk, client):
    day = TODAY - timedelta(days=1)
    await insert_rows(
        client,
        ticket_row("xc-01-01", at=at(day), category="01.02.13"),
        ticket_row("xc-01", at=at(day), category="02.01.01"),
        ticket_row("lc", at=at(day), category="01.02.13"),
    )
    await refresh(client)

    async def created(**params: Any) -> int:
        body = await get(client, "/stats/series", desk.dispatcher, **{"from": str(day)}, **params)
        return body["days"][0]["created"]  # type: ignore[no-any-return]

    assert await created() == 3
    assert await created(unit="xc") == 2
    assert await created(category="01") == 2
    assert await created(unit="xc", category="01.02") == 1


async def test_a_range_of_whole_months_and_edge_days_adds_up(desk, client):
    """Monthly rows for the months inside the range, daily rows at its edges: the same sums
    as counting day by day."""
    first = (MONTH_START - timedelta(days=70)).replace(day=10)
    days = [first - timedelta(days=1), *(first + timedelta(days=i) for i in range(0, 75, 4))]
    await insert_rows(client, *(ticket_row(at=at(d)) for d in days if d <= TODAY))
    await refresh(client)
    inside = sum(1 for d in days if first <= d <= TODAY)
    body = await get(client, "/stats/units", desk.dispatcher, **{"from": str(first)})
    assert body["units"][0]["figures"]["created"] == inside
    series = await get(client, "/stats/series", desk.dispatcher, **{"from": str(first)})
    assert sum(p["created"] for p in series["days"]) == inside


# -- hot issues --------------------------------------------------------------------------------

LEAK = "东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，物业不管，请燃气公司尽快上门检修处理。"


async def test_hot_issues_group_identical_and_near_identical_texts(desk, client):
    near = LEAK.replace("两天", "三天")
    assert distance(simhash("燃气漏气" + LEAK), simhash("燃气漏气" + near)) <= 3
    now = clock.now()
    await insert_rows(
        client,
        *(
            ticket_row(at=now - timedelta(hours=h), title="燃气漏气", content=LEAK)
            for h in (1, 2, 3)
        ),
        ticket_row(at=now - timedelta(hours=4), title="燃气漏气", content=near),
        ticket_row(at=now - timedelta(days=20), title="燃气漏气", content=LEAK),  # too old
        ticket_row(
            at=now - timedelta(hours=5), title="路灯不亮", content="西关街道主路路灯不亮已经一周。"
        ),
        ticket_row(
            "lc",
            at=now - timedelta(hours=6),
            title="噪音扰民",
            content="工地夜间施工噪音很大，影响休息。",
            category="04.01.01",
        ),
        ticket_row(
            "lc",
            at=now - timedelta(hours=7),
            title="噪音扰民",
            content="工地夜间施工噪音很大，影响休息。",
            category="04.01.01",
        ),
    )
    await refresh(client)  # what the sweep does within its interval
    body = await get(client, "/stats/hot", desk.dispatcher, days=7)
    top, second = body["issues"]
    assert top["count"] == 4 and top["title"] == "燃气漏气"
    assert top["category"] == "01.02" and top["units"] == ["xc-01"]
    assert len(top["sample_numbers"]) == 4
    assert second["count"] == 2 and second["title"] == "噪音扰民"
    scoped = await get(client, "/stats/hot", desk.handler("lc"), days=7)
    assert [i["title"] for i in scoped["issues"]] == ["噪音扰民"]


# -- the sweep keeps the rollups true ----------------------------------------------------------


async def test_the_sweep_counts_what_the_workflow_did(desk, client):
    async with app_of(client).state.db.transaction() as session:
        await rollup.sweep(session)  # the first run builds everything
    ticket = await desk.replied("xc-01")
    async with app_of(client).state.db.transaction() as session:
        await rollup.sweep(session)
    o = await get(client, "/stats/overview", desk.dispatcher)
    assert o["today"]["figures"]["created"] == 1 and o["today"]["figures"]["replied"] == 1
    await desk.ok(ticket, "rate", desk.citizen(), satisfaction=5)
    await desk.ok(ticket, "close", desk.dispatcher)
    async with app_of(client).state.db.transaction() as session:
        assert await rollup.sweep(session) >= 1
    o = await get(client, "/stats/overview", desk.dispatcher)
    assert o["today"]["figures"]["closed"] == 1
    assert o["today"]["figures"]["satisfaction_rate"] == 1.0
    assert o["as_of"] is not None


# -- scope -------------------------------------------------------------------------------------


async def test_a_unit_handler_sees_only_its_subtree(desk, client):
    day = TODAY - timedelta(days=1)
    await insert_rows(
        client,
        ticket_row("xc-01", at=at(day)),
        ticket_row("xc-01-01", at=at(day)),
        ticket_row("lc", at=at(day)),
        ticket_row("lc", at=at(day), state="in_progress", due_on=day - timedelta(days=1)),
    )
    await refresh(client)
    h = desk.handler("xc-01")
    body = await get(client, "/stats/units", h, **{"from": str(day)})
    assert {u["code"] for u in body["units"]} == {"xc-01", "xc-01-01"}
    o = await get(client, "/stats/overview", h)
    assert o["month"]["figures"]["created"] == (2 if day >= MONTH_START else 0)
    assert o["overdue"] == 0
    series = await get(client, "/stats/series", h, **{"from": str(day)})
    assert series["days"][0]["created"] == 2
    cats = await get(client, "/stats/categories", h, **{"from": str(day)})
    assert sum(c["figures"]["created"] for c in cats["categories"]) == 2
    r = await client.get("/stats/units", params={"unit": "lc"}, headers=h)
    assert r.status_code == 403 and r.json()["code"] == "outside_scope"
    everyone = await get(client, "/stats/overview", desk.supervisor)
    assert everyone["overdue"] == 1


async def test_citizens_get_no_statistics(desk, client):
    for path in (
        "/stats/overview",
        "/stats/units",
        "/stats/categories",
        "/stats/series",
        "/stats/hot",
    ):
        r = await client.get(path, headers=desk.citizen())
        assert r.status_code == 403, path
        assert r.json()["code"] == "outside_scope"


async def test_statistics_check_who_asks_before_the_filters(desk, client):
    for category in ("99", "01.02.13"):  # unknown, too deep: still the caller's scope first
        r = await client.get(
            "/stats/overview", params={"category": category}, headers=desk.citizen()
        )
        assert r.status_code == 403 and r.json()["code"] == "outside_scope", r.text


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2025-01-01", "to": "2026-01-02"}, "range_too_long"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "range_reversed"),
        ({"category": "01.02.13"}, "category_too_deep"),
        ({"category": "99"}, "unknown_category"),
        ({"unit": "nowhere"}, "unknown_unit"),
    ],
)
async def test_bad_ranges_and_filters_are_422_in_chinese(desk, client, params, code):
    r = await client.get("/stats/series", params=params, headers=desk.dispatcher)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])


async def test_a_full_year_is_allowed(desk, client):
    r = await client.get(
        "/stats/series", params={"from": "2025-01-01", "to": "2026-01-01"}, headers=desk.dispatcher
    )
    assert r.status_code == 200 and len(r.json()["days"]) == 366


async def test_hot_issues_look_back_at_most_31_days(desk, client):
    r = await client.get("/stats/hot", params={"days": 32}, headers=desk.dispatcher)
    assert r.status_code == 422
