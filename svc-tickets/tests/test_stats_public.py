"""12345 热线数据公开: GET /public/stats gives anyone the city's aggregate figures (per day,
per month, top categories, on-time and satisfaction rates), nothing about a unit or a
person, cached in process and in shared caches."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from tickets_support import app_of, insert_rows, ticket_row

from tickets import clock
from tickets.categories.catalogue import catalogue
from tickets.clock import CHINA
from tickets.stats import rollup
from tickets.stats.public import months_back

TODAY = clock.today()
YESTERDAY = TODAY - timedelta(days=1)
PHONE = "13912345678"


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), CHINA)


def replied(day: date, **fields: Any) -> Any:
    created = at(day)
    return ticket_row(
        at=created,
        **({"state": "replied", "replied_at": created + timedelta(hours=2)} | fields),
    )


async def refresh(client) -> None:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.transaction() as session:
        await rollup.rebuild(session, TODAY - timedelta(days=400), TODAY)


async def public(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = await client.get("/public/stats")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_public_figures_add_up_from_the_tickets(desk, client):
    await insert_rows(
        client,
        replied(YESTERDAY, replied_on_time=True, state="rated", satisfaction=5),
        replied(YESTERDAY, replied_on_time=True, state="rated", satisfaction=2),
        replied(YESTERDAY, replied_on_time=False, category="02.01.01"),
        ticket_row(at=at(TODAY, 0)),
        ticket_row(at=at(TODAY - timedelta(days=40))),  # outside the 30 days
    )
    await refresh(client)
    body = await public(client)
    assert body["first"] == str(TODAY - timedelta(days=29)) and body["last"] == str(TODAY)
    assert len(body["days"]) == 30
    days = {d["day"]: (d["received"], d["answered"]) for d in body["days"]}
    assert days[str(YESTERDAY)] == (3, 3)
    assert days[str(TODAY)] == (1, 0)
    assert body["totals"] == {
        "received": 4,
        "answered": 3,
        "on_time_rate": pytest.approx(0.6667),
        "satisfaction_rate": 0.5,
    }
    names = catalogue()
    assert [(c["code"], c["name"], c["received"]) for c in body["categories"]] == [
        ("01", names.get("01").full_name, 3),  # type: ignore[union-attr]
        ("02", names.get("02").full_name, 1),  # type: ignore[union-attr]
    ]
    assert body["categories"][0]["share"] == 0.75
    months = {m["month"]: m for m in body["months"]}
    assert list(months) == [f"{m:%Y-%m}" for m in months_back(TODAY, 12)]
    assert sum(m["received"] for m in body["months"]) == 5
    assert months[f"{TODAY:%Y-%m}"]["received"] >= 1


async def test_public_figures_are_anonymous_and_cacheable(client):
    response = await client.get("/public/stats")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.json()["totals"]["received"] == 0
    assert response.json()["totals"]["on_time_rate"] is None


async def test_public_figures_show_nothing_about_units_or_people(desk, client):
    row = replied(YESTERDAY, citizen_phone=PHONE, citizen_name="张三", title="燃气表私接问题")
    await insert_rows(client, row)
    await refresh(client)
    text = (await client.get("/public/stats")).text
    for secret in (PHONE, "张三", "燃气表私接", row.number, "xc-01", "unit"):
        assert secret not in text


async def test_public_figures_are_kept_for_a_minute_in_process(desk, client):
    await insert_rows(client, ticket_row(at=at(YESTERDAY)))
    await refresh(client)
    assert (await public(client))["totals"]["received"] == 1
    await insert_rows(client, ticket_row(at=at(YESTERDAY)))
    await refresh(client)
    assert (await public(client))["totals"]["received"] == 1  # the cached answer
    app_of(client).state.public_stats.ttl = 0
    assert (await public(client))["totals"]["received"] == 2
