"""Tickets shaped for answers: category and state names resolved, timeline attached."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tickets.categories.catalogue import catalogue
from tickets.messages import ACTION_NAMES, KIND_NAMES, STATE_NAMES
from tickets.tickets import queries, workflow
from tickets.tickets.access import Capacity
from tickets.tickets.models import State, Ticket, TimelineEntry
from tickets.tickets.schemas import TicketDetailOut, TicketOut, TimelineOut, TrackOut
from tickets.units.service import names_of

# Steps the caller's track leaves out; `redate` moves a deadline the track does not show.
INTERNAL_STEPS = frozenset(
    {"return", "reject_extension", "assist_note", "urge", "supervise", "redate"}
)


def category_name(code: str | None) -> str | None:
    category = catalogue().get(code) if code else None
    return category.full_name if category else None


def ticket_out(ticket: Ticket) -> TicketOut:
    out = TicketOut.model_validate(ticket)
    out.category_name = category_name(ticket.category)
    out.state_name = STATE_NAMES.get(ticket.state, ticket.state)
    out.kind_name = KIND_NAMES.get(ticket.kind, ticket.kind)
    return out


def timeline_out(entry: TimelineEntry) -> TimelineOut:
    out = TimelineOut.model_validate(entry)
    out.action_name = ACTION_NAMES.get(entry.action, entry.action)
    return out


async def detail_out(
    session: AsyncSession, ticket: Ticket, held: set[Capacity] | None = None
) -> TicketDetailOut:
    """The ticket with its timeline and what `held` may do now. The caller on their own
    ticket sees the steps as the track shows them, not who inside the administration acted."""
    steps = await queries.timeline(session, ticket.id)
    held = held or set()
    caller_only = held == {Capacity.citizen}
    names = await names_of(session, {ticket.unit_code} if ticket.unit_code else set())
    out = TicketDetailOut(
        **ticket_out(ticket).model_dump(),
        timeline=_public_steps(steps) if caller_only else [timeline_out(e) for e in steps],
        photos=await queries.photo_ids(session, ticket.id),
        available_actions=workflow.available(State(ticket.state), held),
    )
    out.unit_name = names.get(ticket.unit_code) if ticket.unit_code else None
    return out


def _public_steps(steps: list[TimelineEntry]) -> list[TimelineOut]:
    public = []
    for entry in steps:
        if entry.action in INTERNAL_STEPS:
            continue  # internal handling, not the caller's business
        out = timeline_out(entry)
        out.actor, out.actor_unit, out.data = "", None, {}
        public.append(out)
    return public


async def track_out(session: AsyncSession, ticket: Ticket) -> TrackOut:
    """What the caller sees: the steps, not who inside the administration took them."""
    steps = await queries.timeline(session, ticket.id)
    names = await names_of(session, {ticket.unit_code} if ticket.unit_code else set())
    return TrackOut(
        number=ticket.number,
        title=ticket.title,
        kind=ticket.kind,
        state=ticket.state,
        state_name=STATE_NAMES.get(ticket.state, ticket.state),
        created_at=ticket.created_at,
        unit_name=names.get(ticket.unit_code) if ticket.unit_code else None,
        reply=ticket.reply,
        replied_at=ticket.replied_at,
        satisfaction=ticket.satisfaction,
        steps=_public_steps(steps),
    )
