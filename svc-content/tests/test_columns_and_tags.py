"""Column trees, aggregation sources, the governed tag library, scheduled publishing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from content_support import make_desk

from content.items.publishing import publish_due
from govkit.testing import eventually, stream_messages


async def test_the_column_tree_nests_children_and_moving_a_column_moves_its_subtree(client, tokens):
    desk = await make_desk(client, tokens)
    await client.put(
        "/sites/portal/columns",
        headers=desk.editor,
        json={"code": "gfxwj", "name": "规范性文件", "parent_code": "zcwj"},
    )
    tree = (await client.get("/sites/portal/columns")).json()
    xxgk = next(c for c in tree if c["code"] == "xxgk")
    zcwj = next(c for c in xxgk["children"] if c["code"] == "zcwj")
    assert [c["path"] for c in zcwj["children"]] == ["xxgk/zcwj/gfxwj"]
    await client.put(
        "/sites/portal/columns",
        headers=desk.editor,
        json={"code": "zcwj", "name": "政策文件", "parent_code": "news"},
    )
    tree = (await client.get("/sites/portal/columns")).json()
    news = next(c for c in tree if c["code"] == "news")
    assert news["children"][0]["children"][0]["path"] == "news/zcwj/gfxwj"


async def test_a_column_cannot_move_under_its_own_descendant(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.put(
        "/sites/portal/columns",
        headers=desk.editor,
        json={"code": "xxgk", "name": "信息公开", "parent_code": "zcwj"},
    )
    assert r.status_code == 409 and r.json()["code"] == "column_cycle"


async def test_column_update_period_is_bounded(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.put(
        "/sites/portal/columns",
        headers=desk.editor,
        json={"code": "x", "name": "x", "update_period_days": 0},
    )
    assert r.status_code == 422


async def test_another_sites_editor_cannot_change_columns(client, tokens):
    await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="xc")
    r = await client.put(
        "/sites/portal/columns", headers=other.editor, json={"code": "hack", "name": "越权栏目"}
    )
    assert r.status_code == 403
    r = await client.put(
        "/sites/portal/columns/news/sources",
        headers=other.editor,
        json={"sources": [{"tag_code": "person.subject.zhufang"}]},
    )
    assert r.status_code == 403


async def test_aggregation_sources_must_exist_and_be_one_kind(client, tokens):
    desk = await make_desk(client, tokens)
    url = "/sites/portal/columns/news/sources"
    r = await client.put(url, headers=desk.editor, json={"sources": [{"tag_code": "nope"}]})
    assert r.status_code == 422 and r.json()["code"] == "unknown_tag"
    r = await client.put(
        url,
        headers=desk.editor,
        json={"sources": [{"site_code": "portal", "column_code": "news", "tag_code": "x"}]},
    )
    assert r.status_code == 422
    r = await client.put(
        url, headers=desk.editor, json={"sources": [{"site_code": "portal", "column_code": "news"}]}
    )
    assert r.status_code == 422 and r.json()["code"] == "column_self_source"
    assert (await client.get(url)).json() == []


async def test_the_seeded_library_has_three_audiences_and_six_facets(client):
    tags = (await client.get("/tags")).json()
    assert 100 <= len(tags) <= 140
    assert {t["audience"] for t in tags} == {"government", "person", "enterprise"}
    assert {t["facet"] for t in tags} == {
        "genre",
        "policy",
        "hot",
        "subject",
        "audience",
        "lifecycle",
    }
    lifecycle = (
        await client.get("/tags", params={"audience": "person", "facet": "lifecycle"})
    ).json()
    assert "入学" in {t["name"] for t in lifecycle}


async def test_a_new_tag_exists_only_after_the_platform_office_approves(client, tokens):
    staff = tokens.bearer(
        tokens.issue("zjj-editor", org="zjj", roles=[{"role": "site_editor", "scope": "site:zjj"}])
    )
    admin = tokens.bearer(tokens.admin())
    r = await client.post(
        "/tags/requests",
        headers=staff,
        json={
            "action": "create",
            "reason": "保障性住房专题需要",
            "tag": {
                "code": "person.subject.baozhangfang",
                "name": "保障性住房",
                "audience": "person",
                "facet": "subject",
            },
        },
    )
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]
    assert (await client.get("/tags/person.subject.baozhangfang")).status_code == 404
    r = await client.post(f"/tags/requests/{request_id}/approve", headers=staff, json={})
    assert r.status_code == 403
    r = await client.post(f"/tags/requests/{request_id}/approve", headers=admin, json={})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    tag = (await client.get("/tags/person.subject.baozhangfang")).json()
    assert tag["owner_org_code"] == "zjj" and tag["version"] == 1
    r = await client.post(f"/tags/requests/{request_id}/approve", headers=admin, json={})
    assert r.status_code == 409 and r.json()["code"] == "tag_request_decided"

    js = client._transport.app.state.nats.js

    async def announced() -> bool:
        return await stream_messages(js, "CONTENT") >= 1

    await eventually(announced)
    event = json.loads((await js.get_msg("CONTENT", seq=1)).data)
    assert event["type"] == "content.tag.upserted.v1"
    assert event["data"]["code"] == "person.subject.baozhangfang"


async def test_a_duplicate_tag_name_in_the_same_facet_is_refused(client, tokens):
    staff = tokens.bearer(tokens.issue("s1", org="zjj"))
    r = await client.post(
        "/tags/requests",
        headers=staff,
        json={
            "action": "create",
            "reason": "重复",
            "tag": {
                "code": "person.subject.zhufang2",
                "name": "住房",
                "audience": "person",
                "facet": "subject",
            },
        },
    )
    assert r.status_code == 409 and r.json()["code"] == "tag_name_taken"


async def test_rejecting_needs_a_note_and_retiring_hides_the_tag(client, tokens):
    staff = tokens.bearer(tokens.issue("s1", org="zjj"))
    admin = tokens.bearer(tokens.admin())
    r = await client.post(
        "/tags/requests",
        headers=staff,
        json={
            "action": "retire",
            "tag_code": "person.subject.zhufang",
            "reason": "合并到保障性住房",
        },
    )
    request_id = r.json()["id"]
    r = await client.post(f"/tags/requests/{request_id}/reject", headers=admin, json={})
    assert r.status_code == 422 and r.json()["code"] == "note_required"
    r = await client.post(f"/tags/requests/{request_id}/approve", headers=admin, json={})
    assert r.status_code == 200
    names = {t["code"] for t in (await client.get("/tags")).json()}
    assert "person.subject.zhufang" not in names


async def test_a_department_claims_a_tag_once(client, tokens):
    zjj = tokens.bearer(tokens.issue("a", org="zjj"))
    wjw = tokens.bearer(tokens.issue("b", org="wjw"))
    r = await client.post("/tags/person.subject.zhufang/claim", headers=zjj)
    assert r.status_code == 200 and r.json()["owner_org_code"] == "zjj"
    r = await client.post("/tags/person.subject.zhufang/claim", headers=wjw)
    assert r.status_code == 409 and r.json()["code"] == "tag_already_claimed"
    citizen = tokens.bearer(tokens.issue("c", kind="citizen"))
    assert (
        await client.post("/tags/person.subject.yiliao/claim", headers=citizen)
    ).status_code == 403


async def test_a_scheduled_item_goes_live_when_its_time_comes(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    await desk.act(item["id"], "submit")
    await desk.act(item["id"], "approve")
    at = datetime.now(UTC) + timedelta(hours=1)
    r = await desk.act(item["id"], "publish", publish_at=at.isoformat())
    assert r.json()["working"]["state"] == "scheduled"
    assert (await client.get(f"/items/{item['id']}")).status_code == 404
    db = client._transport.app.state.db
    async with db.transaction() as session:
        assert await publish_due(session, now=at - timedelta(minutes=1)) == 0
    async with db.transaction() as session:
        assert await publish_due(session, now=at + timedelta(seconds=1)) == 1
    client._transport.app.state.public_cache.clear()
    assert (await client.get(f"/items/{item['id']}")).status_code == 200


async def test_a_schedule_can_be_cancelled(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    await desk.act(item["id"], "submit")
    await desk.act(item["id"], "approve")
    at = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    await desk.act(item["id"], "publish", publish_at=at)
    r = await desk.act(item["id"], "unschedule")
    assert r.json()["working"]["state"] == "approved"
