"""The policy library, enterprise profiles and the calculator over HTTP."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from govkit import clock
from govkit.testing import eventually, stream_messages

ENTERPRISE = "91360100MA35K8Q2X9"
OTHER = "91350100M000100Y43"
GROWTH = {
    "op": "all",
    "items": [
        {"op": "within", "field": "industry_code", "value": "C"},
        {"op": "gte", "field": "revenue_wan", "value": 2000},
        {"op": "in", "field": "size_class", "value": ["中型", "小型"]},
    ],
}


def officer(tokens) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return tokens.bearer(tokens.issue("po", roles=[{"role": "policy_officer", "scope": "*"}]))


async def published_measure(client, tokens, condition=GROWTH, **extra) -> dict:  # type: ignore[no-untyped-def,type-arg]
    policy = await client.post(
        "/policies",
        json={
            "title": "江城市促进制造业高质量发展若干政策",
            "document_number": "江政规〔2026〕3号",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-03-01",
            "valid_to": "2028-12-31",
            "industries": ["C"],
        },
        headers=officer(tokens),
    )
    assert policy.status_code == 201, policy.text
    measure = await client.post(
        f"/policies/{policy.json()['id']}/measures",
        json={
            "title": "规上工业企业成长奖励",
            "reward_type": "资金奖励",
            "amount_wan": 30,
            "condition": condition,
            **extra,
        },
        headers=officer(tokens),
    )
    assert measure.status_code == 201, measure.text
    r = await client.post(f"/measures/{measure.json()['id']}/publish", headers=officer(tokens))
    assert r.status_code == 200 and r.json()["status"] == "published"
    return r.json()  # type: ignore[no-any-return]


async def test_publishing_a_measure_emits_the_event_for_search_and_push(client, tokens):
    measure = await published_measure(client, tokens)
    js = client._transport.app.state.nats.js

    async def published() -> bool:
        return await stream_messages(js, "POLICY") == 1

    await eventually(published)
    envelope = json.loads((await js.get_msg("POLICY", seq=1)).data)
    assert envelope["type"] == "policy.measure.published.v1"
    assert envelope["data"]["measure_id"] == measure["id"] and envelope["data"]["industries"] == [
        "C"
    ]


async def test_a_published_measure_cannot_be_published_again_but_can_be_withdrawn(client, tokens):
    measure = await published_measure(client, tokens)
    again = await client.post(f"/measures/{measure['id']}/publish", headers=officer(tokens))
    assert again.status_code == 409 and again.json()["code"] == "measure_not_draft"
    r = await client.post(f"/measures/{measure['id']}/withdraw", headers=officer(tokens))
    assert r.json()["status"] == "withdrawn"


@pytest.mark.parametrize(
    ("condition", "field"),
    [
        ({"op": "gte", "field": "salary", "value": 1}, "condition"),
        ({"op": "gte", "field": "revenue_wan", "value": "很多"}, "condition"),
    ],
)
async def test_a_measure_with_an_invalid_condition_is_422_and_not_stored(
    client, tokens, condition, field
):
    policy = await client.post(
        "/policies",
        json={"title": "t", "issuing_body": "b", "published_on": "2026-01-01"},
        headers=officer(tokens),
    )
    r = await client.post(
        f"/policies/{policy.json()['id']}/measures",
        json={"title": "x", "reward_type": "资金奖励", "condition": condition},
        headers=officer(tokens),
    )
    assert r.status_code == 422
    assert any(e["field"].startswith(field) for e in r.json()["errors"])


async def test_only_policy_officers_write_the_library(client, tokens):
    r = await client.post(
        "/policies",
        json={"title": "t", "issuing_body": "b", "published_on": "2026-01-01"},
        headers=tokens.bearer(tokens.enterprise(ENTERPRISE)),
    )
    assert r.status_code == 403


async def test_an_enterprise_keeps_its_own_profile_with_a_derived_size(client, tokens):
    mine = tokens.bearer(tokens.enterprise(ENTERPRISE))
    r = await client.put(
        "/profiles/me",
        json={
            "name": "江城示范科技有限公司",
            "industry_code": "3911",
            "revenue_wan": 2500,
            "employees": 120,
            "size_class": "大型",
        },
        headers=mine,
    )
    assert r.status_code == 422  # size is derived, never typed in
    r = await client.put(
        "/profiles/me",
        json={
            "name": "江城示范科技有限公司",
            "industry_code": "3911",
            "revenue_wan": 2500,
            "employees": 120,
        },
        headers=mine,
    )
    assert r.status_code == 200 and r.json()["size_class"] == "小型"
    other = tokens.bearer(tokens.enterprise(OTHER, subject="ent-2"))
    assert (await client.get(f"/profiles/{ENTERPRISE}", headers=other)).status_code == 403
    assert (await client.get(f"/profiles/{ENTERPRISE}", headers=officer(tokens))).status_code == 200
    citizen = tokens.bearer(tokens.issue("c1", kind="citizen"))
    assert (
        await client.put("/profiles/me", json={"name": "x"}, headers=citizen)
    ).status_code == 403


async def test_the_calculator_answers_without_login_with_reasons_and_near_misses(client, tokens):
    await published_measure(client, tokens)
    r = await client.post(
        "/calculator", json={"industry_code": "3911", "revenue_wan": 1800, "employees": 120}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["size_class"] == "小型" and body["near_misses"] == 1
    (result,) = body["results"]
    assert result["verdict"] == "not_eligible" and result["near_miss"]
    assert result["to_close"] == ["营业收入需 ≥ 2000万元，当前 1800万元"]
    unknown = (await client.post("/calculator", json={"industry_code": "3911"})).json()
    assert unknown["needs_info"] == 1 and "营业收入" in unknown["results"][0]["missing_fields"]


async def test_the_calculator_uses_the_stored_profile_and_skips_withdrawn_measures(client, tokens):
    measure = await published_measure(client, tokens)
    mine = tokens.bearer(tokens.enterprise(ENTERPRISE))
    await client.put(
        "/profiles/me",
        json={
            "name": "江城示范科技有限公司",
            "industry_code": "3911",
            "revenue_wan": 2500,
            "employees": 120,
        },
        headers=mine,
    )
    r = (await client.get("/calculator/me", headers=mine)).json()
    assert r["eligible"] == 1 and r["results"][0]["verdict"] == "eligible"
    await client.post(f"/measures/{measure['id']}/withdraw", headers=officer(tokens))
    assert (await client.get("/calculator/me", headers=mine)).json()["results"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"industry_code": "Q9"},
        {"revenue_wan": -1},
        {"employees": "很多"},
        {"founded_on": "2026-13-01"},
        {"unknown": 1},
    ],
)
async def test_bad_calculator_input_is_422(client, body):
    r = await client.post("/calculator", json=body)
    assert r.status_code == 422 and r.json()["errors"]


async def test_the_public_lists_only_active_policies_in_force_today(client, tokens):
    # (A draft, a document still to structure, is hidden too: test_content_links.)
    today = clock.today()
    made = {}
    for name, valid in {
        "in_force": (None, None),
        "expired": ("2020-01-01", (today - timedelta(days=1)).isoformat()),
        "future": ((today + timedelta(days=1)).isoformat(), None),
    }.items():
        body = {
            "title": f"政策{name}",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-01-01",
        }
        body |= {"valid_from": valid[0], "valid_to": valid[1]}
        r = await client.post("/policies", json=body, headers=officer(tokens))
        assert r.status_code == 201, r.text
        made[name] = r.json()["id"]  # an officer's own entry is active at once
    public = [p["id"] for p in (await client.get("/policies")).json()["items"]]
    assert public == [made["in_force"]]
    every = (await client.get("/policies", headers=officer(tokens))).json()["items"]
    assert {p["id"] for p in every} == set(made.values())
