"""Deadlines estimated past the published calendar are re-dated once a newer chinesecalendar
covers them (deadlines/redating.py), from where the reply clock started."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
import httpx
import pytest
from sqlalchemy import select, text
from tickets_support import Desk, app_of, insert_rows, ticket_row

from tickets import clock
from tickets.clock import CHINA
from tickets.deadlines import calendar, redating
from tickets.deadlines.policy import extend, reply_due, start_clock
from tickets.settings import Settings
from tickets.tickets.models import Ticket, TimelineEntry

PHONE = "13800138000"
# A hypothetical 2027 arrangement, as the release after the installed one might carry it:
# New Year's Day off, and New Year's Eve before 2028's. Only what the cases below need.
HOLIDAYS_2027 = {date(2027, 1, 1), date(2027, 12, 31)}
# Dispatched on Monday 2026-12-21: 13 working days (投诉) end on Thursday 2027-01-07 when the
# days of 2027 are guessed as weekdays, on Friday 2027-01-08 once New Year's Day is known off.
DISPATCHED = datetime(2026, 12, 21, 10, 0, tzinfo=CHINA)

UseCalendar = Callable[[int], None]


@pytest.fixture
def calendar_until(monkeypatch: pytest.MonkeyPatch) -> UseCalendar:
    """The installed chinesecalendar as if its data ended with the given year: up to 2026 the
    package's own days, 2027 the arrangement above, later years unknown (weekdays, estimated).
    So the tests hold whatever the installed release carries."""
    first = calendar.data_years()[0]

    def use(last_year: int) -> None:
        def is_working_day(day: date) -> tuple[bool, bool]:
            if day.year > last_year:
                return day.weekday() < 5, True
            if day.year == 2027:
                return day.weekday() < 5 and day not in HOLIDAYS_2027, False
            return chinese_calendar.is_workday(day), False

        monkeypatch.setattr(calendar, "data_years", lambda: (first, last_year))
        monkeypatch.setattr(calendar, "is_working_day", is_working_day)

    use(2026)
    return use


def settings_of(client: httpx.AsyncClient) -> Settings:
    return app_of(client).state.settings  # type: ignore[no-any-return]


def dispatched(
    settings: Settings,
    at: datetime = DISPATCHED,
    *,
    unit: str | None = "xc-01",
    extensions: Iterable[int] = (),
    **fields: Any,
) -> Ticket:
    """A 投诉 whose reply clock started at `at` and was extended by `extensions`, by the same
    policy functions the actions use (on whatever calendar is installed at the time)."""
    ticket = ticket_row(
        unit, at=at, assigned_at=at, extension_days=0, citizen_phone=PHONE, **fields
    )
    start_clock(ticket, at, settings)
    for days in extensions:
        extend(ticket, days)
    return ticket


async def detail(desk: Desk, ticket: Ticket) -> dict[str, Any]:
    r = await desk.client.get(f"/tickets/{ticket.id}", headers=desk.dispatcher)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def redate_all(client: httpx.AsyncClient, **kw: Any) -> int:
    return await redating.redate_all(app_of(client).state.db, settings_of(client), **kw)


# -- recomputing gives what the clock and its extensions gave -----------------------------------

SETTINGS = Settings()
STARTS = [
    (datetime(2026, 9, 28, 9, 0, tzinfo=CHINA), "consultation", ()),  # over National Day
    (datetime(2026, 9, 25, 16, 0, tzinfo=CHINA), "complaint", (5, 3)),  # and adjusted 10-10
    (datetime(2026, 2, 10, 11, 0, tzinfo=CHINA), "other", (2,)),  # Spring Festival 2026
    (datetime(2026, 12, 21, 10, 0, tzinfo=CHINA), "complaint", (3,)),  # into 2027: estimated
    (datetime(2026, 12, 30, 23, 59, tzinfo=CHINA), "help", (15,)),
    (datetime(2026, 12, 31, 8, 0, tzinfo=CHINA), "suggestion", (1, 1, 1)),
]


@pytest.mark.parametrize(("at", "kind", "extensions"), STARTS)
def test_recomputing_a_deadline_gives_what_start_clock_and_extensions_gave(
    at: datetime, kind: str, extensions: tuple[int, ...]
) -> None:
    ticket = Ticket(kind=kind, extension_days=0)
    start_clock(ticket, at, SETTINGS)
    for days in extensions:
        extend(ticket, days)
    assert ticket.clock_started_on == at.date()
    assert reply_due(ticket, SETTINGS) == (ticket.due_on, ticket.due_estimated)


def test_a_reopened_clock_is_recomputed_from_the_reopening_without_old_extensions() -> None:
    ticket = Ticket(kind="complaint", extension_days=0)
    start_clock(ticket, datetime(2026, 11, 2, 9, 0, tzinfo=CHINA), SETTINGS)
    extend(ticket, 10)
    ticket.extension_days = 0  # what 重办 does before starting the clock again
    start_clock(ticket, datetime(2026, 12, 24, 15, 0, tzinfo=CHINA), SETTINGS)
    extend(ticket, 4)
    assert ticket.clock_started_on == date(2026, 12, 24)
    assert reply_due(ticket, SETTINGS) == (ticket.due_on, ticket.due_estimated)


def test_a_recomputed_deadline_keeps_the_working_days_its_clock_started_with() -> None:
    ticket = Ticket(kind="complaint", extension_days=0)
    start_clock(ticket, DISPATCHED, SETTINGS)
    shorter = Settings(working_days_by_kind={"complaint": 5})  # a later policy change
    assert reply_due(ticket, shorter) == (ticket.due_on, ticket.due_estimated)


def test_a_clock_started_before_its_days_were_stored_counts_the_kinds_days() -> None:
    ticket = Ticket(kind="complaint", extension_days=0)
    start_clock(ticket, DISPATCHED, SETTINGS)
    extend(ticket, 2)
    ticket.clock_working_days = None  # a row from before migration 0007
    assert reply_due(ticket, SETTINGS) == (ticket.due_on, ticket.due_estimated)


async def test_dispatch_and_reopen_start_the_clock_a_recomputation_counts_from(
    desk: Desk, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_of(client)
    t = await desk.assigned()
    h = desk.handler("xc-01")
    await desk.ok(t, "accept", h)
    await desk.ok(t, "request_extension", h, days=4, note="需协调燃气公司更换管道")
    await desk.ok(t, "approve_extension", desk.supervisor)
    await desk.ok(t, "reply", h, reply="已联系燃气公司上门检修，漏点已修复。")
    async with app_of(client).state.db.transaction() as session:
        first = await session.get(Ticket, uuid.UUID(t["id"]))
    assert first is not None and first.clock_started_on == clock.today()
    assert first.clock_working_days == 13 and first.extension_days == 4
    assert reply_due(first, settings) == (first.due_on, first.due_estimated)

    later = clock.now() + timedelta(days=9)
    monkeypatch.setattr(clock, "now", lambda: later)
    await desk.ok(t, "reopen", desk.citizen(), note="问题没有解决，仍有气味")
    async with app_of(client).state.db.transaction() as session:
        again = await session.get(Ticket, uuid.UUID(t["id"]))
    assert again is not None and again.clock_started_on == later.date()
    assert again.extension_days == 0
    assert reply_due(again, settings) == (again.due_on, again.due_estimated)


# -- the sweep -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "unit"),
    [("assigned", "xc-01"), ("accepted", "xc-01"), ("in_progress", "xc-01"), ("returned", None)],
)
async def test_an_estimated_deadline_is_redated_once_the_calendar_covers_it(
    desk: Desk,
    client: httpx.AsyncClient,
    calendar_until: UseCalendar,
    state: str,
    unit: str | None,
) -> None:
    ticket = dispatched(settings_of(client), unit=unit, extensions=[3], state=state)
    assert (ticket.due_on, ticket.due_estimated) == (date(2027, 1, 12), True)
    await insert_rows(client, ticket)

    calendar_until(2027)  # the upgrade with 2027's arrangement, then a restart
    assert await redate_all(client) == 1

    body = await detail(desk, ticket)
    assert body["due_on"] == "2027-01-13" and body["due_estimated"] is False
    assert body["version"] == 2
    [step] = body["timeline"]
    assert step["action"] == "redate" and step["action_name"] == "按新发布节假日安排重算时限"
    assert step["actor"] == "system" and step["from_state"] == step["to_state"] == state
    assert "2027年1月12日" in step["note"] and "2027年1月13日" in step["note"]
    assert step["data"] == {
        "due_on": "2027-01-13",
        "previous_due_on": "2027-01-12",
        "estimated": False,
    }
    assert await redate_all(client) == 0  # the next run finds nothing left to do


async def test_a_deadline_partly_beyond_the_new_calendar_is_redated_and_stays_estimated(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar
) -> None:
    # Monday 2027-12-20 + 13 working days: 2028-01-06 on weekdays; once 2027 is published,
    # New Year's Eve is off and the count ends on 2028-01-07, 2028 still guessed.
    ticket = dispatched(settings_of(client), datetime(2027, 12, 20, 9, 0, tzinfo=CHINA))
    assert (ticket.due_on, ticket.due_estimated) == (date(2028, 1, 6), True)
    await insert_rows(client, ticket)
    calendar_until(2027)
    assert await redate_all(client) == 1
    body = await detail(desk, ticket)
    assert body["due_on"] == "2028-01-07" and body["due_estimated"] is True
    [step] = body["timeline"]
    assert "按周一至周五估算" in step["note"] and step["data"]["estimated"] is True


async def test_a_deadline_still_beyond_the_calendar_stays_estimated_and_untouched(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar
) -> None:
    partly = dispatched(settings_of(client))  # its 2027 days are still guessed
    beyond = dispatched(settings_of(client), datetime(2028, 1, 4, 9, 0, tzinfo=CHINA))
    await insert_rows(client, partly, beyond)

    assert await redate_all(client) == 0  # the package not upgraded yet: nothing changes
    for ticket in (partly, beyond):
        body = await detail(desk, ticket)
        assert body["due_on"] == ticket.due_on.isoformat() and body["due_estimated"] is True
        assert body["version"] == 1 and body["timeline"] == []

    calendar_until(2027)
    assert await redate_all(client) == 1  # the ticket the upgrade covers, not the other
    body = await detail(desk, beyond)
    assert body["due_on"] == beyond.due_on.isoformat() and body["due_estimated"] is True
    assert body["version"] == 1 and body["timeline"] == []


@pytest.mark.parametrize("state", ["replied", "rated", "closed"])
async def test_answered_and_closed_tickets_keep_their_deadline(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar, state: str
) -> None:
    replied_at = datetime(2027, 1, 5, 15, 0, tzinfo=CHINA)
    ticket = dispatched(
        settings_of(client),
        state=state,
        reply="已联系燃气公司上门检修，漏点已修复。",
        replied_at=replied_at,
        replied_on_time=True,
        closed_at=replied_at + timedelta(days=2) if state == "closed" else None,
    )
    await insert_rows(client, ticket)
    calendar_until(2027)
    assert await redate_all(client) == 0
    body = await detail(desk, ticket)
    assert body["due_on"] == "2027-01-07" and body["due_estimated"] is True
    assert body["version"] == 1 and body["timeline"] == []


async def test_every_estimated_ticket_is_reached_batch_after_batch(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar
) -> None:
    tickets = [dispatched(settings_of(client)) for _ in range(5)]
    await insert_rows(client, *tickets)
    calendar_until(2027)
    assert await redate_all(client, batch=2) == 5
    for ticket in tickets:
        assert (await detail(desk, ticket))["due_on"] == "2027-01-08"


async def test_a_ticket_an_action_holds_is_left_for_the_next_run(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar
) -> None:
    held, free = dispatched(settings_of(client)), dispatched(settings_of(client))
    await insert_rows(client, held, free)
    calendar_until(2027)
    async with app_of(client).state.db.transaction() as action:
        await action.execute(select(Ticket.id).where(Ticket.id == held.id).with_for_update())
        assert await redate_all(client) == 1
    assert (await detail(desk, held))["due_on"] == "2027-01-07"
    assert await redate_all(client) == 1
    assert (await detail(desk, held))["due_on"] == "2027-01-08"


async def test_one_replica_redates_at_a_time(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar
) -> None:
    ticket = dispatched(settings_of(client))
    await insert_rows(client, ticket)
    calendar_until(2027)
    async with app_of(client).state.db.transaction() as other:
        await other.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": redating._LOCK})
        assert await redate_all(client) == 0
    assert await redate_all(client) == 1


async def test_the_callers_track_leaves_the_redating_out(
    desk: Desk, client: httpx.AsyncClient, calendar_until: UseCalendar
) -> None:
    ticket = dispatched(settings_of(client))
    await insert_rows(client, ticket)
    calendar_until(2027)
    assert await redate_all(client) == 1
    r = await client.post("/tickets/track", json={"number": ticket.number, "phone": PHONE})
    assert r.status_code == 200, r.text
    assert r.json()["steps"] == []


def test_the_service_runs_the_redating_sweep_at_startup_and_every_few_hours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tickets.app as app_module

    specs: list[Any] = []
    monkeypatch.setattr(app_module, "create_service_app", specs.append)
    app_module.create_app(Settings())
    [spec] = specs
    jobs = {job.name: job for job in spec.periodic(object())}  # built, not started
    assert jobs["deadline-redating"].interval == redating.REDATE_SECONDS <= 24 * 3600


# -- the migration's backfill ----------------------------------------------------------------


def _backfill_sql() -> str:
    path = Path(__file__).parents[1] / "migrations" / "versions"
    [file] = path.glob("0007_*.py")
    spec = importlib.util.spec_from_file_location("migration_0007", file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BACKFILL  # type: ignore[no-any-return]


def _step(ticket: Ticket, action: str, at: datetime) -> TimelineEntry:
    return TimelineEntry(
        ticket_id=ticket.id,
        at=at,
        action=action,
        actor="dispatcher-1",
        from_state="received",
        to_state="assigned",
        data={},
    )


def _as_before_0007(ticket: Ticket) -> Ticket:
    ticket.clock_started_on, ticket.clock_working_days = None, None
    return ticket


async def test_the_migration_dates_open_clocks_from_the_last_reopening_or_first_dispatch(
    desk: Desk, client: httpx.AsyncClient
) -> None:
    settings = settings_of(client)
    # 00:30 in China is still the previous day in UTC: the backfill must use China's date.
    first = datetime(2026, 12, 19, 0, 30, tzinfo=CHINA)
    reopened_at = datetime(2026, 12, 21, 1, 0, tzinfo=CHINA)
    reopened = _as_before_0007(dispatched(settings, reopened_at, extensions=[2]))
    reassigned = _as_before_0007(dispatched(settings, first, transfers=1))
    reassigned.assigned_at = datetime(2026, 12, 23, 9, 0, tzinfo=CHINA)  # the 转办
    untracked = _as_before_0007(dispatched(settings, datetime(2026, 12, 22, 0, 5, tzinfo=CHINA)))
    closed = _as_before_0007(dispatched(settings, first, state="closed"))
    await insert_rows(
        client,
        reopened,
        reassigned,
        untracked,
        closed,
        _step(reopened, "assign", datetime(2026, 11, 30, 9, 0, tzinfo=CHINA)),
        _step(reopened, "reopen", datetime(2026, 12, 10, 0, 30, tzinfo=CHINA)),
        _step(reopened, "reopen", reopened_at),
        _step(reassigned, "assign", first),
        _step(reassigned, "return", first + timedelta(days=1)),
        _step(reassigned, "assign", first + timedelta(days=2)),
        _step(reassigned, "reassign", reassigned.assigned_at),
        _step(closed, "assign", first),
    )

    async with app_of(client).state.db.transaction() as session:
        await session.execute(text(_backfill_sql()))
        rows = {
            t.id: t
            for t in await session.scalars(
                select(Ticket).where(
                    Ticket.id.in_([t.id for t in (reopened, reassigned, untracked, closed)])
                )
            )
        }
    assert rows[reopened.id].clock_started_on == date(2026, 12, 21)
    assert rows[reassigned.id].clock_started_on == date(2026, 12, 19)
    assert rows[untracked.id].clock_started_on == date(2026, 12, 22)
    assert rows[closed.id].clock_started_on is None  # never recomputed: left as it was
    for ticket in (reopened, reassigned, untracked):
        row = rows[ticket.id]
        assert reply_due(row, settings) == (row.due_on, row.due_estimated)
