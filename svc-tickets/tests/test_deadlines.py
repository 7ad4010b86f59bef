"""Working-day deadlines on the official calendar (the tickets skeleton's real endpoint)."""

from __future__ import annotations

import pytest


async def test_national_day_holidays_are_skipped_and_adjusted_saturday_counts(client):
    # 2026-10-01..07 are holidays; Saturday 2026-10-10 is an adjusted working day.
    r = await client.get("/deadlines/due-date", params={"start": "2026-09-30", "working_days": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["due"] == "2026-10-10"
    assert "2026-10-01" in body["non_working_days_skipped"]
    assert "2026-10-10" not in body["non_working_days_skipped"]


async def test_ordinary_week_skips_the_weekend(client):
    r = await client.get("/deadlines/due-date", params={"start": "2026-11-20", "working_days": 1})
    assert r.json()["due"] == "2026-11-23"  # Friday + 1 working day = Monday


async def test_a_deadline_past_the_published_calendar_is_estimated_on_weekdays(client):
    # chinesecalendar carries the years the State Council has published; later days are
    # estimated (weekdays only) and flagged, so a ticket opened in late December still gets one.
    r = await client.get("/deadlines/due-date", params={"start": "2030-01-04", "working_days": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["estimated"] is True
    assert body["due"] == "2030-01-09"  # Friday + 3 weekdays


async def test_a_deadline_inside_the_published_calendar_is_exact(client):
    r = await client.get("/deadlines/due-date", params={"start": "2026-09-30", "working_days": 3})
    assert r.json()["estimated"] is False


async def test_year_before_the_calendar_is_422_not_500(client):
    r = await client.get("/deadlines/due-date", params={"start": "1999-01-04", "working_days": 3})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "calendar_out_of_range"
    assert "年" in body["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-13-01", "working_days": 3},
        {"start": "2026-11-20", "working_days": 0},
        {"start": "2026-11-20", "working_days": "三"},
        {"working_days": 3},
    ],
)
async def test_bad_deadline_queries_are_422_problem_json(client, params):
    r = await client.get("/deadlines/due-date", params=params)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"]


@pytest.mark.parametrize("start", ["9999-12-30", "2200-01-01"])
async def test_a_start_far_in_the_future_is_422_not_an_overflow(client, start):
    r = await client.get("/deadlines/due-date", params={"start": start, "working_days": 60})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "start"
    assert "2199-12-31" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/stats/series", {"from": "9999-12-01", "to": "9999-12-31"}),
        ("/stats/units", {"from": "0001-01-01"}),
        ("/tickets", {"created_to": "9999-12-31"}),
    ],
)
async def test_dates_past_the_calendar_bounds_are_422_everywhere(client, tokens, path, params):
    headers = tokens.bearer(tokens.admin())
    r = await client.get(path, params=params, headers=headers)
    assert r.status_code == 422, r.text
    assert "2199-12-31" in r.json()["errors"][0]["message"]
