"""Which policies' measures match: structured, 原文 neither withdrawn nor repealed, in validity."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from policy_content_events import document, drained, publish, withdrawn
from sqlalchemy import func, select
from test_policy_api import GROWTH, officer
from test_push import profile, seed

from govkit import clock
from govkit.contracts.content import ItemKind, Validity
from govkit.events.tables import inbox
from govkit.testing import eventually
from policy.events import PUSH_CONSUMER
from policy.push.service import push_measure

FACTS = {"industry_code": "3911", "revenue_wan": 2500, "employees": 120}
TODAY = clock.today()


async def matched(client) -> list[str]:  # type: ignore[no-untyped-def]
    r = await client.post("/calculator", json=FACTS)
    return [m["measure_id"] for m in r.json()["results"] if m["verdict"] == "eligible"]


async def pushed(client, measure_id: str) -> int:  # type: ignore[no-untyped-def]
    """Run the push now (after the consumer's own run), with one qualifying enterprise."""
    async with client._transport.app.state.db.transaction() as session:
        return await push_measure(session, uuid.UUID(measure_id), TODAY)


async def pushes_handled(client, n: int) -> None:  # type: ignore[no-untyped-def]
    async def done() -> bool:
        async with client._transport.app.state.db.sessionmaker() as session:
            count = await session.scalar(
                select(func.count()).select_from(inbox).where(inbox.c.consumer == PUSH_CONSUMER)
            )
        return (count or 0) >= n

    await eventually(done)


async def add_published_measure(client, tokens, policy_id: str) -> str:  # type: ignore[no-untyped-def]
    r = await client.post(
        f"/policies/{policy_id}/measures",
        json={"title": "规上工业企业成长奖励", "reward_type": "资金奖励", "condition": GROWTH},
        headers=officer(tokens),
    )
    assert r.status_code == 201, r.text
    r = await client.post(f"/measures/{r.json()['id']}/publish", headers=officer(tokens))
    assert r.status_code == 200, r.text
    return r.json()["id"]  # type: ignore[no-any-return]


async def structured_from_content(client, tokens, item: uuid.UUID) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A 政策文件 from content, structured and activated, with one published measure whose
    push has already run (with no enterprises yet)."""
    await publish(client, document(item))
    await drained(client)
    r = await client.get(f"/content-items/{item}/policies")
    policy_id = r.json()["policies"][0]["policy_id"]
    await client.patch(
        f"/policies/{policy_id}", json={"industries": ["C"]}, headers=officer(tokens)
    )
    r = await client.post(f"/policies/{policy_id}/activate", headers=officer(tokens))
    assert r.status_code == 200 and r.json()["status"] == "active"
    measure_id = await add_published_measure(client, tokens, policy_id)
    await pushes_handled(client, 1)
    await seed(client, [profile("E1", **FACTS)])
    return policy_id, measure_id


@pytest.mark.parametrize(
    "stop",
    [
        lambda item: withdrawn(item, 2, ItemKind.policy_document),
        lambda item: document(item, 2, validity=Validity.repealed),
    ],
    ids=["withdrawn", "repealed"],
)
async def test_a_withdrawn_or_repealed_policy_document_stops_its_measures_matching(
    client, tokens, stop
):
    item = uuid.uuid4()
    policy_id, measure_id = await structured_from_content(client, tokens, item)
    assert await matched(client) == [measure_id]
    await publish(client, stop(item))
    await drained(client)
    detail = (await client.get(f"/policies/{policy_id}")).json()
    assert detail["in_force"] is False and detail["status"] == "active"
    assert await matched(client) == []
    assert await pushed(client, measure_id) == 0
    await publish(client, document(item, 3))  # published again, valid: matching resumes
    await drained(client)
    assert (await client.get(f"/policies/{policy_id}")).json()["in_force"] is True
    assert await matched(client) == [measure_id]
    assert await pushed(client, measure_id) == 1


async def test_measures_of_a_withdrawn_policy_document_cannot_be_published(client, tokens):
    item = uuid.uuid4()
    policy_id, _ = await structured_from_content(client, tokens, item)
    r = await client.post(
        f"/policies/{policy_id}/measures",
        json={"title": "新措施", "reward_type": "资金奖励", "condition": GROWTH},
        headers=officer(tokens),
    )
    await publish(client, withdrawn(item, 2, ItemKind.policy_document))
    await drained(client)
    r = await client.post(f"/measures/{r.json()['id']}/publish", headers=officer(tokens))
    assert r.status_code == 409 and r.json()["code"] == "policy_not_in_force"


async def test_a_policy_to_structure_publishes_no_measure_until_activated(client, tokens):
    item = uuid.uuid4()
    await publish(client, document(item))
    await drained(client)
    policy_id = (await client.get(f"/content-items/{item}/policies")).json()["policies"][0][
        "policy_id"
    ]
    r = await client.post(
        f"/policies/{policy_id}/measures",
        json={"title": "草稿措施", "reward_type": "资金奖励", "condition": GROWTH},
        headers=officer(tokens),
    )
    measure_id = r.json()["id"]
    r = await client.post(f"/measures/{measure_id}/publish", headers=officer(tokens))
    assert r.status_code == 409 and r.json()["code"] == "policy_not_active"
    draft = await client.get(f"/measures/{measure_id}", headers=officer(tokens))
    assert draft.json()["status"] == "draft"
    await client.post(f"/policies/{policy_id}/activate", headers=officer(tokens))
    r = await client.post(f"/measures/{measure_id}/publish", headers=officer(tokens))
    assert r.status_code == 200
    again = await client.post(f"/policies/{policy_id}/activate", headers=officer(tokens))
    assert again.status_code == 409 and again.json()["code"] == "policy_not_draft"


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "matches"),
    [
        (None, TODAY - timedelta(days=1), False),  # past its validity
        (TODAY + timedelta(days=1), None, False),  # not yet in force
        (None, TODAY, True),  # its last day
    ],
    ids=["expired", "not-yet-valid", "last-day"],
)
async def test_a_policy_outside_its_validity_neither_matches_nor_pushes(
    client, tokens, valid_from, valid_to, matches
):
    r = await client.post(
        "/policies",
        json={
            "title": "江城市稳增长若干措施",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-01-01",
            "valid_from": valid_from and valid_from.isoformat(),
            "valid_to": valid_to and valid_to.isoformat(),
            "industries": ["C"],
        },
        headers=officer(tokens),
    )
    measure_id = await add_published_measure(client, tokens, r.json()["id"])
    await pushes_handled(client, 1)
    await seed(client, [profile("E1", **FACTS)])
    assert (await matched(client) == [measure_id]) is matches
    assert await pushed(client, measure_id) == int(matches)
    detail = (await client.get(f"/policies/{r.json()['id']}")).json()
    assert detail["in_force"] is matches and detail["original"] is None
