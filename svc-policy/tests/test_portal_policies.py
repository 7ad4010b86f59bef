"""What the portal's 惠企政策 pages and 政策计算器 read: conditions in words, browsing by
industry / reward type / issuing body with page numbers, the industry tree, and districts by
name (mirrored from the gateway's unit tree)."""

from __future__ import annotations

import uuid

from policy_content_events import drained
from test_policy_api import officer

from govkit.contracts import OrgRemoved, OrgUpserted
from govkit.contracts.base import EventPayload
from govkit.events import new_event
from policy.events import DISTRICTS_CONSUMER

XC = uuid.uuid4()


def district(code: str, name: str, kind: str = "district", version: int = 1) -> OrgUpserted:
    return OrgUpserted(
        org_id=uuid.uuid5(uuid.NAMESPACE_URL, code),
        code=code,
        name=name,
        kind=kind,
        parent_code="city",
        path=["city", code],
        payload_version=version,
    )


async def identity_events(client, *payloads: EventPayload) -> None:  # type: ignore[no-untyped-def]
    js = client._transport.app.state.nats.js
    for payload in payloads:
        event = new_event(payload, source="/gateway", subject=str(payload.org_id))  # type: ignore[attr-defined]
        await js.publish(
            event.nats_subject,
            event.model_dump_json().encode(),
            headers={"Nats-Msg-Id": str(event.id)},
        )
    await drained(client, DISTRICTS_CONSUMER, "IDENTITY")


async def with_districts(client) -> None:  # type: ignore[no-untyped-def]
    await identity_events(client, district("xc", "新城区"), district("gx", "高新技术产业开发区"))


async def policy_with(client, tokens, measures, **fields) -> dict:  # type: ignore[no-untyped-def,type-arg]
    body = {
        "title": "江城市促进制造业高质量发展若干政策",
        "issuing_body": "江城市人民政府",
        "published_on": "2026-03-01",
        **fields,
    }
    policy = await client.post("/policies", json=body, headers=officer(tokens))
    assert policy.status_code == 201, policy.text
    for title, reward_type, condition in measures:
        m = await client.post(
            f"/policies/{policy.json()['id']}/measures",
            json={"title": title, "reward_type": reward_type, "condition": condition},
            headers=officer(tokens),
        )
        assert m.status_code == 201, m.text
        r = await client.post(f"/measures/{m.json()['id']}/publish", headers=officer(tokens))
        assert r.status_code == 200, r.text
    return policy.json()  # type: ignore[no-any-return]


def leaf(op: str, field: str, value: object) -> dict:  # type: ignore[type-arg]
    return {"op": op, "field": field, "value": value}


GROWTH = {
    "op": "all",
    "items": [
        leaf("within", "industry_code", "C"),
        leaf("gte", "revenue_wan", 2000),
        leaf("has", "qualifications", "高新技术企业"),
    ],
}
IN_XC = {
    "op": "all",
    "items": [leaf("in", "district", ["xc"]), leaf("gte", "employees", 10)],
}


async def test_districts_follow_the_gateways_unit_tree(client):
    await identity_events(
        client,
        district("xc", "新城区"),
        district("xc-01", "东街街道", kind="street"),
        district("gx", "高新技术产业开发区"),
    )
    assert (await client.get("/districts")).json() == [
        {"code": "gx", "name": "高新技术产业开发区"},
        {"code": "xc", "name": "新城区"},
    ]
    await identity_events(client, OrgRemoved(org_id=uuid.uuid4(), code="gx", payload_version=2))
    assert [d["name"] for d in (await client.get("/districts")).json()] == ["新城区"]


async def test_the_policy_page_words_each_condition_and_names_industries_and_districts(
    client, tokens
):
    await with_districts(client)
    policy = await policy_with(
        client,
        tokens,
        [("首次升规奖励", "资金奖励", GROWTH), ("集聚区租金补贴", "补贴补助", IN_XC)],
        industries=["C"],
        districts=["xc"],
    )
    detail = (await client.get(f"/policies/{policy['id']}")).json()
    assert detail["industry_names"] == ["制造业（C）"]
    assert detail["district_names"] == ["新城区"]
    by_title = {m["title"]: m["conditions"] for m in detail["measures"]}
    assert by_title == {
        "首次升规奖励": [
            "所属行业：制造业（C）",
            "营业收入不低于 2000 万元",
            "具有高新技术企业资质",
        ],
        "集聚区租金补贴": ["所在区县为新城区", "从业人员不少于 10 人"],
    }
    measure = detail["measures"][0]["id"]
    assert (await client.get(f"/measures/{measure}")).json()["conditions"] == by_title[
        detail["measures"][0]["title"]
    ]


async def test_the_public_list_narrows_by_industry_reward_type_and_issuing_body(client, tokens):
    made = await policy_with(
        client, tokens, [("首次升规奖励", "资金奖励", GROWTH)], industries=["C"]
    )
    electronics = await policy_with(
        client,
        tokens,
        [("电子信息产业补贴", "补贴补助", GROWTH)],
        title="江城市电子信息产业若干政策",
        issuing_body="江城市工业和信息化局",
        industries=["39"],
        published_on="2026-04-01",
    )
    talent = await policy_with(
        client,
        tokens,
        [("人才住房补贴", "住房相关", IN_XC)],
        title="江城市人才支持若干措施",
        published_on="2026-05-01",
    )

    async def ids(**params: str) -> list[str]:
        r = await client.get("/policies", params=params)
        assert r.status_code == 200, r.text
        return [p["id"] for p in r.json()["items"]]

    assert set(await ids(industry="C3911")) == {made["id"], electronics["id"]}
    assert set(await ids(industry="C")) == {made["id"], electronics["id"]}  # C39 is within C
    assert await ids(industry="C13") == [made["id"]]  # food, not electronics: only C covers it
    assert await ids(industry="A") == []
    assert await ids(reward_type="住房相关") == [talent["id"]]
    assert await ids(issuing_body="江城市工业和信息化局") == [electronics["id"]]

    numbered = (await client.get("/policies", params={"page": 1, "limit": 2})).json()
    assert numbered["total"] == 3 and numbered["page"] == 1
    assert [p["id"] for p in numbered["items"]] == [talent["id"], electronics["id"]]  # newest
    row = numbered["items"][1]
    assert row["industry_names"] == ["计算机、通信和其他电子设备制造业（C39）"]
    assert row["measure_count"] == 1 and row["reward_types"] == ["补贴补助"]

    facets = (await client.get("/policies/facets")).json()
    assert facets["issuing_bodies"] == [
        {"name": "江城市人民政府", "count": 2},
        {"name": "江城市工业和信息化局", "count": 1},
    ]
    assert facets["reward_types"] == [
        {"name": "资金奖励", "count": 1},
        {"name": "补贴补助", "count": 1},
        {"name": "住房相关", "count": 1},
    ]


async def test_bad_list_filters_are_422(client):
    for params in ({"industry": "Z99"}, {"reward_type": "红包"}, {"page": 0}):
        r = await client.get("/policies", params=params)
        assert r.status_code == 422, params
        assert r.json()["code"] == "validation_failed" and r.json()["errors"]


async def test_the_industry_tree_is_browsed_by_name_level_by_level(client):
    sections = (await client.get("/industries")).json()
    assert len(sections) == 20
    manufacturing = next(s for s in sections if s["code"] == "C")
    assert manufacturing == {
        "code": "C",
        "display_code": "C",
        "name": "制造业",
        "level": "section",
        "has_children": True,
    }
    divisions = (await client.get("/industries", params={"parent": "C"})).json()
    electronics = next(d for d in divisions if d["code"] == "39")
    assert electronics["display_code"] == "C39" and electronics["has_children"]
    path = (await client.get("/industries/C3911")).json()
    assert [n["name"] for n in path["lineage"]] == [
        "制造业",
        "计算机、通信和其他电子设备制造业",
        "计算机制造",
        "计算机整机制造",
    ]
    assert path["industry"]["has_children"] is False
    assert (await client.get("/industries/Q99")).status_code == 404
    assert (await client.get("/industries", params={"parent": "Q99"})).status_code == 404


async def test_the_calculator_takes_the_industry_with_or_without_its_section_letter(client, tokens):
    await policy_with(client, tokens, [("首次升规奖励", "资金奖励", GROWTH)])
    facts = {"revenue_wan": 2600, "qualifications": ["高新技术企业"]}
    for code in ("C3911", "3911", "c3911"):
        r = await client.post("/calculator", json={**facts, "industry_code": code})
        assert r.status_code == 200, r.text
        assert r.json()["eligible"] == 1, code
    wrong = await client.post("/calculator", json={**facts, "industry_code": "A3911"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "industry_code"
    assert "C3911" in wrong.json()["errors"][0]["message"]


async def test_the_calculator_takes_a_district_by_name_or_by_code(client, tokens):
    await with_districts(client)
    await policy_with(client, tokens, [("集聚区租金补贴", "补贴补助", IN_XC)])
    for given in ("新城区", "xc"):
        r = await client.post("/calculator", json={"district": given, "employees": 12})
        assert r.status_code == 200, r.text
        (result,) = r.json()["results"]
        assert result["verdict"] == "eligible", given
        place = result["evidence"][0]
        assert place["condition"] == "所在区县为新城区" and place["actual"] == "新城区"


async def test_an_unknown_district_is_refused_at_the_field_with_the_allowed_names(client, tokens):
    await with_districts(client)
    r = await client.post("/calculator", json={"district": "火星区", "employees": 12})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "unknown_district"
    (error,) = problem["errors"]
    assert error["field"] == "district"
    assert "火星区" in error["message"] and "新城区" in error["message"]
    assert "高新技术产业开发区" in error["message"]


async def test_calculator_results_say_which_field_is_missing_and_how_near_a_miss_is(client, tokens):
    policy = await policy_with(client, tokens, [("首次升规奖励", "资金奖励", GROWTH)])
    facts = {"industry_code": "3911", "qualifications": ["高新技术企业"]}
    (result,) = (await client.post("/calculator", json=facts)).json()["results"]
    assert result["verdict"] == "needs_info" and result["missing_fields"] == ["营业收入"]
    assert result["policy_id"] == policy["id"] and result["policy_title"] == policy["title"]
    near = (
        await client.post(
            "/calculator",
            json={
                "industry_code": "C3911",
                "revenue_wan": 1800,
                "qualifications": ["高新技术企业"],
            },
        )
    ).json()
    (miss,) = near["results"]
    assert miss["verdict"] == "not_eligible" and miss["near_miss"]
    assert [(e["condition"], e["actual"], e["result"]) for e in miss["evidence"]] == [
        ("所属行业：制造业（C）", "3911 计算机整机制造", True),
        ("营业收入不低于 2000 万元", "1800万元", False),
        ("具有高新技术企业资质", "高新技术企业", True),
    ]
