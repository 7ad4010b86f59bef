"""政策找企业: a published measure reaches every qualifying enterprise once, and only those."""

from __future__ import annotations

import random
import uuid
from datetime import date

from sqlalchemy import select
from test_policy_api import ENTERPRISE, GROWTH, officer, published_measure

from govkit.testing import eventually
from policy.conditions.evaluate import evaluate
from policy.conditions.schema import ConditionDocument
from policy.industry.sizes import classify
from policy.profiles.models import EnterpriseProfile
from policy.profiles.service import facts_of
from policy.push.prefilter import to_sql
from policy.push.service import push_measure

TODAY = date(2026, 11, 23)


def app_of(client):  # type: ignore[no-untyped-def]
    return client._transport.app


def profile(code: str, **facts: object) -> EnterpriseProfile:
    values = {"name": code, "qualifications": [], "tags": [], **facts}
    size = None
    if values.get("industry_code"):
        size = classify(
            str(values["industry_code"]),
            employees=values.get("employees"),  # type: ignore[arg-type]
            revenue_wan=values.get("revenue_wan"),  # type: ignore[arg-type]
            total_assets_wan=values.get("total_assets_wan"),  # type: ignore[arg-type]
        ).size
    return EnterpriseProfile(
        credit_code=code, owner="seed", size_class=size.value if size else None, **values
    )


async def seed(client, profiles: list[EnterpriseProfile]) -> None:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.transaction() as session:
        session.add_all(profiles)


async def notified(client, code: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    from policy.push.models import Notice

    async with app_of(client).state.db.sessionmaker() as session:
        stmt = select(Notice.credit_code)
        if code:
            stmt = stmt.where(Notice.credit_code == code)
        return sorted(await session.scalars(stmt))


async def test_a_published_measure_is_pushed_to_qualifying_enterprises_only(client, tokens):
    await seed(
        client,
        [
            profile("E1", industry_code="3911", revenue_wan=2500, employees=120),  # 小型, fits
            profile("E2", industry_code="3911", revenue_wan=1500, employees=120),  # too small
            profile("E3", industry_code="5111", revenue_wan=9000, employees=50),  # not C
            profile("E4", industry_code="3911"),  # unknown revenue: needs info, not pushed
        ],
    )
    await published_measure(client, tokens)

    async def pushed() -> bool:
        return await notified(client) == ["E1"]

    await eventually(pushed)


async def test_no_enterprise_is_notified_twice_and_withdrawn_measures_stop(client, tokens):
    await seed(client, [profile("E1", industry_code="3911", revenue_wan=2500, employees=120)])
    measure = await published_measure(client, tokens)
    await eventually(lambda: _has(client, "E1"))
    async with app_of(client).state.db.transaction() as session:
        assert await push_measure(session, uuid.UUID(measure["id"]), TODAY) == 0
    await seed(client, [profile("E5", industry_code="3911", revenue_wan=3000, employees=100)])
    await client.post(f"/measures/{measure['id']}/withdraw", headers=officer(tokens))
    async with app_of(client).state.db.transaction() as session:
        assert await push_measure(session, uuid.UUID(measure["id"]), TODAY) == 0
    assert await notified(client) == ["E1"]


async def test_the_enterprise_reads_its_inbox(client, tokens):
    await seed(client, [profile(ENTERPRISE, industry_code="3911", revenue_wan=2500, employees=120)])
    await published_measure(client, tokens)
    await eventually(lambda: _has(client, ENTERPRISE))
    mine = tokens.bearer(tokens.enterprise(ENTERPRISE))
    inbox = (await client.get("/notices/me", headers=mine)).json()["items"]
    assert [n["title"] for n in inbox] == ["规上工业企业成长奖励"] and inbox[0]["read_at"] is None
    notice = inbox[0]
    assert notice["policy_title"] == "江城市促进制造业高质量发展若干政策"
    assert notice["issuing_body"] == "江城市人民政府"
    # Why it qualifies: every condition its profile meets, in plain Chinese, with its value.
    reasons = {r["field"]: r for r in notice["reasons"]}
    assert set(reasons) == {"industry_code", "revenue_wan", "size_class"}
    assert all(r["result"] is True for r in notice["reasons"])
    assert "2000" in reasons["revenue_wan"]["condition"] and reasons["revenue_wan"]["actual"]
    assert notice["apply_at"] == []  # no 办事服务 item linked to this policy yet
    assert (await client.post(f"/notices/{inbox[0]['id']}/read", headers=mine)).status_code == 204
    other = tokens.bearer(tokens.enterprise("91350100M000100Y43", subject="x"))
    r = await client.post(f"/notices/{inbox[0]['id']}/read", headers=other)
    assert r.status_code == 404


async def _has(client, code: str) -> bool:  # type: ignore[no-untyped-def]
    return await notified(client, code) == [code]


CONDITIONS = [
    GROWTH,
    {
        "op": "any",
        "items": [
            {"op": "has", "field": "qualifications", "value": "高新技术企业"},
            {"op": "gte", "field": "rd_ratio", "value": 5},
        ],
    },
    {
        "op": "all",
        "items": [
            {"op": "in", "field": "district", "value": ["xc", "pq"]},
            {"op": "years_since_lt", "field": "founded_on", "value": 3},
            {"op": "not", "item": {"op": "eq", "field": "size_class", "value": "大型"}},
        ],
    },
    {
        "op": "all",
        "items": [
            {"op": "within", "field": "industry_code", "value": "65"},
            {"op": "years_since_gte", "field": "founded_on", "value": 2.5},
            {"op": "has_any", "field": "tags", "value": ["出口", "数字经济"]},
        ],
    },
]


async def test_the_sql_prefilter_never_drops_an_eligible_enterprise(client):
    rng = random.Random(4754)
    industries = ["3911", "1311", "6513", "6520", "5111", "7010", "0111"]
    profiles = []
    for i in range(400):
        maybe = lambda v: v if rng.random() > 0.15 else None  # noqa: E731
        profiles.append(
            profile(
                f"R{i:05d}",
                industry_code=maybe(rng.choice(industries)),
                revenue_wan=maybe(rng.choice([100, 1999, 2000, 2001, 5000, 50000])),
                employees=maybe(rng.choice([5, 50, 299, 300, 1200])),
                rd_ratio=maybe(rng.choice([0, 4.9, 5, 8])),
                district=maybe(rng.choice(["xc", "pq", "lj"])),
                founded_on=maybe(date(2026, 11, 23).replace(year=rng.choice([2020, 2023, 2024]))),
                qualifications=rng.sample(["高新技术企业", "专精特新"], rng.randint(0, 2)),
                tags=rng.sample(["出口", "数字经济", "外资"], rng.randint(0, 2)),
            )
        )
    await seed(client, profiles)
    async with app_of(client).state.db.sessionmaker() as session:
        for tree in CONDITIONS:
            condition = ConditionDocument.model_validate({"condition": tree}).condition
            stored = list(await session.scalars(select(EnterpriseProfile)))
            eligible = {
                p.credit_code
                for p in stored
                if evaluate(condition, facts_of(p), TODAY).result is True
            }
            kept = set(
                await session.scalars(
                    select(EnterpriseProfile.credit_code).where(to_sql(condition, TODAY))
                )
            )
            assert eligible <= kept, tree
            assert eligible, tree  # the case is not vacuous


async def test_a_subscription_narrows_what_an_enterprise_is_pushed(client, tokens):
    mine = tokens.bearer(tokens.enterprise(ENTERPRISE))
    await seed(
        client,
        [
            profile(ENTERPRISE, industry_code="3911", revenue_wan=2500, employees=120),
            profile("E9", industry_code="3911", revenue_wan=2500, employees=120),
        ],
    )
    r = await client.put("/notices/subscription", json={"reward_types": ["贷款相关"]}, headers=mine)
    assert r.status_code == 200 and r.json()["subscribed"]
    await published_measure(client, tokens)  # a 资金奖励 measure of policy industry C
    await eventually(lambda: _has(client, "E9"))  # no subscription: pushed
    assert await notified(client, ENTERPRISE) == []  # subscribed to loans only: not pushed
    await client.put("/notices/subscription", json={"industries": ["C"]}, headers=mine)
    await published_measure(client, tokens)
    await eventually(lambda: _has(client, ENTERPRISE))
    r = await client.put("/notices/subscription", json={}, headers=mine)
    assert r.json() == {"reward_types": [], "industries": [], "subscribed": False}


async def test_bad_subscriptions_are_422(client, tokens):
    mine = tokens.bearer(tokens.enterprise(ENTERPRISE))
    for body in ({"reward_types": ["发钱"]}, {"industries": ["Q9"]}, {"colours": ["red"]}):
        r = await client.put("/notices/subscription", json=body, headers=mine)
        assert r.status_code == 422
    assert (await client.get("/notices/subscription", headers=mine)).json()["subscribed"] is False
