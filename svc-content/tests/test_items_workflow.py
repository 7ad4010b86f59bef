"""The editorial workflow: draft → submitted → approved/returned → published → withdrawn,
editions, scope, audit."""

from __future__ import annotations

import json

from content_support import POLICY_FIELDS, SUBJECT, make_desk

from govkit.testing import eventually, stream_messages


async def test_item_goes_from_draft_to_published_and_is_announced(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    assert item["state"] == "never_published" and item["working"]["state"] == "draft"
    assert (await desk.act(item["id"], "submit")).json()["working"]["state"] == "submitted"
    assert (await desk.act(item["id"], "approve")).json()["working"]["state"] == "approved"
    published = (await desk.act(item["id"], "publish")).json()
    assert published["state"] == "published" and published["live_edition"] == 1
    assert published["working"] is None

    js = client._transport.app.state.nats.js

    async def announced() -> bool:
        return await stream_messages(js, "CONTENT") >= 2  # site upserted + item published

    await eventually(announced)
    event = json.loads((await js.get_msg("CONTENT", seq=2)).data)
    assert event["type"] == "content.item.published.v1"
    data = event["data"]
    assert data["item_id"] == item["id"] and data["payload_version"] == 1
    assert data["text"] == "各区县人民政府：现将有关事项通知如下。"
    assert {t["code"] for t in data["tags"]} >= {SUBJECT}
    assert data["url"] == f"/portal/items/{item['id']}"  # its page in the portal


async def test_a_draft_cannot_be_approved(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    r = await desk.act(item["id"], "approve")
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "invalid_transition" and "草稿" in body["detail"]
    assert (await client.get(f"/editorial/items/{item['id']}", headers=desk.editor)).json()[
        "working"
    ]["state"] == "draft"


async def test_a_returned_item_cannot_be_published(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    await desk.act(item["id"], "submit")
    r = await desk.act(item["id"], "return", reason="标题不规范，请修改")
    assert r.json()["working"]["state"] == "returned"
    assert r.json()["working"]["return_reason"] == "标题不规范，请修改"
    r = await desk.act(item["id"], "publish")
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


async def test_returning_needs_a_reason(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    await desk.act(item["id"], "submit")
    r = await desk.act(item["id"], "return", reason="")
    assert r.status_code == 422
    assert (await client.get(f"/editorial/items/{item['id']}", headers=desk.editor)).json()[
        "working"
    ]["state"] == "submitted"


async def test_submission_requires_tags_of_each_required_facet_and_a_topic(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(tag_codes=[SUBJECT], topic=None)
    r = await desk.act(item["id"], "submit")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "not_ready_for_review"
    assert "体裁" in body["detail"] and "主题分类" in body["detail"]
    assert (await client.get(f"/editorial/items/{item['id']}", headers=desk.editor)).json()[
        "working"
    ]["state"] == "draft"


async def test_policy_document_needs_its_disclosure_fields_before_review(client, tokens):
    desk = await make_desk(client, tokens)
    fields = {**POLICY_FIELDS, "document_number": None, "issuing_body": None}
    item = await desk.create(**fields)
    r = await desk.act(item["id"], "submit")
    assert r.status_code == 422
    assert "文号" in r.json()["detail"] and "发布机构" in r.json()["detail"]


async def test_the_submitter_cannot_approve_their_own_item(client, tokens):
    desk = await make_desk(client, tokens)
    both = tokens.bearer(
        tokens.issue(
            "both",
            roles=[
                {"role": "site_editor", "scope": "site:portal"},
                {"role": "site_reviewer", "scope": "site:portal"},
            ],
        )
    )
    item = await desk.create()
    await desk.act(item["id"], "submit", who=both)
    r = await desk.act(item["id"], "approve", who=both)
    assert r.status_code == 403 and r.json()["code"] == "self_review"


async def test_only_reviewers_approve_and_only_editors_edit(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    await desk.act(item["id"], "submit")
    r = await desk.act(item["id"], "approve", who=desk.editor)
    assert r.status_code == 403
    r = await client.patch(
        f"/editorial/items/{item['id']}", json={"revision": 1, "title": "改"}, headers=desk.reviewer
    )
    assert r.status_code == 403


async def test_an_editor_of_another_site_cannot_touch_this_one(client, tokens):
    desk = await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="xc")
    item = await desk.create()
    r = await client.patch(
        f"/editorial/items/{item['id']}",
        json={"revision": 1, "title": "越权修改"},
        headers=other.editor,
    )
    assert r.status_code == 403 and r.json()["code"] == "outside_scope"
    r = await client.post(
        "/editorial/sites/portal/items",
        json={"column_code": "news", "kind": "news", "title": "x"},
        headers=other.editor,
    )
    assert r.status_code == 403
    view = (await client.get(f"/editorial/items/{item['id']}", headers=desk.editor)).json()
    assert view["working"]["title"] == "关于做好住房保障工作的通知"


async def test_editing_a_published_item_makes_a_new_edition_that_supersedes_on_publish(
    client, tokens
):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    r = await client.post(f"/editorial/items/{item['id']}/editions", headers=desk.editor)
    assert r.status_code == 201 and r.json()["working"]["state"] == "draft"
    r = await client.patch(
        f"/editorial/items/{item['id']}",
        json={"revision": 1, "title": "关于做好住房保障工作的补充通知"},
        headers=desk.editor,
    )
    assert r.status_code == 200, r.text
    public = (await client.get(f"/items/{item['id']}")).json()
    assert public["title"] == "关于做好住房保障工作的通知" and public["edition"] == 1
    for action in ("submit", "approve", "publish"):
        assert (await desk.act(item["id"], action)).status_code == 200
    client._transport.app.state.public_cache.clear()
    view = (await client.get(f"/editorial/items/{item['id']}", headers=desk.editor)).json()
    assert [e["state"] for e in view["editions"]] == ["superseded", "published"]
    public = (await client.get(f"/items/{item['id']}")).json()
    assert public["title"] == "关于做好住房保障工作的补充通知" and public["edition"] == 2


async def test_only_one_working_edition_at_a_time(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    assert (
        await client.post(f"/editorial/items/{item['id']}/editions", headers=desk.editor)
    ).status_code == 201
    r = await client.post(f"/editorial/items/{item['id']}/editions", headers=desk.editor)
    assert r.status_code == 409 and r.json()["code"] == "working_edition_exists"


async def test_a_stale_revision_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    ok = await client.patch(
        f"/editorial/items/{item['id']}", json={"revision": 1, "title": "甲"}, headers=desk.editor
    )
    assert ok.json()["working"]["revision"] == 2
    r = await client.patch(
        f"/editorial/items/{item['id']}", json={"revision": 1, "title": "乙"}, headers=desk.editor
    )
    assert r.status_code == 409 and r.json()["code"] == "stale_revision"


async def test_every_transition_is_audited_with_who_and_what_changed(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    await client.patch(
        f"/editorial/items/{item['id']}",
        json={"revision": 1, "title": "新标题"},
        headers=desk.editor,
    )
    await desk.act(item["id"], "submit")
    await desk.act(item["id"], "return", reason="请补充附件")
    r = await client.get(f"/editorial/items/{item['id']}/audit", headers=desk.reviewer)
    entries = r.json()["items"]
    assert [e["action"] for e in entries] == ["create", "edit", "submit", "return"]
    edit = entries[1]
    assert edit["actor"] == "portal-editor"
    assert edit["detail"]["diff"]["title"] == {"from": "关于做好住房保障工作的通知", "to": "新标题"}
    assert entries[3]["detail"]["reason"] == "请补充附件"
    assert entries[3]["from_state"] == "submitted" and entries[3]["to_state"] == "returned"


async def test_withdrawing_removes_the_item_from_the_public_and_announces_it(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.publish()
    assert (await client.get(f"/items/{item['id']}")).status_code == 200
    r = await desk.act(item["id"], "withdraw", reason="内容已过时")
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    assert (await client.get(f"/items/{item['id']}")).status_code == 404
    js = client._transport.app.state.nats.js

    async def announced() -> bool:
        return await stream_messages(js, "CONTENT") >= 3

    await eventually(announced)
    event = json.loads((await js.get_msg("CONTENT", seq=3)).data)
    assert event["type"] == "content.item.withdrawn.v1"
    assert event["data"]["payload_version"] == 2


async def test_withdrawing_an_unpublished_item_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create()
    r = await desk.act(item["id"], "withdraw", reason="测试撤回")
    assert r.status_code == 409
