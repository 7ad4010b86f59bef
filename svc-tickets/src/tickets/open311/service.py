"""GeoReport v2 mapped onto tickets.

- **Services** are level-2 categories (see `services.py`); a ticket classified at level 3
  belongs to its level-2 parent's service.
- **service_request_id** is the ticket number (`12345-20261123-000123`), what callers and
  the hotline already quote; the **token** is the ticket's UUID. Services are `realtime`, so a
  POST answers with both and `GET tokens/{token}` resolves the token at any time.
- **POST requests** needs a partner identity (the gateway exchanges `api_key` for one) with
  `tickets:write`, and goes through `submission.submit` like every other channel: same numbering,
  duplicate flags and `Idempotency-Key`. Channel `web` (网站) unless the partner names its own
  in `attribute[channel]`; kind `help` (求助) unless `attribute[kind]` says otherwise; the
  category is the service, or `attribute[subcategory]` below it. What the ticket has no column
  for (the caller's email, the partner's media_url) is kept on the intake step of the
  timeline, which only staff see.
- **status**: `open` while 已受理/已派单/已签收/办理中/已退回; `closed` once answered (已答复,
  已回访, 已办结) — a 重办 reopens it. status_notes is the (masked) official reply when there
  is one, else the state's name (退回 shows as 已受理: internal handling stays internal).
- **Public reads** show what 留言公开 would publish, nothing more. Without review: service,
  status, dates, agency and coordinates rounded to 3 decimals (about 100 m). The description
  and the reply (status_notes) only of tickets whose disclosure was published — the masked
  text a second person reviewed — cut to GeoReport's 4,000 characters; never the caller's
  address or photos. Listed are tickets classified at least to a service; 举报 (reports of
  wrongdoing) only once disclosed, so a whistle-blower's ticket is not even known to exist
  (nor does its token resolve).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from tickets.categories.catalogue import Category, catalogue
from tickets.clock import CHINA
from tickets.disclosure.models import Disclosure, DisclosureState
from tickets.messages import STATE_NAMES
from tickets.open311 import messages
from tickets.open311.formats import Open311Error
from tickets.open311.schemas import RequestsQuery, ServiceRequestIn
from tickets.open311.services import DEFAULT_CHANNEL, DEFAULT_KIND, attributes, service
from tickets.open311.settings import Open311Settings
from tickets.settings import Settings
from tickets.tickets import submission
from tickets.tickets.models import OPEN_STATES, State, Ticket, TimelineEntry
from tickets.tickets.schemas import TicketIn
from tickets.units.service import names_of

WRITE_SCOPE = "tickets:write"
TITLE_MAX = 40
COORDINATE_DECIMALS = 3
CLOSED_NOTE_STATES = (State.replied.value, State.rated.value, State.closed.value)
DESCRIPTION_MAX = 4000  # GeoReport v2's limit for description


def check_jurisdiction(value: str | None, settings: Open311Settings) -> None:
    """Optional (one jurisdiction is served), but if named it must be ours."""
    if value is not None and value.strip() and value.strip() != settings.jurisdiction_id:
        raise Open311Error(
            404,
            messages.JURISDICTION_NOT_FOUND.format(
                value=value.strip()[:100], ours=settings.jurisdiction_id
            ),
        )


def ensure_partner(identity: Identity | None) -> Identity:
    if identity is None or identity.kind != "partner":
        raise Open311Error(403, messages.API_KEY_REQUIRED)
    if WRITE_SCOPE not in identity.scopes:
        raise Open311Error(403, messages.SCOPE_REQUIRED)
    return identity


def _chosen(category: Category, req: ServiceRequestIn) -> tuple[str, str, str]:
    """(kind, category code, channel) from the service and its attributes."""
    picked = {a.code: dict(a.values) for a in attributes(category)}
    for code, value in req.attributes.items():
        if code in picked and value not in picked[code]:
            raise Open311Error(400, messages.ATTRIBUTE_VALUE.format(code=code, value=value[:64]))
    return (
        req.attributes.get("kind", DEFAULT_KIND),
        req.attributes.get("subcategory", category.code),
        req.attributes.get("channel", DEFAULT_CHANNEL),
    )


def _title(req: ServiceRequestIn, category_name: str) -> str:
    first_line = (req.description or "").strip().splitlines()[0:1]
    line = first_line[0].strip() if first_line else ""
    if len(line) < 2:
        return category_name
    return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1] + "…"


def ticket_in(req: ServiceRequestIn, category: Category) -> TicketIn:
    """The ticket a service request makes. A description is optional in GeoReport v2; the
    content then names the service and the place, so a bare "pothole here" is still a ticket."""
    kind, code, channel = _chosen(category, req)
    chosen = catalogue().get(code)
    assert chosen is not None
    content = req.description or ""
    if len(content) < 5:
        place = req.address_string or f"{req.lat}, {req.long}"
        content = f"{chosen.full_name}：{content or place}"
    location = None
    if req.lat is not None and req.long is not None:
        location = {"latitude": req.lat, "longitude": req.long, "address": req.address_string or ""}
    try:
        return TicketIn.model_validate(
            {
                "channel": channel,
                "kind": kind,
                "title": _title(req, chosen.name),
                "content": content,
                "category": code,
                "location": location,
                "citizen_name": req.caller_name,
                "citizen_phone": req.phone,
            }
        )
    except ValidationError as exc:
        fields = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
        if "citizen_phone" in fields:
            raise Open311Error(400, messages.PHONE_INVALID) from exc
        raise Open311Error(
            400, messages.INVALID_TICKET.format(fields="、".join(sorted(fields)))
        ) from exc


async def submit(
    app: FastAPI,
    identity: Identity,
    req: ServiceRequestIn,
    *,
    now: datetime,
    idempotency_key: str | None,
) -> tuple[Ticket, bool]:
    """The ticket for this request, and whether it was made earlier (a retried key)."""
    body = ticket_in(req, service(req.service_code, status=400))
    extras = {"email": req.email, "media_url": req.media_url}
    return await submission.submit(
        app,
        identity,
        body,
        now=now,
        idempotency_key=idempotency_key,
        # An address without coordinates; the caller's email and media link for staff.
        address=req.address_string if body.location is None else None,
        step_data={"open311": {"api": "GeoReport v2", **{k: v for k, v in extras.items() if v}}},
    )


def service_notice(kind: str, settings: Settings) -> str:
    return messages.SERVICE_NOTICE.format(days=settings.working_days_by_kind.get(kind, 5))


def created_out(ticket: Ticket, settings: Settings) -> list[dict[str, Any]]:
    return [
        {
            "service_request_id": ticket.number,
            "token": str(ticket.id),
            "service_notice": service_notice(ticket.kind, settings),
            "account_id": None,
        }
    ]


# Reading


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(CHINA).isoformat(timespec="seconds") if moment else None


def _expected(due_on: date | None) -> str | None:
    return _iso(datetime.combine(due_on, time(23, 59, 59), CHINA)) if due_on else None


def _public() -> ColumnElement[bool]:
    return and_(
        Ticket.category.contains("."),
        or_(Ticket.kind != "report", Ticket.disclosed_at.is_not(None)),
    )


def _with_extras() -> Any:
    updated = (
        select(func.max(TimelineEntry.at))
        .where(TimelineEntry.ticket_id == Ticket.id)
        .correlate(Ticket)
        .scalar_subquery()
    )
    published = and_(
        Disclosure.ticket_id == Ticket.id, Disclosure.state == DisclosureState.published.value
    )
    return (
        select(Ticket, updated, Disclosure.content, Disclosure.answer)
        .outerjoin(Disclosure, published)
        .where(_public())
    )


def _service_of(code: str) -> Category:
    category = catalogue().get(".".join(code.split(".")[:2]))
    assert category is not None
    return category


def _cut(text: str | None, limit: int = DESCRIPTION_MAX) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status_notes(ticket: Ticket, disclosed_answer: str | None) -> str:
    if ticket.state in CLOSED_NOTE_STATES and disclosed_answer:
        return disclosed_answer
    state = State.received.value if ticket.state == State.returned.value else ticket.state
    return STATE_NAMES.get(state, state)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_DECIMALS)


def request_out(
    ticket: Ticket,
    updated: datetime | None,
    disclosed: tuple[str | None, str | None],
    agencies: Mapping[str, str],
    settings: Settings,
) -> dict[str, Any]:
    """One request as the public may read it; `disclosed` is the published disclosure's
    (content, answer), or Nones when no reviewed text exists."""
    assert ticket.category is not None
    category = _service_of(ticket.category)
    return {
        "service_request_id": ticket.number,
        "status": "open" if ticket.state in OPEN_STATES else "closed",
        "status_notes": _status_notes(ticket, disclosed[1]),
        "service_name": category.name,
        "service_code": category.code,
        "description": _cut(disclosed[0]),
        "agency_responsible": agencies.get(ticket.unit_code) if ticket.unit_code else None,
        "service_notice": service_notice(ticket.kind, settings),
        "requested_datetime": _iso(ticket.created_at),
        "updated_datetime": _iso(updated or ticket.created_at),
        "expected_datetime": _expected(ticket.due_on),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": _round(ticket.latitude),
        "long": _round(ticket.longitude),
        "media_url": None,
    }


async def _shaped(
    session: AsyncSession, rows: Sequence[Any], settings: Settings
) -> list[dict[str, Any]]:
    agencies = await names_of(session, {row[0].unit_code for row in rows if row[0].unit_code})
    return [
        request_out(t, updated, (content, answer), agencies, settings)
        for t, updated, content, answer in rows
    ]


def _category_filter(codes: list[str]) -> ColumnElement[bool]:
    for code in codes:
        if catalogue().get(code) is None:
            raise Open311Error(400, messages.SERVICE_NOT_FOUND.format(code=code[:32]))
    return or_(
        *[(Ticket.category == code) | Ticket.category.startswith(code + ".") for code in codes]
    )


async def list_requests(
    session: AsyncSession, query: RequestsQuery, settings: Settings, limit: int
) -> list[dict[str, Any]]:
    stmt = _with_extras()
    if query.ids:
        stmt = stmt.where(Ticket.number.in_(query.ids))
    else:
        stmt = stmt.where(Ticket.created_at >= query.start, Ticket.created_at <= query.end)
        if query.service_codes:
            stmt = stmt.where(_category_filter(query.service_codes))
        open_states = [s.value for s in OPEN_STATES]
        if query.statuses == {"open"}:
            stmt = stmt.where(Ticket.state.in_(open_states))
        elif query.statuses == {"closed"}:
            stmt = stmt.where(Ticket.state.not_in(open_states))
    stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)
    rows = (await session.execute(stmt)).all()
    return await _shaped(session, rows, settings)


async def one_request(session: AsyncSession, number: str, settings: Settings) -> dict[str, Any]:
    row = (await session.execute(_with_extras().where(Ticket.number == number))).first()
    if row is None:
        raise Open311Error(404, messages.REQUEST_NOT_FOUND.format(value=number[:64]))
    return (await _shaped(session, [row], settings))[0]


async def token(session: AsyncSession, value: str) -> dict[str, Any]:
    try:
        ticket_id = uuid.UUID(value)
    except ValueError as exc:
        raise Open311Error(404, messages.TOKEN_NOT_FOUND.format(value=value[:64])) from exc
    number = await session.scalar(select(Ticket.number).where(Ticket.id == ticket_id, _public()))
    if number is None:
        raise Open311Error(404, messages.TOKEN_NOT_FOUND.format(value=value[:64]))
    return {"service_request_id": number, "token": value}
