"""The caller's own data (个人信息保护法 第45条) and their erasure (第47条).

Erased, a ticket stays for the statistics (kind, category, unit, dates, satisfaction) and
loses what identifies the caller: the link to their account, their name and phone (also
where they wrote them into the text, the reply or a public copy), the address, the precise
location (rounded to about a kilometre) and the photos."""

from __future__ import annotations

from sqlalchemy import String, cast, delete, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, array
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.contracts.mydata import MyData, MyDataSection
from govkit.erasure import scrub
from govkit.masking import MASK, SOMEONE, mask
from tickets.disclosure.models import Disclosure, DisclosureState
from tickets.disclosure.service import announce
from tickets.knowledge.models import KnowledgeEntry
from tickets.messages import CHANNEL_NAMES, MY_DATA_TICKETS, SERVICE_TITLE
from tickets.stats.models import CityFingerprintDaily, FingerprintDaily
from tickets.tickets import queries
from tickets.tickets.models import IdempotencyKey, Photo, Ticket, TimelineEntry
from tickets.tickets.presenters import track_out

SERVICE = "tickets"
# What stands for the caller in the steps they took themselves.
CITIZEN_ACTOR = "citizen"


async def my_data(session: AsyncSession, identity: Identity) -> MyData:
    rows = await session.scalars(
        select(Ticket).where(Ticket.citizen_subject == identity.subject).order_by(Ticket.created_at)
    )
    items = []
    for ticket in rows.all():
        track = (await track_out(session, ticket)).model_dump(mode="json")
        items.append(
            {
                **track,
                "channel": CHANNEL_NAMES.get(ticket.channel, ticket.channel),
                "content": ticket.content,
                "citizen_name": ticket.citizen_name,
                "citizen_phone": ticket.citizen_phone,
                "address": ticket.address,
                "photos": len(await queries.photo_ids(session, ticket.id)),
            }
        )
    return MyData(
        service=SERVICE,
        title=SERVICE_TITLE,
        sections=[MyDataSection(key="tickets", title=MY_DATA_TICKETS, items=items)],
    )


def _masks(names: set[str], phones: set[str]) -> list[tuple[str, str]]:
    # Longest first, so a full name is masked before a shorter one inside it.
    pairs = [(n, n[0] + SOMEONE) for n in names if len(n) >= 2]
    pairs += [(p, MASK * len(p)) for p in phones if len(p) >= 5]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _sql_scrub(column, pairs):  # type: ignore[no-untyped-def]
    expr = column
    for value, masked in pairs:
        expr = func.replace(expr, value, masked)
    return expr


async def erase_subject(session: AsyncSession, subject: str) -> dict[str, int]:
    tickets = list(
        (
            await session.scalars(
                select(Ticket).where(Ticket.citizen_subject == subject).with_for_update()
            )
        ).all()
    )
    ids = [t.id for t in tickets]
    numbers = [t.number for t in tickets]
    pairs = _masks(
        {t.citizen_name for t in tickets if t.citizen_name},
        {t.citizen_phone for t in tickets if t.citizen_phone},
    )
    known = sorted({t.citizen_name for t in tickets if t.citizen_name})

    def anonymous(text: str | None) -> str:
        # Their own name and phone exactly, then what else the masker finds (an ID number,
        # another phone form, a house number) in the text they wrote.
        return mask(scrub(text, pairs) or "", known)

    for t in tickets:
        t.title, t.content = anonymous(t.title)[:200], anonymous(t.content)
        t.reply = scrub(t.reply, pairs)  # the reply is the unit's text: only their name goes
        t.citizen_subject = t.citizen_name = t.citizen_phone = t.address = None
        if t.latitude is not None and t.longitude is not None:
            t.latitude, t.longitude = round(t.latitude, 2), round(t.longitude, 2)
    photos = 0
    if ids:
        await session.execute(
            update(TimelineEntry)
            .where(TimelineEntry.ticket_id.in_(ids))
            .values(
                note=_sql_scrub(TimelineEntry.note, pairs),
                data=cast(_sql_scrub(cast(TimelineEntry.data, String), pairs), JSONB),
            )
        )
        await session.execute(
            update(TimelineEntry)
            .where(TimelineEntry.ticket_id.in_(ids), TimelineEntry.actor == subject)
            .values(actor=CITIZEN_ACTOR)
        )
        deleted = await session.execute(
            delete(Photo).where(Photo.ticket_id.in_(ids)).returning(Photo.id)
        )
        photos = len(deleted.all())
        await _scrub_copies(session, ids, numbers, pairs)
    await session.execute(delete(IdempotencyKey).where(IdempotencyKey.client == subject))
    await session.flush()
    return {"tickets_anonymised": len(tickets), "photos_deleted": photos}


async def _scrub_copies(session, ids, numbers, pairs) -> None:  # type: ignore[no-untyped-def]
    """The public copy (republished, so search replaces its own), the knowledge entries and
    the high-frequency rollups made from these tickets."""
    if pairs:
        for table in (FingerprintDaily, CityFingerprintDaily):
            await session.execute(
                update(table)
                .where(table.title != _sql_scrub(table.title, pairs))
                .values(title=_sql_scrub(table.title, pairs))
            )
        await session.execute(
            update(KnowledgeEntry)
            .where(KnowledgeEntry.source_tickets.overlap(array(numbers)))
            .values(
                question=_sql_scrub(KnowledgeEntry.question, pairs),
                answer=_sql_scrub(KnowledgeEntry.answer, pairs),
            )
        )
    disclosures = await session.scalars(
        select(Disclosure).where(Disclosure.ticket_id.in_(ids)).with_for_update()
    )
    for d in disclosures.all():
        before = (d.title, d.content, d.answer)
        d.title = scrub(d.title, pairs) or ""
        d.content = scrub(d.content, pairs) or ""
        d.answer = scrub(d.answer, pairs) or ""
        if (d.title, d.content, d.answer) == before:
            continue
        await session.flush()  # the version moves on, so search takes the new copy
        if d.state == DisclosureState.published.value:
            await announce(session, d)
