"""Re-dating estimated reply deadlines once the calendar covers them.

A deadline that runs past the last year chinesecalendar has data for is counted on weekdays
only and flagged `due_estimated` (calendar.py). When the State Council publishes the next
year's holidays, a chinesecalendar release carries them, and the service sees it only after
an upgrade, i.e. a restart. So this sweep runs at startup and then every few hours (replicas
restart one by one; a ticket an action held is picked up next time): it recomputes the
estimated deadlines of open tickets from the clock's start (`policy.reply_due`) and, where the
day or the flag changes, stores them and writes a timeline step.

No event is published: `tickets.ticket.assigned.v1` means a (re)dispatch to a unit, and a
deadline change has no event of its own (an approved extension publishes nothing either)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import structlog
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from govkit.tasks import Periodic
from tickets import clock
from tickets.deadlines import calendar
from tickets.deadlines.policy import reply_due
from tickets.messages import REDATED_NOTE, STILL_ESTIMATED_NOTE
from tickets.settings import Settings
from tickets.tickets.models import OPEN_STATES, Ticket, TimelineEntry

log = structlog.get_logger(__name__)

ACTION = "redate"
ACTOR = "system"
REDATE_SECONDS = 6 * 3600.0
BATCH = 500
_LOCK = 0x72656461  # advisory lock: one re-dating at a time across replicas


@dataclass(frozen=True)
class Batch:
    redated: int
    # Where the next batch starts; None when nothing is left (or another replica is at it).
    next_after: uuid.UUID | None


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def redate(session: AsyncSession, ticket: Ticket, settings: Settings, now: datetime) -> bool:
    """Recompute one ticket's deadline on the installed calendar; True, with a timeline step,
    when the day or the flag changed (the ORM update bumps the ticket's version)."""
    due, estimated = reply_due(ticket, settings)
    before = ticket.due_on
    if due == before and estimated == ticket.due_estimated:
        return False
    ticket.due_on, ticket.due_estimated = due, estimated
    note = REDATED_NOTE.format(before=_day(before) if before else "—", after=_day(due))
    session.add(
        TimelineEntry(
            ticket_id=ticket.id,
            at=now,
            action=ACTION,
            actor=ACTOR,
            actor_unit=None,
            from_state=ticket.state,
            to_state=ticket.state,
            note=note + STILL_ESTIMATED_NOTE if estimated else note,
            data={
                "due_on": due.isoformat(),
                "previous_due_on": before.isoformat() if before else None,
                "estimated": estimated,
            },
        )
    )
    return True


async def redate_batch(
    session: AsyncSession,
    settings: Settings,
    now: datetime,
    *,
    after: uuid.UUID | None = None,
    limit: int = BATCH,
) -> Batch:
    """Re-date up to `limit` open tickets with an estimated deadline, in id order after
    `after`, in the caller's transaction."""
    locked = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _LOCK})
    if not locked:
        return Batch(0, None)
    _, last = calendar.data_years()
    stmt = (
        select(Ticket)
        .where(
            Ticket.due_estimated.is_(True),
            Ticket.state.in_([s.value for s in OPEN_STATES]),
            # A clock started on the calendar's last day or later counts unpublished days
            # only: its estimate cannot have changed, so it is not even read.
            Ticket.clock_started_on < date(last, 12, 31),
        )
        .order_by(Ticket.id)
        .limit(limit)
        # A ticket an action holds right now is left for the next run, not waited for.
        .with_for_update(skip_locked=True)
    )
    if after is not None:
        stmt = stmt.where(Ticket.id > after)
    tickets = (await session.scalars(stmt)).all()
    redated = sum(redate(session, t, settings, now) for t in tickets)
    await session.flush()
    return Batch(redated, tickets[-1].id if len(tickets) == limit else None)


async def redate_all(db: Database, settings: Settings, *, batch: int = BATCH) -> int:
    """Every batch in a short transaction of its own; how many tickets were re-dated."""
    after: uuid.UUID | None = None
    total = 0
    while True:
        async with db.transaction() as session:
            done = await redate_batch(session, settings, clock.now(), after=after, limit=batch)
        total += done.redated
        if done.next_after is None:
            break
        after = done.next_after
    if total:
        log.info("deadlines_redated", tickets=total, calendar_until=calendar.data_years()[1])
    return total


def periodic(db: Database, settings: Settings, interval: float = REDATE_SECONDS) -> Periodic:
    async def run() -> None:
        await redate_all(db, settings)

    return Periodic("deadline-redating", interval, run)
