"""svc-policy's authorization matrix: every route × every persona, against one world (a
policy with a draft and a published measure, enterprise A's profile and notice, citizen A's
life event). Side B is the other enterprise and the other citizen."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from govkit.testing.authz import (
    EVERYONE,
    PUBLIC,
    SERVICE_BASICS,
    SIGNED_IN,
    World,
    allow,
    coverage_problems,
    persona_headers,
    run_matrix,
)
from policy.app import create_app
from policy.push.models import Notice
from policy.settings import Settings

WORLD = World()
OFFICERS = {"policy_officer", "platform_admin"}
ENTERPRISES = {"enterprise", "enterprise_other"}
DRAFT_TITLE = "矩阵草稿措施"  # visible to officers only
PROFILE_A = "矩阵甲企业"  # enterprise A's name: nobody else's answer may carry it
GROWTH = {"op": "gte", "field": "revenue_wan", "value": 100}
POLICY = {
    "title": "江城市促进制造业高质量发展若干政策",
    "issuing_body": "江城市人民政府",
    "published_on": "2026-03-01",
    "industries": ["C"],
}
MEASURE = {"title": "另一项措施", "reward_type": "资金奖励", "condition": GROWTH}
FACTS = {"industry_code": "3911", "revenue_wan": 2500, "employees": 120}
CHAIN = {
    "name": "新生儿出生",
    "steps": [{"title": "出生登记", "service": "出生医学证明", "due_days": 30}],
}
CASES = b"- name: ok\n  profile: {revenue_wan: 2500}\n  expected: eligible\n"

TABLE: dict[str, Any] = {
    **SERVICE_BASICS,
    "GET /me/data": allow(SIGNED_IN, owners={"enterprise", "citizen"}),
    "GET /reward-types": PUBLIC,
    "GET /industries": PUBLIC,
    "GET /industries/{code}": allow(EVERYONE, path={"code": "C3911"}),
    "GET /districts": PUBLIC,
    # -- policies and measures: drafts are the officers' working material ----------------------
    "GET /policies": PUBLIC,
    "GET /policies/facets": PUBLIC,
    "GET /policies/{policy_id}": allow(EVERYONE, owners=OFFICERS),
    "GET /measures/{measure_id}": [
        allow(OFFICERS, path={"measure_id": lambda ids: ids["draft_id"]}, name="draft"),
        allow(EVERYONE, name="published"),
    ],
    "POST /policies": allow(OFFICERS, json=POLICY),
    "PATCH /policies/{policy_id}": allow(OFFICERS, json={"industries": ["C"]}),
    "POST /policies/{policy_id}/activate": allow(OFFICERS),
    "POST /policies/{policy_id}/measures": allow(OFFICERS, json=MEASURE),
    "PUT /measures/{measure_id}/cases": allow(
        OFFICERS, content=CASES, headers={"content-type": "application/yaml"}
    ),
    "POST /measures/{measure_id}/cases/run": allow(OFFICERS),
    "POST /measures/{measure_id}/publish": allow(
        OFFICERS, path={"measure_id": lambda ids: ids["draft_id"]}
    ),
    "POST /measures/{measure_id}/withdraw": allow(OFFICERS),
    "GET /content-items/{item_id}/policies": allow(EVERYONE, missing=True),
    # -- enterprises: their own profile, calculator, notices and subscription ------------------
    "PUT /profiles/me": allow(ENTERPRISES, json={**FACTS, "name": "矩阵企业"}),
    "GET /profiles/me": allow(ENTERPRISES, owners={"enterprise"}),
    "GET /profiles/{credit_code}": allow("enterprise", OFFICERS),
    "POST /calculator": allow(EVERYONE, json=FACTS),
    "GET /calculator/me": allow(ENTERPRISES),
    "GET /notices/me": allow(ENTERPRISES, owners={"enterprise"}),
    "POST /notices/{notice_id}/read": allow("enterprise"),
    "GET /notices/subscription": allow(ENTERPRISES),
    "PUT /notices/subscription": allow(ENTERPRISES, json={}),
    # -- life events: citizens record their own; anyone reads their own ------------------------
    "GET /life-event-types": PUBLIC,
    "GET /life-event-types/{code}": allow(EVERYONE, path={"code": "newborn"}),
    "PUT /life-event-types/{code}": allow(OFFICERS, json=CHAIN),
    "POST /life-events": allow(
        "citizen", "citizen_other", json={"event_type": "birth", "occurred_on": "2026-11-01"}
    ),
    "GET /life-events/me": allow(SIGNED_IN, owners={"citizen"}),
}


async def world(client: httpx.AsyncClient, headers: dict[str, dict[str, str]]) -> dict[str, Any]:
    officer = headers["policy_officer"]
    policy = (await client.post("/policies", json=POLICY, headers=officer)).json()
    draft = await client.post(
        f"/policies/{policy['id']}/measures",
        json={**MEASURE, "title": DRAFT_TITLE},
        headers=officer,
    )
    published = await client.post(
        f"/policies/{policy['id']}/measures", json=MEASURE, headers=officer
    )
    r = await client.post(f"/measures/{published.json()['id']}/publish", headers=officer)
    assert r.status_code == 200, r.text
    r = await client.put(
        "/profiles/me", json={**FACTS, "name": PROFILE_A}, headers=headers["enterprise"]
    )
    assert r.status_code == 200, r.text
    # The push consumer may have made this notice already (the measure was just published).
    keys = {"credit_code": WORLD.credit_code, "measure_id": published.json()["id"]}
    async with client._transport.app.state.db.transaction() as session:  # type: ignore[attr-defined]
        await session.execute(insert(Notice).values(**keys).on_conflict_do_nothing())
        notice = (await session.execute(select(Notice).filter_by(**keys))).scalar_one()
    r = await client.put("/life-event-types/birth", json=CHAIN, headers=officer)
    assert r.status_code == 200, r.text
    event = await client.post(
        "/life-events",
        json={"event_type": "birth", "occurred_on": "2026-10-01"},
        headers=headers["citizen"],
    )
    assert event.status_code == 201, event.text
    return {
        "policy_id": policy["id"],
        "measure_id": published.json()["id"],
        "draft_id": draft.json()["id"],
        "credit_code": WORLD.credit_code,
        "notice_id": str(notice.id),
        "event_id": event.json()["id"],
        "code": "birth",
        "item_id": "00000000-0000-0000-0000-000000000001",
        "dead_letter_id": 999_999,
    }


def test_every_route_has_an_expectation() -> None:
    assert coverage_problems(create_app(Settings()), TABLE) == []


async def test_no_persona_acts_outside_its_scope(client, tokens):
    headers = persona_headers(tokens.issue, WORLD)
    ids = await world(client, headers)
    failures, sent = await run_matrix(
        client,
        TABLE,
        headers,
        ids,
        secrets=[DRAFT_TITLE, PROFILE_A, ids["notice_id"], ids["event_id"]],
    )
    assert not failures, f"{len(failures)} of {sent} cells:\n" + "\n".join(failures)
