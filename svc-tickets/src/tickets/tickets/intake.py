"""受理: one ticket per request, whatever the channel, never two for one retried request."""

from __future__ import annotations

import hashlib
import math
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, and_, cast, func, literal, or_, select
from sqlalchemy.dialects.postgresql import BIT, insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.db import Database
from govkit.errors import Conflict, Forbidden, ValidationFailed
from tickets.routing.service import known_category
from tickets.settings import Settings
from tickets.tickets import events
from tickets.tickets.fingerprint import distance, simhash
from tickets.tickets.models import IdempotencyKey, NumberCounter, State, Ticket, TimelineEntry
from tickets.tickets.schemas import TicketIn
from tickets.units.service import active_unit

INTAKE_ROLES = ("dispatcher", "platform_admin", "partner")
NUMBER_PREFIX = "12345"
EARTH_RADIUS_M = 6_371_000.0


def ensure_may_submit(identity: Identity) -> None:
    """Citizens submit their own requests; hotline agents and partner channels submit on a
    caller's behalf."""
    if identity.kind in ("citizen", "partner") or any(identity.has_role(r) for r in INTAKE_ROLES):
        return
    raise Forbidden("当前账号不能提交工单", code="outside_scope")


def request_hash(body: TicketIn) -> str:
    return hashlib.sha256(body.model_dump_json().encode()).hexdigest()


async def replayed(
    session: AsyncSession, identity: Identity, key: str, body: TicketIn
) -> Ticket | None:
    """The ticket an earlier request with this key created, if any."""
    row = await session.get(IdempotencyKey, (identity.subject, key))
    if row is None:
        return None
    if row.request_hash != request_hash(body):
        raise ValidationFailed(
            "该 Idempotency-Key 已用于内容不同的请求，请换一个键", code="idempotency_key_reused"
        )
    return await session.get(Ticket, row.ticket_id)


async def next_number(db: Database, now: datetime) -> str:
    """The day's next number, taken by one autocommitted statement: the counter row is
    locked only while Postgres runs it. (Inside the intake's transaction the lock lasted
    until commit, and with dozens of requests interleaving on the event loop every intake
    queued behind it: 30 tickets/s.) A rolled-back intake leaves a gap, like a sequence."""
    day = now.date()
    stmt = insert(NumberCounter).values(day=day, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[NumberCounter.day], set_={"last": NumberCounter.last + 1}
    ).returning(NumberCounter.last)
    async with db.autocommit() as conn:
        serial = (await conn.execute(stmt)).scalar_one()
    return f"{NUMBER_PREFIX}-{day:%Y%m%d}-{serial:06d}"


async def create(
    session: AsyncSession,
    db: Database,
    identity: Identity,
    body: TicketIn,
    settings: Settings,
    *,
    now: datetime,
    idempotency_key: str | None,
    suggested_category: str | None,
) -> Ticket:
    ensure_may_submit(identity)
    if body.category is not None:
        known_category(body.category)
    if body.area_code is not None:
        await active_unit(session, body.area_code)
    loc = body.location
    ticket = Ticket(
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
        address=(loc.address or None) if loc else None,
        citizen_subject=identity.subject if identity.kind == "citizen" else None,
        citizen_name=body.citizen_name or (identity.name if identity.kind == "citizen" else None),
        citizen_phone=body.citizen_phone,
        state=State.received.value,
        created_at=now,
        created_on=now.date(),
        unit_path=[],
        assist_units=[],
        assist_paths=[],
        simhash=simhash(body.title + body.content),
    )
    ticket.duplicate_of = await possible_duplicates(session, ticket, settings)
    ticket.number = await next_number(db, now)
    session.add(ticket)
    await session.flush()
    session.add(
        TimelineEntry(
            ticket_id=ticket.id,
            at=now,
            action="create",
            actor=identity.subject,
            actor_unit=identity.org,
            from_state=None,
            to_state=State.received.value,
            note=None,
            data={"channel": ticket.channel, "duplicates": ticket.duplicate_of},
        )
    )
    if idempotency_key is not None:
        await _remember_key(session, identity, idempotency_key, body, ticket)
    await session.flush()
    await events.created(session, ticket)
    return ticket


async def _remember_key(
    session: AsyncSession, identity: Identity, key: str, body: TicketIn, ticket: Ticket
) -> None:
    stmt = (
        insert(IdempotencyKey)
        .values(
            client=identity.subject, key=key, request_hash=request_hash(body), ticket_id=ticket.id
        )
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    )
    if (await session.execute(stmt)).first() is None:
        # Another request with the same key committed first (Postgres waited for it).
        raise Conflict(
            "相同 Idempotency-Key 的请求正在处理，请稍后重试", code="idempotency_in_progress"
        )


def _box(lat: float, lon: float, radius_m: float) -> tuple[float, float]:
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return dlat, dlon


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


async def possible_duplicates(session: AsyncSession, t: Ticket, settings: Settings) -> list[str]:
    """Recent tickets that may be the same request: near-identical text, or the same
    category reported close by. Flagged for the dispatcher, never merged automatically."""
    since = t.created_at - timedelta(days=settings.duplicate_days)
    # bigint # bigint is XOR; bit_count over its 64 bits is the Hamming distance.
    xor = Ticket.simhash.op("#")(literal(t.simhash, BigInteger))
    near_text = func.bit_count(cast(xor, BIT(64))) <= settings.duplicate_max_bits
    conditions: list[Any] = [near_text]
    if t.category and t.latitude is not None and t.longitude is not None:
        dlat, dlon = _box(t.latitude, t.longitude, settings.duplicate_radius_m)
        conditions.append(
            and_(
                Ticket.category == t.category,
                Ticket.latitude.between(t.latitude - dlat, t.latitude + dlat),
                Ticket.longitude.between(t.longitude - dlon, t.longitude + dlon),
            )
        )
    stmt = (
        select(Ticket.number, Ticket.simhash, Ticket.latitude, Ticket.longitude, Ticket.category)
        .where(Ticket.created_at >= since, Ticket.id != t.id, or_(*conditions))
        .order_by(Ticket.created_at.desc())
        .limit(20)
    )
    found = []
    for number, other_hash, lat, lon, category in (await session.execute(stmt)).all():
        text_match = distance(t.simhash, other_hash) <= settings.duplicate_max_bits
        geo_match = (
            category == t.category
            and lat is not None
            and t.latitude is not None
            and t.longitude is not None
            and metres_between(t.latitude, t.longitude, lat, lon) <= settings.duplicate_radius_m
        )
        if text_match or geo_match:
            found.append(number)
    return found[:5]
