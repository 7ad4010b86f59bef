"""留言公开: masked, reviewed by a second person, then public and announced."""

from __future__ import annotations

from sqlalchemy import select
from tickets_support import app_of

from govkit.events.tables import outbox

PII_CONTENT = "我叫王小明，电话13812345678，住东街幸福社区3栋2单元502室，燃气管道漏气两天了。"


async def disclosed_events(client) -> list[dict]:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        rows = await session.execute(
            select(outbox.c.envelope).where(outbox.c.type == "tickets.ticket.disclosed.v1")
        )
        return [r[0]["data"] for r in rows]


async def prepared(desk, client):  # type: ignore[no-untyped-def]
    t = await desk.replied(content=PII_CONTENT)
    r = await client.post(f"/tickets/{t['id']}/disclosure", headers=desk.dispatcher)
    assert r.status_code == 201, r.text
    return t, r.json()


async def test_a_disclosure_is_masked_and_waits_for_review(desk, client):
    _, draft = await prepared(desk, client)
    assert draft["state"] == "draft"
    for secret in ("13812345678", "王小明", "502"):
        assert secret not in draft["content"]
    assert draft["answering_unit"] == "东街街道" and draft["category"] == "城乡建设"
    assert (await client.get("/public/disclosures")).json()["items"] == []
    assert await disclosed_events(client) == []


async def test_a_published_disclosure_is_public_and_announced(desk, client):
    t, draft = await prepared(desk, client)
    r = await client.post(f"/disclosures/{draft['id']}/publish", headers=desk.supervisor)
    assert r.status_code == 200, r.text
    public = (await client.get("/public/disclosures")).json()["items"]
    assert [p["number"] for p in public] == [t["number"]]
    assert "13812345678" not in str(public)
    one = await client.get(f"/public/disclosures/{t['number']}")
    assert one.status_code == 200 and "prepared_by" not in one.json()
    (event,) = await disclosed_events(client)
    assert event["number"] == t["number"] and "13812345678" not in event["content"]
    ticket = (await client.get(f"/tickets/{t['id']}", headers=desk.dispatcher)).json()
    assert ticket["disclosed_at"] is not None


async def test_the_preparer_cannot_review_their_own_disclosure(desk, client):
    _, draft = await prepared(desk, client)
    admin = desk._as("dispatcher-1", [("dispatcher", "*"), ("unit_supervisor", "*")])
    r = await client.post(f"/disclosures/{draft['id']}/publish", headers=admin)
    assert r.status_code == 403 and r.json()["code"] == "self_review"
    r = await client.post(f"/disclosures/{draft['id']}/publish", headers=desk.handler("xc-01"))
    assert r.status_code == 403


async def test_a_reviewers_correction_is_masked_again(desk, client):
    _, draft = await prepared(desk, client)
    r = await client.patch(
        f"/disclosures/{draft['id']}",
        json={"content": "市民反映燃气漏气，联系电话 139-1234-5678。"},
        headers=desk.supervisor,
    )
    assert r.status_code == 200, r.text
    assert "5678" not in r.json()["content"]


async def test_an_unreplied_ticket_cannot_be_disclosed(desk, client):
    t = await desk.assigned()
    r = await client.post(f"/tickets/{t['id']}/disclosure", headers=desk.dispatcher)
    assert r.status_code == 409 and r.json()["code"] == "not_replied"


async def test_a_withdrawn_disclosure_leaves_the_public_list(desk, client):
    t, draft = await prepared(desk, client)
    await client.post(f"/disclosures/{draft['id']}/publish", headers=desk.supervisor)
    r = await client.post(f"/disclosures/{draft['id']}/withdraw", headers=desk.supervisor)
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    assert (await client.get("/public/disclosures")).json()["items"] == []
    assert (await client.get(f"/public/disclosures/{t['number']}")).status_code == 404
    again = await client.post(f"/disclosures/{draft['id']}/publish", headers=desk.supervisor)
    assert again.status_code == 409


async def test_reviewers_read_one_draft_and_citizens_do_not(desk, client):
    _, draft = await prepared(desk, client)
    r = await client.get(f"/disclosures/{draft['id']}", headers=desk.supervisor)
    assert r.status_code == 200 and r.json()["state"] == "draft"
    assert (
        await client.get(f"/disclosures/{draft['id']}", headers=desk.citizen())
    ).status_code == 403


async def test_the_callers_own_name_is_masked_where_no_context_says_person(desk, client):
    t = await desk.replied(content="高峰反映小区燃气管道漏气两天了。", citizen_name="高峰")
    r = await client.post(f"/tickets/{t['id']}/disclosure", headers=desk.dispatcher)
    assert r.status_code == 201, r.text
    assert r.json()["content"] == "高某反映小区燃气管道漏气两天了。"


async def test_the_reviewer_sees_every_masked_span(desk, client):
    _, draft = await prepared(desk, client)
    spans = [s for s in draft["masked_spans"] if s["field"] == "content"]
    pieces = [(draft["content"][s["start"] : s["end"]], s["kind"]) for s in spans]
    assert ("王某", "name") in pieces
    assert ("＊＊＊＊＊＊＊＊＊＊＊", "number") in pieces
    assert all("＊" in p or p.endswith("某") for p, _ in pieces)


async def test_the_reviewer_masks_more_by_hand(desk, client):
    _, draft = await prepared(desk, client)
    at = draft["content"].index("幸福社区")
    r = await client.patch(
        f"/disclosures/{draft['id']}",
        json={"mask": [{"field": "content", "start": at, "end": at + 4, "kind": "other"}]},
        headers=desk.supervisor,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert "幸福社区" not in body["content"] and "＊＊＊＊" in body["content"]
    content_spans = [s for s in body["masked_spans"] if s["field"] == "content"]
    assert any(s["start"] <= at and s["end"] >= at + 4 for s in content_spans)


async def test_a_mask_range_that_ends_before_it_starts_is_422_and_changes_nothing(desk, client):
    _, draft = await prepared(desk, client)
    r = await client.patch(
        f"/disclosures/{draft['id']}",
        json={"mask": [{"field": "content", "start": 5, "end": 2}]},
        headers=desk.supervisor,
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem")
    same = await client.get(f"/disclosures/{draft['id']}", headers=desk.supervisor)
    assert same.json()["content"] == draft["content"]


async def test_public_letters_page_by_number_with_their_total(desk, client):
    numbers = []
    for _ in range(3):
        t, draft = await prepared(desk, client)
        await client.post(f"/disclosures/{draft['id']}/publish", headers=desk.supervisor)
        numbers.append(t["number"])
    first = (await client.get("/public/disclosures", params={"page": 1, "limit": 2})).json()
    second = (await client.get("/public/disclosures", params={"page": 2, "limit": 2})).json()
    assert (first["total"], first["page"], second["total"], second["page"]) == (3, 1, 3, 2)
    shown = [d["number"] for d in first["items"] + second["items"]]
    assert shown == list(reversed(numbers))  # newest published first
    assert (await client.get("/public/disclosures", params={"page": 0})).status_code == 422
