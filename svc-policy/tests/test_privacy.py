"""The account's own records (/me/data) and their erasure: an enterprise's profile and push
subscription, a citizen's life events, deleted once per erasure event, the others' kept."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from govkit import clock
from govkit.contracts import UserErased
from govkit.events import new_event
from govkit.events.tables import outbox
from policy.events import consumers
from policy.lifeevents.models import LifeEvent
from policy.profiles.models import EnterpriseProfile
from policy.push.subscriptions import Subscription

CODE, OTHER = "91350100M000100Y43", "91110000600037341L"
PROFILE = {
    "name": "江城科技有限公司",
    "industry_code": "3911",
    "employees": 50,
    "revenue_wan": 3000,
}


def app_of(client):  # type: ignore[no-untyped-def]
    return client._transport.app


async def erase(client, user_id: str, credit_code: str | None) -> None:  # type: ignore[no-untyped-def]
    state = app_of(client).state
    [consumer] = [c for c in consumers(state.db, state.nats) if c.name.endswith("erasure")]
    payload = UserErased(
        user_id=uuid.UUID(user_id),
        erasure_id=uuid.uuid4(),
        kind="enterprise" if credit_code else "citizen",
        credit_code=credit_code,
        payload_version=2,
    )
    event = new_event(payload, source="/gateway", subject=str(payload.erasure_id))
    assert await consumer.apply(event) == "applied"
    assert await consumer.apply(event) == "duplicate"


async def count(client, model, **where: object) -> int:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        stmt = select(func.count()).select_from(model).filter_by(**where)
        return int(await session.scalar(stmt) or 0)


async def test_an_erased_enterprise_loses_profile_and_subscription_others_keep_theirs(
    client, tokens
):
    uid, other = str(uuid.uuid4()), str(uuid.uuid4())
    for subject, code in ((uid, CODE), (other, OTHER)):
        who = tokens.bearer(tokens.enterprise(code, subject=subject))
        assert (await client.put("/profiles/me", json=PROFILE, headers=who)).status_code == 200
        body = {"reward_types": [], "industries": ["3911"]}
        r = await client.put("/notices/subscription", json=body, headers=who)
        assert r.status_code == 200, r.text
    me = tokens.bearer(tokens.enterprise(CODE, subject=uid))
    mine = {
        s["key"]: s["items"] for s in (await client.get("/me/data", headers=me)).json()["sections"]
    }
    assert [p["name"] for p in mine["profiles"]] == ["江城科技有限公司"]
    assert "owner" not in mine["profiles"][0]

    assert await count(client, Subscription, credit_code=CODE) == 1
    await erase(client, uid, CODE)
    assert await count(client, EnterpriseProfile, credit_code=CODE) == 0
    assert await count(client, Subscription, credit_code=CODE) == 0
    assert await count(client, EnterpriseProfile, credit_code=OTHER) == 1
    async with app_of(client).state.db.sessionmaker() as session:
        [(envelope,)] = (
            await session.execute(
                select(outbox.c.envelope).where(outbox.c.type == "identity.erasure.confirmed.v1")
            )
        ).all()
    assert envelope["data"]["service"] == "policy"
    assert envelope["data"]["removed"]["profiles_deleted"] == 1


async def test_an_erased_citizen_loses_their_life_events(client, tokens):
    uid = str(uuid.uuid4())
    who = tokens.bearer(tokens.issue(uid, kind="citizen"))
    event = {"event_type": "newborn", "occurred_on": clock.today().isoformat()}
    assert (await client.post("/life-events", json=event, headers=who)).status_code == 201
    mine = {
        s["key"]: s["items"] for s in (await client.get("/me/data", headers=who)).json()["sections"]
    }
    assert [e["event_type"] for e in mine["life_events"]] == ["newborn"]
    await erase(client, uid, None)
    assert await count(client, LifeEvent, subject=uid) == 0
