"""The deadlines a ticket carries: sign-off in hours from dispatch, reply in working days by
kind from dispatch, pushed back by approved extensions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tickets.deadlines.calendar import add_working_days, next_working_day
from tickets.settings import Settings
from tickets.tickets.models import Ticket


def start_clock(ticket: Ticket, now: datetime, settings: Settings) -> None:
    """On first dispatch (and again on 重办): the reply is due N working days later."""
    days = settings.working_days_by_kind.get(ticket.kind, 5) + ticket.extension_days
    ticket.due_on, ticket.due_estimated, _ = add_working_days(now.date(), days)
    ticket.sign_due_at = now + timedelta(hours=settings.sign_hours)


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
