"""The caller's own data and their erasure: tickets stay for the statistics without the
caller (link, name, phone, address, precise location, photos), once per erasure event."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from tickets_support import GAS, app_of, seed_units

from govkit.contracts import UserErased
from govkit.events import new_event
from govkit.events.tables import outbox
from tickets.events import consumers
from tickets.tickets.models import Photo, Ticket, TimelineEntry

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def erase(client, subject: str) -> str:  # type: ignore[no-untyped-def]
    state = app_of(client).state
    [consumer] = [c for c in consumers(state.db, state.nats) if c.name.endswith("erasure")]
    payload = UserErased(
        user_id=uuid.UUID(subject), erasure_id=uuid.uuid4(), kind="citizen", payload_version=2
    )
    event = new_event(payload, source="/gateway", subject=str(payload.erasure_id))
    assert await consumer.apply(event) == "applied"
    assert await consumer.apply(event) == "duplicate"  # a redelivery changes nothing
    return str(payload.erasure_id)


async def test_an_erased_caller_leaves_the_ticket_without_them(client, desk):
    await seed_units(client)
    subject = str(uuid.uuid4())
    caller = desk.tokens.bearer(desk.tokens.issue(subject, kind="citizen", name="王建国"))
    t = await desk.submit(
        caller,
        title="王建国反映燃气漏气",
        content="本人王建国，电话13912345678，身份证110101199003077777，楼下燃气有气味。",
        citizen_phone="13912345678",
        location={"latitude": 37.870213, "longitude": 112.548911, "address": "幸福小区3号楼"},
    )
    r = await client.post(
        f"/tickets/{t['id']}/photos", files={"file": ("a.png", PNG, "image/png")}, headers=caller
    )
    assert r.status_code == 201
    h = desk.handler("xc-01")
    await desk.ok(t, "assign", desk.dispatcher, unit_code="xc-01", category=GAS)
    await desk.ok(t, "accept", h)
    await desk.ok(t, "reply", h, reply="已与王建国本人沟通，燃气公司已修复。")

    mine = (await client.get("/me/data", headers=caller)).json()
    [ticket] = mine["sections"][0]["items"]
    assert ticket["citizen_phone"] == "13912345678" and ticket["photos"] == 1
    assert ticket["steps"] and all(s["actor"] == "" for s in ticket["steps"])  # caller's view
    erasure_id = await erase(client, subject)

    async with app_of(client).state.db.sessionmaker() as session:
        row = await session.get(Ticket, uuid.UUID(t["id"]))
        assert row is not None
        assert (row.citizen_subject, row.citizen_name, row.citizen_phone, row.address) == (
            None,
            None,
            None,
            None,
        )
        assert (row.latitude, row.longitude) == (37.87, 112.55)
        assert "王建国" not in row.title + row.content + (row.reply or "")
        assert "13912345678" not in row.content and "110101199003077777" not in row.content
        assert "燃气" in row.content and row.category == GAS and row.state == "replied"
        actors = set(await session.scalars(select(TimelineEntry.actor)))
        assert subject not in actors and "citizen" in actors
        assert await session.scalar(select(func.count()).select_from(Photo)) == 0
        confirmations = (
            await session.execute(
                select(outbox.c.envelope).where(outbox.c.type == "identity.erasure.confirmed.v1")
            )
        ).all()
    [(envelope,)] = confirmations
    assert envelope["data"]["erasure_id"] == erasure_id and envelope["data"]["service"] == "tickets"
    assert envelope["data"]["removed"] == {"tickets_anonymised": 1, "photos_deleted": 1}
    assert subject not in str(envelope)
    assert (await client.get("/me/data", headers=caller)).json()["sections"][0]["items"] == []


async def test_my_data_shows_only_the_callers_own_tickets(client, desk):
    await seed_units(client)
    await desk.submit(desk.citizen("c-1"))
    await desk.submit(desk.citizen("c-2"))
    mine = (await client.get("/me/data", headers=desk.citizen("c-1"))).json()
    assert len(mine["sections"][0]["items"]) == 1
    staff = (await client.get("/me/data", headers=desk.dispatcher)).json()
    assert staff["sections"][0]["items"] == []
    assert (await client.get("/me/data")).status_code == 401
