"""The deadlines a ticket carries: sign-off in hours from dispatch, reply in working days by
kind from dispatch, pushed back by approved extensions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tickets.deadlines.calendar import add_working_days, next_working_day
from tickets.settings import Settings
from tickets.tickets.models import Ticket


def start_clock(ticket: Ticket, now: datetime, settings: Settings) -> None:
    """On first dispatch (and again on 重办): the reply is due N working days later."""
    ticket.clock_started_on = now.date()
    ticket.clock_working_days = settings.working_days_by_kind.get(ticket.kind, 5)
    ticket.due_on, ticket.due_estimated = reply_due(ticket, settings)
    ticket.sign_due_at = now + timedelta(hours=settings.sign_hours)


def reply_due(ticket: Ticket, settings: Settings) -> tuple[date, bool]:
    """The reply deadline on the calendar installed now, and whether it is estimated: the
    working days the clock started with plus every approved extension, counted from the
    clock's start. The same day `start_clock` and then each `extend` gave on the same calendar
    (counting a+b working days on from a start ends where counting a, then b more, does)."""
    assert ticket.clock_started_on is not None
    days = ticket.clock_working_days
    if days is None:  # a clock started before 0007: start_clock used the kind's days then too
        days = settings.working_days_by_kind.get(ticket.kind, 5)
    due, estimated, _ = add_working_days(ticket.clock_started_on, days + ticket.extension_days)
    return due, estimated


def extend(ticket: Ticket, days: int) -> None:
    """An approved extension stops the clock for `days` working days."""
    assert ticket.due_on is not None
    ticket.due_on, estimated, _ = add_working_days(ticket.due_on, days)
    ticket.due_estimated = ticket.due_estimated or estimated
    ticket.extension_days += days


def due_soon_limit(today: date) -> date:
    """Tickets due by this day are "due within one working day"."""
    return next_working_day(today)


def restart_sign_clock(ticket: Ticket, now: datetime, settings: Settings) -> None:
    """A new unit (转办/下派) gets its own sign-off window; the reply deadline keeps running."""
    ticket.sign_due_at = now + timedelta(hours=settings.sign_hours)
