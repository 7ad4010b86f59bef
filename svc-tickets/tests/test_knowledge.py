"""知识库: drafts (often from tickets), published by a second person, retired; events."""

from __future__ import annotations

from sqlalchemy import select, update
from tickets_support import GAS, app_of

from govkit.events.tables import outbox
from tickets.tickets.models import Ticket


async def knowledge_events(client) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        rows = await session.execute(
            select(outbox.c.type, outbox.c.envelope)
            .where(outbox.c.type.like("tickets.knowledge.%"))
            .order_by(outbox.c.id)
        )
        return [(t, e["data"]) for t, e in rows]


ENTRY = {
    "question": "住房公积金提取需要哪些材料？",
    "answer": "携带身份证、银行卡及购房合同到市公积金中心各管理部办理。",
    "category": "01",
}


async def test_an_entry_is_drafted_published_and_retired_with_events(desk, client):
    d = await client.post("/knowledge", json=ENTRY, headers=desk.dispatcher)
    assert d.status_code == 201, d.text
    entry = d.json()
    assert (await client.get("/public/knowledge")).json()["items"] == []
    p = await client.post(f"/knowledge/{entry['id']}/publish", headers=desk.supervisor)
    assert p.status_code == 200 and p.json()["state"] == "published"
    public = (await client.get("/public/knowledge", params={"q": "公积金"})).json()["items"]
    assert [e["id"] for e in public] == [entry["id"]]
    await client.post(f"/knowledge/{entry['id']}/retire", headers=desk.supervisor)
    assert (await client.get("/public/knowledge")).json()["items"] == []
    events = await knowledge_events(client)
    assert [t for t, _ in events] == [
        "tickets.knowledge.published.v1",
        "tickets.knowledge.retired.v1",
    ]
    assert events[0][1]["category"] == "城乡建设"


async def test_an_answered_ticket_becomes_a_masked_draft_with_its_source(desk, client):
    t = await desk.replied(content="我叫李四，电话13912345678，小区燃气管道漏气，请处理。")
    r = await client.post(f"/tickets/{t['id']}/knowledge", headers=desk.dispatcher)
    assert r.status_code == 201, r.text
    entry = r.json()
    assert entry["source_tickets"] == [t["number"]] and entry["category"] == GAS
    assert "13912345678" not in entry["question"] and "李四" not in entry["question"]


async def test_a_draft_from_a_ticket_masks_the_callers_name_in_question_and_answer(desk, client):
    t = await desk.replied(content="高峰反映燃气管道漏气。", citizen_name="高峰")
    async with app_of(client).state.db.transaction() as session:
        await session.execute(
            update(Ticket).where(Ticket.number == t["number"]).values(reply="已与高峰沟通处理。")
        )
    r = await client.post(f"/tickets/{t['id']}/knowledge", headers=desk.dispatcher)
    assert r.status_code == 201, r.text
    entry = r.json()
    assert "高峰" not in entry["question"] + entry["answer"]
    assert "高某反映" in entry["question"] and "高某" in entry["answer"]


async def test_the_author_cannot_publish_their_own_entry(desk, client):
    both = desk._as("editor-1", [("dispatcher", "*"), ("unit_supervisor", "*")])
    entry = (await client.post("/knowledge", json=ENTRY, headers=both)).json()
    r = await client.post(f"/knowledge/{entry['id']}/publish", headers=both)
    assert r.status_code == 403 and r.json()["code"] == "self_review"


async def test_correcting_a_published_entry_announces_the_new_version(desk, client):
    entry = (await client.post("/knowledge", json=ENTRY, headers=desk.dispatcher)).json()
    await client.post(f"/knowledge/{entry['id']}/publish", headers=desk.supervisor)
    r = await client.patch(
        f"/knowledge/{entry['id']}",
        json={"answer": "现已可在线办理，无需到场。"},
        headers=desk.dispatcher,
    )
    assert r.status_code == 403  # a published entry is corrected by a reviewer
    r = await client.patch(
        f"/knowledge/{entry['id']}",
        json={"answer": "现已可在线办理，无需到场。"},
        headers=desk.supervisor,
    )
    assert r.status_code == 200
    versions = [e["payload_version"] for t, e in await knowledge_events(client)]
    assert len(versions) == 2 and versions[1] > versions[0]


async def test_bad_entries_are_422_and_nothing_is_stored(desk, client):
    for body, code in (
        ({**ENTRY, "category": "88"}, "unknown_category"),
        ({**ENTRY, "source_tickets": ["12345-20200101-000001"]}, "unknown_source_ticket"),
        ({**ENTRY, "question": ""}, "validation_failed"),
    ):
        r = await client.post("/knowledge", json=body, headers=desk.dispatcher)
        assert r.status_code == 422 and r.json()["code"] == code
    assert (await client.get("/knowledge", headers=desk.dispatcher)).json()["items"] == []
    assert (await client.post("/knowledge", json=ENTRY, headers=desk.citizen())).status_code == 403


async def test_an_expired_entry_is_not_public(desk, client):
    entry = (
        await client.post(
            "/knowledge", json={**ENTRY, "valid_to": "2020-01-01"}, headers=desk.dispatcher
        )
    ).json()
    await client.post(f"/knowledge/{entry['id']}/publish", headers=desk.supervisor)
    assert (await client.get("/public/knowledge")).json()["items"] == []


async def test_staff_read_one_entry_and_others_do_not(desk, client):
    entry = (await client.post("/knowledge", json=ENTRY, headers=desk.dispatcher)).json()
    r = await client.get(f"/knowledge/{entry['id']}", headers=desk.supervisor)
    assert r.status_code == 200 and r.json()["question"] == ENTRY["question"]
    assert (
        await client.get(f"/knowledge/{entry['id']}", headers=desk.citizen())
    ).status_code == 403
    missing = await client.get(
        "/knowledge/00000000-0000-0000-0000-000000000000", headers=desk.supervisor
    )
    assert missing.status_code == 404 and missing.json()["code"] == "entry_not_found"


async def test_a_unit_cannot_draft_knowledge_from_another_units_ticket(desk, client):
    t = await desk.replied("xc-01")
    other = desk.handler("lc")
    r = await client.post(f"/tickets/{t['id']}/knowledge", headers=other)
    seen = await client.get(f"/tickets/{t['id']}", headers=other)
    assert (
        (r.status_code, r.json()["code"])
        == (seen.status_code, seen.json()["code"])
        == (
            403,
            "outside_scope",
        )
    )
    assert "燃气" not in r.text
    assert (await client.get("/knowledge", headers=desk.dispatcher)).json()["items"] == []
    own = await client.post(f"/tickets/{t['id']}/knowledge", headers=desk.handler("xc-01"))
    assert own.status_code == 201, own.text


async def test_knowledge_from_a_ticket_checks_scope_before_its_state(desk, client):
    unreplied = await desk.assigned("xc-01")
    unclassified = await desk.submit()
    other = desk.handler("lc")
    for t in (unreplied, unclassified):
        r = await client.post(f"/tickets/{t['id']}/knowledge", headers=other)
        assert r.status_code == 403 and r.json()["code"] == "outside_scope", r.text
    missing = await client.post(
        "/tickets/00000000-0000-0000-0000-000000000000/knowledge", headers=other
    )
    assert missing.status_code == 404
    # In scope, the state is what answers.
    r = await client.post(f"/tickets/{unreplied['id']}/knowledge", headers=desk.handler("xc-01"))
    assert r.status_code == 409 and r.json()["code"] == "not_replied"


async def test_a_source_ticket_outside_scope_reads_as_unknown(desk, client):
    t = await desk.replied("xc-01")
    body = {**ENTRY, "source_tickets": [t["number"]]}
    r = await client.post("/knowledge", json=body, headers=desk.handler("lc"))
    assert r.status_code == 422 and r.json()["code"] == "unknown_source_ticket"
    r = await client.post("/knowledge", json=body, headers=desk.handler("xc-01"))
    assert r.status_code == 201, r.text


async def test_editing_an_entry_checks_the_role_before_its_version_or_state(desk, client):
    entry = (await client.post("/knowledge", json=ENTRY, headers=desk.dispatcher)).json()
    await client.post(f"/knowledge/{entry['id']}/publish", headers=desk.supervisor)
    await client.post(f"/knowledge/{entry['id']}/retire", headers=desk.supervisor)
    stale = {"answer": "现已可在线办理。", "expected_version": 99}
    r = await client.patch(f"/knowledge/{entry['id']}", json=stale, headers=desk.citizen())
    assert r.status_code == 403 and r.json()["code"] == "role_missing"
    r = await client.patch(f"/knowledge/{entry['id']}", json=stale, headers=desk.supervisor)
    assert r.status_code == 409


async def test_the_public_reads_one_published_entry_and_pages_the_list(desk, client):
    r = await client.post(
        "/knowledge",
        json={
            "question": "燃气管道漏气怎么办？",
            "answer": "请立即关闭阀门并拨打燃气公司电话。",
            "category": GAS,
        },
        headers=desk.dispatcher,
    )
    entry = r.json()
    assert (await client.get(f"/public/knowledge/{entry['id']}")).status_code == 404  # a draft
    await client.post(f"/knowledge/{entry['id']}/publish", headers=desk.supervisor)
    one = await client.get(f"/public/knowledge/{entry['id']}")
    assert one.status_code == 200 and one.json()["question"] == "燃气管道漏气怎么办？"
    assert "created_by" not in one.json() and "source_tickets" not in one.json()
    listed = (await client.get("/public/knowledge", params={"page": 1, "limit": 5})).json()
    assert (listed["total"], listed["page"]) == (1, 1)
    await client.post(f"/knowledge/{entry['id']}/retire", headers=desk.supervisor)
    assert (await client.get(f"/public/knowledge/{entry['id']}")).status_code == 404
    missing = await client.get("/public/knowledge/6f1c0d3e-8a51-4b7e-9d55-1a2b3c4d5e6f")
    assert missing.status_code == 404 and missing.json()["code"] == "entry_not_found"
