"""受理: one ticket per request, whatever the channel, never two for one retried request.

The work is two autocommitted statements (intake_sql.py): look (key, area, number,
possible duplicates), then write (key, ticket, first step, event) all or nothing."""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from govkit.auth import Identity
from govkit.contracts import TicketCreated
from govkit.db import Database
from govkit.errors import Conflict, Forbidden, ValidationFailed
from govkit.events import new_event
from tickets.events import outbox
from tickets.routing.service import known_category
from tickets.settings import Settings
from tickets.tickets import numbers
from tickets.tickets.access import files_for_itself
from tickets.tickets.fingerprint import band_probes, simhash
from tickets.tickets.intake_sql import LOOK, TICKET_COLUMNS, WRITE
from tickets.tickets.models import IdempotencyKey, State, Ticket
from tickets.tickets.schemas import TicketIn

INTAKE_ROLES = ("dispatcher", "platform_admin", "partner")
EARTH_RADIUS_M = 6_371_000.0


def ensure_may_submit(identity: Identity) -> None:
    """Citizens and enterprises submit their own requests; hotline agents and partner
    channels submit on a caller's behalf."""
    if files_for_itself(identity) or identity.kind == "partner":
        return
    if any(identity.has_role(r) for r in INTAKE_ROLES):
        return
    raise Forbidden("当前账号不能提交工单", code="outside_scope")


def request_hash(body: TicketIn) -> str:
    return hashlib.sha256(body.model_dump_json().encode()).hexdigest()


async def earlier_ticket(db: Database, identity: Identity, key: str, body: TicketIn) -> Ticket:
    """The ticket an earlier request with this key created (it committed: Postgres made
    the later claim of the key wait for it)."""
    async with db.sessionmaker() as session:
        row = await session.get(IdempotencyKey, (identity.subject, key))
        if row is None:  # deleted with its ticket in between: nothing left to return
            raise Conflict("该 Idempotency-Key 的工单已不存在，请换一个键重试")
    return await _same_request(db, row.request_hash, row.ticket_id, body)


async def _same_request(
    db: Database, stored_hash: str, ticket_id: uuid.UUID, body: TicketIn
) -> Ticket:
    if stored_hash != request_hash(body):
        raise ValidationFailed(
            "该 Idempotency-Key 已用于内容不同的请求，请换一个键", code="idempotency_key_reused"
        )
    async with db.sessionmaker() as session:
        ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise Conflict("该 Idempotency-Key 的工单已不存在，请换一个键重试")
    return ticket


def new_ticket(
    identity: Identity,
    body: TicketIn,
    *,
    now: datetime,
    suggested_category: str | None,
    address: str | None = None,
) -> Ticket:
    """The ticket as received, every column set (it is written by hand-built SQL, where the
    model's Python-side defaults do not apply). Number and duplicates come later."""
    loc = body.location
    citizen = files_for_itself(identity)
    values: dict[str, Any] = dict.fromkeys(TICKET_COLUMNS)
    values.update(
        id=uuid.uuid4(),
        channel=body.channel.value,
        kind=body.kind.value,
        title=body.title,
        content=body.content,
        category=body.category,
        suggested_category=suggested_category,
        area_code=body.area_code,
        longitude=loc.longitude if loc else None,
        latitude=loc.latitude if loc else None,
        address=(loc.address if loc else None) or address or None,
        citizen_subject=identity.subject if citizen else None,
        citizen_name=body.citizen_name or (identity.name if citizen else None),
        citizen_phone=body.citizen_phone,
        state=State.received.value,
        unit_path=[],
        assist_units=[],
        assist_paths=[],
        created_at=now,
        created_on=now.date(),
        due_estimated=False,
        extension_days=0,
        transfers=0,
        urges=0,
        supervised=False,
        reopened=0,
        simhash=simhash(body.title + body.content),
        duplicate_of=[],
        version=1,
    )
    return Ticket(**values)


async def create(
    db: Database,
    identity: Identity,
    body: TicketIn,
    settings: Settings,
    *,
    now: datetime,
    idempotency_key: str | None,
    suggested_category: str | None,
    address: str | None = None,
    step_data: dict[str, Any] | None = None,
) -> tuple[Ticket, bool]:
    """The new ticket, or the one an earlier request with the same key made (then True).
    `address` stands in when the location has none; `step_data` joins the first timeline
    step (what a channel keeps for staff, e.g. Open311's email)."""
    ensure_may_submit(identity)
    if body.category is not None:
        known_category(body.category)
    ticket = new_ticket(
        identity, body, now=now, suggested_category=suggested_category, address=address
    )
    digest = request_hash(body) if idempotency_key is not None else None
    async with db.driver_autocommit() as conn:
        look_args = _look_args(identity, idempotency_key, ticket, settings, now)
        try:
            look = await conn.fetchrow(LOOK, *look_args)
        except asyncpg.UndefinedTableError:  # the day's first ticket: make its sequence
            await numbers.create_day_sequence(conn, now.date())
            look = await conn.fetchrow(LOOK, *look_args)
        written = 0
        if look["earlier_ticket"] is None and (body.area_code is None or look["area_active"]):
            ticket.number = numbers.number_of(now.date(), look["serial"])
            ticket.duplicate_of = list(look["duplicates"])
            written = await conn.fetchval(
                WRITE, *_write_args(identity, idempotency_key, digest, ticket, step_data)
            )
    # Off the connection from here: the rare answers below read through a session.
    if look["earlier_ticket"] is not None:
        earlier = await _same_request(db, look["earlier_hash"], look["earlier_ticket"], body)
        return earlier, True
    if body.area_code is not None and not look["area_active"]:
        raise ValidationFailed(f"承办单位 {body.area_code} 不存在或已撤销", code="unknown_unit")
    if written:
        db.events_written()
        return ticket, False
    # Another request with this key wrote first.
    assert idempotency_key is not None
    return await earlier_ticket(db, identity, idempotency_key, body), True


def _look_args(
    identity: Identity, key: str | None, t: Ticket, settings: Settings, now: datetime
) -> list[Any]:
    lat, lon = t.latitude, t.longitude
    near = t.category is not None and lat is not None and lon is not None
    dlat, dlon = _box(lat, lon, settings.duplicate_radius_m) if near else (None, None)
    return [
        identity.subject,
        key,
        t.area_code,
        numbers.sequence_of(now.date()),
        now - timedelta(days=settings.duplicate_days),
        t.simhash,
        settings.duplicate_max_bits,
        *band_probes(t.simhash, settings.duplicate_max_bits),
        t.category if near else None,
        lat,
        lon,
        dlat,
        dlon,
        settings.duplicate_radius_m,
    ]


def _write_args(
    identity: Identity,
    key: str | None,
    digest: str | None,
    t: Ticket,
    step_data: dict[str, Any] | None,
) -> list[Any]:
    event = new_event(
        TicketCreated(
            payload_version=t.version,
            ticket_id=t.id,
            number=t.number,
            channel=t.channel,
            kind=t.kind,
            category=t.category,
            area_code=t.area_code,
            created_at=t.created_at,
        ),
        source=outbox.source,
        subject=f"ticket/{t.id}",
    )
    data = {"channel": t.channel, "duplicates": t.duplicate_of, **(step_data or {})}
    return [
        identity.subject,
        key,
        digest,
        *(getattr(t, name) for name in TICKET_COLUMNS),
        identity.subject,
        identity.org,
        json.dumps(data, ensure_ascii=False),
        event.id,
        event.nats_subject,
        event.type,
        event.model_dump_json(),
    ]


def _box(lat: float, lon: float, radius_m: float) -> tuple[float, float]:
    """Half the height and width, in degrees, of the box around a circle of `radius_m`."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return dlat, dlon
