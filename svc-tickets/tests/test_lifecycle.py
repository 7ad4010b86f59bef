"""The lifecycle: 受理 → 派单 → 签收 → 办理 → 答复 → 回访/评价 → 办结, and the side paths."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from tickets_support import GAS, app_of

from govkit.events.tables import outbox
from tickets.clock import CHINA
from tickets.deadlines.calendar import add_working_days
from tickets.tickets.models import Ticket


async def events_of(client, ticket_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        rows = await session.execute(
            select(outbox.c.type).where(
                outbox.c.envelope["subject"].astext == f"ticket/{ticket_id}"
            )
        )
        return [r[0] for r in rows]


async def test_the_whole_lifecycle_is_recorded_step_by_step(desk, client):
    t = await desk.submit()
    h = desk.handler("xc-01")
    await desk.ok(t, "assign", desk.dispatcher, unit_code="xc-01", category=GAS)
    await desk.ok(t, "accept", h)
    await desk.ok(t, "start", h)
    await desk.ok(t, "reply", h, reply="已修复。")
    await desk.ok(t, "rate", desk.citizen(), satisfaction=5)
    done = await desk.ok(t, "close", desk.dispatcher)
    assert done["state"] == "closed" and done["satisfaction"] == 5 and done["replied_on_time"]
    detail = (await client.get(f"/tickets/{t['id']}", headers=desk.dispatcher)).json()
    steps = [(s["action"], s["from_state"], s["to_state"]) for s in detail["timeline"]]
    assert steps == [
        ("create", None, "received"),
        ("assign", "received", "assigned"),
        ("accept", "assigned", "accepted"),
        ("start", "accepted", "in_progress"),
        ("reply", "in_progress", "replied"),
        ("rate", "replied", "rated"),
        ("close", "rated", "closed"),
    ]
    assert all(s["actor"] for s in detail["timeline"])
    assert await events_of(client, t["id"]) == [
        "tickets.ticket.created.v1",
        "tickets.ticket.assigned.v1",
        "tickets.ticket.replied.v1",
        "tickets.ticket.closed.v1",
    ]


@pytest.mark.parametrize(
    ("action", "who"),
    [("accept", "handler"), ("reply", "handler"), ("close", "dispatcher"), ("rate", "citizen")],
)
async def test_an_action_not_allowed_from_the_state_is_409_and_changes_nothing(
    desk, client, action, who
):
    t = await desk.submit()  # received: nothing but assign / direct reply / urge applies
    headers = {
        "handler": desk.handler("city"),
        "dispatcher": desk.dispatcher,
        "citizen": desk.citizen(),
    }[who]
    if who == "handler":
        t = await desk.ok(t, "assign", desk.dispatcher, unit_code="xc-01", category=GAS)
        await desk.ok(t, "accept", desk.handler("xc-01"))
        await desk.ok(t, "reply", desk.handler("xc-01"), reply="答复")
        headers = desk.handler("xc-01")
    before = (await client.get(f"/tickets/{t['id']}", headers=desk.dispatcher)).json()
    r = await desk.act(t, action, headers, reply="答复", satisfaction=3)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "invalid_transition" and "不能" in r.json()["detail"]
    after = (await client.get(f"/tickets/{t['id']}", headers=desk.dispatcher)).json()
    assert after["state"] == before["state"] and len(after["timeline"]) == len(before["timeline"])


async def test_an_unknown_action_is_404(desk):
    t = await desk.submit()
    r = await desk.act(t, "teleport", desk.dispatcher)
    assert r.status_code == 404 and r.json()["code"] == "unknown_action"


async def test_a_unit_cannot_see_or_act_on_another_units_ticket(desk, client):
    t = await desk.assigned("xc-01")
    other = desk.handler("xc-02")
    assert (await client.get(f"/tickets/{t['id']}", headers=other)).status_code == 403
    r = await desk.act(t, "accept", other)
    assert r.status_code == 403 and r.json()["code"] == "outside_scope"
    listed = (await client.get("/tickets", headers=other)).json()["items"]
    assert listed == []
    # the district above the street sees it; the street's own handler too
    assert [
        x["id"] for x in (await client.get("/tickets", headers=desk.handler("xc"))).json()["items"]
    ] == [t["id"]]
    assert (
        await client.get(f"/tickets/{t['id']}", headers=desk.handler("xc-01"))
    ).status_code == 200


async def test_a_unit_passes_a_ticket_down_to_its_sub_unit_only(desk):
    t = await desk.assigned("xc")
    r = await desk.act(t, "pass_down", desk.handler("xc"), unit_code="lc")
    assert r.status_code == 422 and r.json()["code"] == "not_a_sub_unit"
    down = await desk.ok(t, "pass_down", desk.handler("xc"), unit_code="xc-01-01")
    assert down["unit_code"] == "xc-01-01" and down["state"] == "assigned"
    await desk.ok(t, "accept", desk.handler("xc-01-01"))


async def test_a_return_needs_a_reason_and_goes_back_to_the_dispatcher(desk, client):
    t = await desk.assigned("cgj")
    h = desk.handler("cgj")
    r = await desk.act(t, "return", h)
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    back = await desk.ok(t, "return", h, note="燃气管道属住建部门职责")
    assert back["state"] == "returned" and back["unit_code"] is None
    assert (await client.get(f"/tickets/{t['id']}", headers=h)).status_code == 403
    again = await desk.ok(t, "assign", desk.dispatcher, unit_code="zjj")
    assert again["unit_code"] == "zjj"


async def test_reassignment_is_counted_as_a_transfer(desk):
    t = await desk.assigned("cgj")
    r = await desk.act(t, "reassign", desk.dispatcher, unit_code="zjj")
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    moved = await desk.ok(t, "reassign", desk.dispatcher, unit_code="zjj", note="职责调整")
    assert moved["unit_code"] == "zjj" and moved["transfers"] == 1


async def test_co_handling_units_see_the_ticket_and_add_notes_but_only_the_lead_replies(
    desk, client
):
    t = await desk.assigned("zjj")
    await desk.ok(t, "add_assist", desk.dispatcher, assist_units=["cgj"])
    assist = desk.handler("cgj")
    assert (await client.get(f"/tickets/{t['id']}", headers=assist)).status_code == 200
    await desk.ok(t, "assist_note", assist, note="城管已配合现场排查")
    await desk.ok(t, "accept", desk.handler("zjj"))
    r = await desk.act(t, "reply", assist, reply="协办单位不能答复")
    assert r.status_code == 403 and r.json()["code"] == "not_your_step"


async def test_the_deadline_counts_working_days_by_kind(desk):
    complaint = await desk.assigned(kind="complaint")
    consultation = await desk.assigned(
        kind="consultation", title="咨询公积金", content="想咨询公积金提取的条件。"
    )
    today = datetime.now(CHINA).date()
    assert complaint["due_on"] == add_working_days(today, 13)[0].isoformat()
    assert consultation["due_on"] == add_working_days(today, 3)[0].isoformat()
    assert complaint["sign_due_at"] is not None


async def test_an_approved_extension_pushes_the_deadline_back(desk):
    t = await desk.assigned()
    h = desk.handler("xc-01")
    await desk.ok(t, "accept", h)
    r = await desk.act(t, "approve_extension", desk.supervisor)
    assert r.status_code == 409 and r.json()["code"] == "no_extension_pending"
    await desk.ok(t, "request_extension", h, days=5, note="需协调燃气公司更换管道")
    r = await desk.act(t, "request_extension", h, days=2, note="再申请")
    assert r.status_code == 409 and r.json()["code"] == "extension_pending"
    done = await desk.ok(t, "approve_extension", desk.supervisor)
    assert done["due_on"] == add_working_days(date.fromisoformat(t["due_on"]), 5)[0].isoformat()
    assert done["extension_days"] == 5 and done["extension_requested"] is None


async def test_a_unit_cannot_approve_its_own_extension(desk):
    t = await desk.assigned()
    h = desk.handler("xc-01")
    await desk.ok(t, "accept", h)
    await desk.ok(t, "request_extension", h, days=3, note="原因")
    assert (await desk.act(t, "approve_extension", h)).status_code == 403


async def test_an_unsatisfied_citizen_gets_the_ticket_handled_again(desk):
    t = await desk.replied()
    await desk.ok(t, "rate", desk.citizen(), satisfaction=1)
    again = await desk.ok(t, "reopen", desk.citizen(), note="问题没有解决，仍有气味")
    assert again["state"] == "assigned" and again["reopened"] == 1 and again["unit_code"] == "xc-01"
    assert again["reply"] is None and again["satisfaction"] is None


async def test_a_satisfied_citizen_cannot_reopen(desk):
    t = await desk.replied()
    await desk.ok(t, "rate", desk.citizen(), satisfaction=5)
    r = await desk.act(t, "reopen", desk.citizen(), note="再办一次")
    assert r.status_code == 409 and r.json()["code"] == "already_satisfied"


async def test_nobody_rates_someone_elses_ticket(desk):
    t = await desk.replied()
    r = await desk.act(t, "rate", desk.citizen("someone-else"), satisfaction=1)
    assert r.status_code == 403
    r = await desk.act(t, "rate", desk.handler("xc-01"), satisfaction=5)
    assert r.status_code == 403 and r.json()["code"] == "not_your_step"


async def test_supervisors_press_open_tickets(desk):
    t = await desk.assigned()
    assert (await desk.act(t, "supervise", desk.handler("xc-01"))).status_code == 403
    pressed = await desk.ok(t, "supervise", desk.supervisor, note="请加快办理")
    pressed = await desk.ok(t, "urge", desk.supervisor, note="催办")
    assert pressed["supervised"] and pressed["urges"] == 1


async def test_overdue_and_due_soon_lists(desk, client):
    late = await desk.assigned()
    soon = await desk.assigned(title="另一件", content="另一件事情的详细内容描述。")
    await desk.assigned(title="第三件", content="第三件事情的详细内容描述。")
    today = datetime.now(CHINA).date()
    async with app_of(client).state.db.transaction() as session:
        await session.execute(
            update(Ticket).where(Ticket.id == late["id"]).values(due_on=today - timedelta(days=1))
        )
        await session.execute(update(Ticket).where(Ticket.id == soon["id"]).values(due_on=today))
    overdue = (
        await client.get("/tickets", params={"due": "overdue"}, headers=desk.dispatcher)
    ).json()
    due_soon = (
        await client.get("/tickets", params={"due": "soon"}, headers=desk.dispatcher)
    ).json()
    assert [x["id"] for x in overdue["items"]] == [late["id"]]
    assert [x["id"] for x in due_soon["items"]] == [soon["id"]]


async def test_a_caller_tracks_a_ticket_by_number_and_phone(desk, client):
    t = await desk.replied()
    r = await client.post("/tickets/track", json={"number": t["number"], "phone": "13800138000"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reply"] and body["unit_name"] == "东街街道" and body["state_name"] == "已答复"
    assert all(s["actor"] == "" for s in body["steps"])
    wrong = await client.post(
        "/tickets/track", json={"number": t["number"], "phone": "13900139000"}
    )
    missing = await client.post(
        "/tickets/track", json={"number": "12345-20200101-000001", "phone": "13800138000"}
    )
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json()["detail"] == missing.json()["detail"]


async def test_citizens_see_only_their_own_tickets(desk, client):
    mine = await desk.submit(desk.citizen("c-1"))
    await desk.submit(desk.citizen("c-2"), title="别人的诉求", content="别人的诉求详细内容。")
    listed = (await client.get("/tickets", headers=desk.citizen("c-1"))).json()["items"]
    assert [x["id"] for x in listed] == [mine["id"]]
    assert (
        await client.get(f"/tickets/{mine['id']}", headers=desk.citizen("c-2"))
    ).status_code == 403


async def test_assigning_needs_a_known_unit_and_a_category(desk):
    t = await desk.submit()
    r = await desk.act(t, "assign", desk.dispatcher, unit_code="nowhere", category=GAS)
    assert r.status_code == 422 and r.json()["code"] == "unknown_unit"
    r = await desk.act(t, "assign", desk.dispatcher, unit_code="xc-01")
    assert r.status_code == 422 and r.json()["code"] == "category_required"
    r = await desk.act(t, "assign", desk.dispatcher, unit_code="xc-01", category="77")
    assert r.status_code == 422 and r.json()["code"] == "unknown_category"


async def test_a_stale_expected_version_is_409(desk):
    t = await desk.assigned()
    r = await desk.act(t, "accept", desk.handler("xc-01"), expected_version=t["version"] + 5)
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
