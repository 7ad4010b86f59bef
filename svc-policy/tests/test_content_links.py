"""Policies follow svc-content's items through `content.item.*` events only."""

from __future__ import annotations

import uuid

from policy_content_events import document, drained, linked, publish, withdrawn
from sqlalchemy import select
from test_policy_api import officer

from govkit.contracts.content import ItemKind, LinkKind
from policy.events import content_consumer
from policy.links.models import ContentLink
from policy.policies.models import Policy

INTERPRETS, ANSWERS, SERVES = LinkKind.interprets, LinkKind.answers, LinkKind.serves


async def policy_of(client, item_id: uuid.UUID) -> dict | None:  # type: ignore[no-untyped-def,type-arg]
    r = await client.get(f"/content-items/{item_id}/policies")
    if r.status_code == 404:
        return None
    (found,) = [p for p in r.json()["policies"] if p["relation"] == "original"]
    return (await client.get(f"/policies/{found['policy_id']}")).json()  # type: ignore[no-any-return]


async def test_a_published_policy_document_becomes_a_policy_to_structure(client, tokens):
    item = uuid.uuid4()
    await publish(client, document(item, document_number="江政规[2026]7号"))
    await drained(client)
    policy = await policy_of(client, item)
    assert policy is not None
    assert policy["status"] == "draft" and policy["in_force"] is False
    assert policy["title"] == "江城市支持专精特新企业发展若干措施"
    assert policy["document_number"] == "江政规〔2026〕7号"  # brackets normalised
    assert policy["issuing_body"] == "江城市人民政府"
    assert policy["published_on"] == "2026-03-02"  # the date in Beijing
    assert (policy["valid_from"], policy["valid_to"]) == ("2026-01-01", "2028-12-31")
    assert policy["original"] == {
        "item_id": str(item),
        "title": policy["title"],
        "url": f"https://www.jiangcheng.gov.cn/items/{item}",
        "state": "published",
    }
    as_officer = {"headers": officer(tokens)}
    drafts = (await client.get("/policies", params={"status": "draft"}, **as_officer)).json()
    assert [p["id"] for p in drafts["items"]] == [policy["id"]]
    active = await client.get("/policies", params={"status": "active"}, **as_officer)
    assert active.json()["items"] == []
    # The public sees neither the draft nor the way to ask for drafts.
    assert (await client.get("/policies")).json()["items"] == []
    assert (await client.get("/policies", params={"status": "draft"})).status_code == 403


async def test_a_document_number_content_cannot_read_does_not_block_the_policy(client):
    item = uuid.uuid4()
    await publish(client, document(item, document_number="第七号文件"))
    await drained(client)
    policy = await policy_of(client, item)
    assert policy is not None and policy["document_number"] is None


async def test_a_republished_document_keeps_the_policy_current_and_the_officers_work(
    client, tokens
):
    item = uuid.uuid4()
    await publish(client, document(item))
    await drained(client)
    policy_id = (await policy_of(client, item))["id"]  # type: ignore[index]
    r = await client.patch(
        f"/policies/{policy_id}", json={"industries": ["C"]}, headers=officer(tokens)
    )
    assert r.status_code == 200 and r.json()["industries"] == ["C"]
    assert (await client.post(f"/policies/{policy_id}/activate", headers=officer(tokens))).json()[
        "status"
    ] == "active"
    await publish(
        client,
        document(
            item,
            2,
            title="江城市支持专精特新企业发展若干措施（修订）",
            document_number="江政规〔2026〕9号",
            issuing_body="江城市人民政府办公室",
            valid_to=None,
        ),
    )
    await drained(client)
    policy = await policy_of(client, item)
    assert policy["id"] == policy_id  # type: ignore[index]
    assert policy["title"] == "江城市支持专精特新企业发展若干措施（修订）"  # type: ignore[index]
    assert policy["document_number"] == "江政规〔2026〕9号"  # type: ignore[index]
    assert policy["issuing_body"] == "江城市人民政府办公室"  # type: ignore[index]
    assert policy["valid_to"] is None  # type: ignore[index]
    assert policy["status"] == "active" and policy["industries"] == ["C"]  # type: ignore[index]
    assert len((await client.get("/policies")).json()["items"]) == 1


async def test_interpretation_answer_and_service_items_link_to_the_policy_both_ways(client):
    doc, reading, qa, guide, news = (uuid.uuid4() for _ in range(5))
    await publish(
        client,
        linked(reading, ItemKind.interpretation, [(INTERPRETS, doc)], title="一图读懂专精特新措施"),
        document(doc),  # the document may arrive after the items pointing at it
        linked(qa, ItemKind.qa, [(ANSWERS, doc)], title="专精特新奖励怎么申请？"),
        linked(guide, ItemKind.service, [(SERVES, doc)], title="专精特新企业奖励申报"),
        linked(news, ItemKind.news, [(LinkKind.related, doc)], title="相关新闻"),
    )
    await drained(client)
    policy = await policy_of(client, doc)
    assert [i["title"] for i in policy["interpretations"]] == ["一图读懂专精特新措施"]  # type: ignore[index]
    assert [i["item_kind_label"] for i in policy["answers"]] == ["答问知识"]  # type: ignore[index]
    (service,) = policy["services"]  # type: ignore[index]
    assert service == {
        "item_id": str(guide),
        "link": "serves",
        "item_kind": "service",
        "item_kind_label": "办事服务",
        "title": "专精特新企业奖励申报",
        "url": f"https://www.jiangcheng.gov.cn/items/{guide}",
    }
    r = (await client.get(f"/content-items/{reading}/policies")).json()
    assert r["policies"] == [
        {
            "policy_id": policy["id"],  # type: ignore[index]
            "title": "江城市支持专精特新企业发展若干措施",
            "document_number": "江政规〔2026〕7号",
            "status": "draft",
            "relation": "interprets",
        }
    ]
    assert (await client.get(f"/content-items/{news}/policies")).status_code == 404


async def test_a_withdrawn_or_relinked_item_loses_its_old_links(client):
    doc, other, reading = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await publish(
        client,
        document(doc),
        document(other, document_number="江政规〔2026〕8号"),
        linked(reading, ItemKind.interpretation, [(INTERPRETS, doc)]),
    )
    await drained(client)
    await publish(client, linked(reading, ItemKind.interpretation, [(INTERPRETS, other)], 2))
    await drained(client)
    assert (await policy_of(client, doc))["interpretations"] == []  # type: ignore[index]
    assert len((await policy_of(client, other))["interpretations"]) == 1  # type: ignore[index]
    await publish(client, withdrawn(reading, 3, ItemKind.interpretation))
    await drained(client)
    assert (await policy_of(client, other))["interpretations"] == []  # type: ignore[index]
    assert (await client.get(f"/content-items/{reading}/policies")).status_code == 404


async def test_a_measure_is_applied_for_at_its_service_item(client, tokens):
    doc, guide, online = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await publish(
        client,
        document(doc),
        linked(guide, ItemKind.service, [(SERVES, doc)], title="窗口申报"),
        linked(online, ItemKind.service, [(SERVES, doc)], title="网上申报"),
    )
    await drained(client)
    policy_id = (await policy_of(client, doc))["id"]  # type: ignore[index]
    titles = {}
    for apply_item_id in (None, str(online)):
        r = await client.post(
            f"/policies/{policy_id}/measures",
            json={
                "title": "专精特新奖励",
                "reward_type": "资金奖励",
                "condition": {"op": "has", "field": "qualifications", "value": "专精特新"},
                "apply_item_id": apply_item_id,
            },
            headers=officer(tokens),
        )
        assert r.status_code == 201, r.text
        draft = await client.get(f"/measures/{r.json()['id']}", headers=officer(tokens))
        measure = draft.json()
        titles[apply_item_id] = [i["title"] for i in measure["apply_at"]]
    assert titles == {None: ["窗口申报", "网上申报"], str(online): ["网上申报"]}


async def test_a_late_stale_event_does_not_bring_a_withdrawn_document_back(client):
    item = uuid.uuid4()
    await publish(client, document(item, 1), withdrawn(item, 3, ItemKind.policy_document))
    await drained(client)
    await publish(client, document(item, 2, title="迟到的旧版本"))
    await drained(client)
    policy = await policy_of(client, item)
    assert policy["original"]["state"] == "withdrawn"  # type: ignore[index]
    assert policy["title"] != "迟到的旧版本"  # type: ignore[index]


async def snapshot(client) -> tuple[list[tuple], list[tuple]]:  # type: ignore[no-untyped-def,type-arg]
    async with client._transport.app.state.db.sessionmaker() as session:
        policies = (
            await session.execute(
                select(
                    Policy.id,
                    Policy.content_item_id,
                    Policy.title,
                    Policy.status,
                    Policy.source_state,
                    Policy.industries,
                ).order_by(Policy.title)
            )
        ).all()
        links = (
            await session.execute(
                select(
                    ContentLink.item_id, ContentLink.kind, ContentLink.document_item_id
                ).order_by(ContentLink.item_id)
            )
        ).all()
    return [tuple(p) for p in policies], [tuple(link) for link in links]


async def test_replaying_the_content_stream_from_the_start_changes_nothing(client, tokens):
    doc, gone, reading, guide = (uuid.uuid4() for _ in range(4))
    await publish(
        client,
        document(doc),
        document(gone, document_number="江政规〔2026〕8号"),
        linked(reading, ItemKind.interpretation, [(INTERPRETS, doc)]),
        linked(guide, ItemKind.service, [(SERVES, doc)]),
        document(doc, 2, title="江城市支持专精特新企业发展若干措施（修订）"),
        withdrawn(gone, 2, ItemKind.policy_document),
        withdrawn(guide, 2, ItemKind.service),
    )
    await drained(client)
    policy_id = (await policy_of(client, doc))["id"]  # type: ignore[index]
    await client.patch(
        f"/policies/{policy_id}", json={"industries": ["C"]}, headers=officer(tokens)
    )
    await client.post(f"/policies/{policy_id}/activate", headers=officer(tokens))
    before = await snapshot(client)
    assert len(before[0]) == 2 and len(before[1]) == 1

    app = client._transport.app
    replay = content_consumer(app.state.db, app.state.nats, name="svc-policy-content-replay")
    replay.start()
    try:
        await drained(client, "svc-policy-content-replay")
    finally:
        await replay.stop()
    assert await snapshot(client) == before
