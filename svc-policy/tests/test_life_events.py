"""全生命周期: events recorded for a person yield ordered next steps with due dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_policy_api import officer

from govkit import clock


def citizen(tokens, subject: str = "c-1") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return tokens.bearer(
        tokens.issue(subject, kind="citizen", roles=[{"role": "citizen", "scope": "*"}])
    )


async def test_the_default_chains_are_configured(client):
    chains = {c["code"]: c for c in (await client.get("/life-event-types")).json()}
    assert {"newborn", "graduate"} <= set(chains)
    assert [s["title"] for s in chains["newborn"]["steps"]][:2] == [
        "领取出生医学证明",
        "办理户口登记",
    ]


async def test_a_newborn_yields_ordered_steps_with_due_dates(client, tokens):
    born = clock.today() - timedelta(days=10)
    r = await client.post(
        "/life-events",
        json={"event_type": "newborn", "occurred_on": born.isoformat()},
        headers=citizen(tokens),
    )
    assert r.status_code == 201, r.text
    steps = r.json()["next_steps"]
    assert [s["order"] for s in steps] == list(range(1, len(steps) + 1))
    hukou = next(s for s in steps if s["title"] == "办理户口登记")
    assert hukou["due_on"] == (born + timedelta(days=30)).isoformat() and not hukou["overdue"]
    first = steps[0]
    assert first["overdue"]  # the birth certificate was due within 7 days
    mine = (await client.get("/life-events/me", headers=citizen(tokens))).json()
    assert [e["event_name"] for e in mine] == ["新生儿出生"]
    others = (await client.get("/life-events/me", headers=citizen(tokens, "c-2"))).json()
    assert others == []


async def test_an_officer_reconfigures_a_chain(client, tokens):
    body = {
        "name": "高校毕业生报到",
        "steps": [
            {"title": "办理报到手续", "service": "高校毕业生就业报到", "due_days": 15},
            {"title": "申领求职创业补贴", "service": "求职创业补贴申领", "due_days": 60},
        ],
    }
    r = await client.put("/life-event-types/graduate", json=body, headers=officer(tokens))
    assert r.status_code == 200 and r.json()["version"] == 2
    r = await client.post(
        "/life-events",
        json={"event_type": "graduate", "occurred_on": "2026-07-01"},
        headers=citizen(tokens),
    )
    assert [s["title"] for s in r.json()["next_steps"]] == ["办理报到手续", "申领求职创业补贴"]
    assert (
        await client.put("/life-event-types/graduate", json=body, headers=citizen(tokens))
    ).status_code == 403


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"event_type": "wedding_on_mars", "occurred_on": "2026-01-01"}, 404),
        ({"event_type": "newborn", "occurred_on": "2026-02-30"}, 422),
        ({"event_type": "newborn", "occurred_on": "2099-01-01"}, 422),
        ({"event_type": "newborn", "occurred_on": "0001-01-01"}, 422),  # due dates overflow
        ({"event_type": "newborn"}, 422),
    ],
)
async def test_bad_life_events_are_refused(client, tokens, body, status):
    r = await client.post("/life-events", json=body, headers=citizen(tokens))
    assert r.status_code == status
    assert (await client.get("/life-events/me", headers=citizen(tokens))).json() == []


async def test_only_citizens_record_their_own_events_and_chains_are_validated(client, tokens):
    r = await client.post(
        "/life-events",
        json={"event_type": "newborn", "occurred_on": "2026-01-01"},
        headers=tokens.bearer(tokens.enterprise("91350100M000100Y43")),
    )
    assert r.status_code == 403
    bad = {
        "name": "x",
        "steps": [
            {"title": "a", "service": "b", "due_days": -1},
            {"title": "a", "service": "b", "due_days": 1},
        ],
    }
    r = await client.put("/life-event-types/x_event", json=bad, headers=officer(tokens))
    assert r.status_code == 422
    r = await client.put(
        "/life-event-types/Bad Code", json={"name": "x", "steps": []}, headers=officer(tokens)
    )
    assert r.status_code == 422


async def test_anyone_reads_one_event_with_its_steps_in_order_and_their_service_pages(
    client, tokens
):
    item = "/portal/items/5b1c7a52-3f4e-4d1a-9b7e-0c2d3e4f5a6b"
    body = {
        "name": "新生儿出生",
        "steps": [
            {"title": "领取出生医学证明", "service": "出生医学证明办理", "due_days": 7},
            {
                "title": "办理户口登记",
                "service": "新生儿落户",
                "due_days": 30,
                "service_url": item,
            },
        ],
    }
    r = await client.put("/life-event-types/newborn", json=body, headers=officer(tokens))
    assert r.status_code == 200, r.text
    r = await client.get("/life-event-types/newborn")  # anonymous
    assert r.status_code == 200, r.text
    chain = r.json()
    assert chain["name"] == "新生儿出生"
    assert [s["title"] for s in chain["steps"]] == ["领取出生医学证明", "办理户口登记"]
    assert [s["service_url"] for s in chain["steps"]] == [None, item]
    missing = await client.get("/life-event-types/wedding_on_mars")
    assert missing.status_code == 404
    assert missing.json()["code"] == "life_event_type_not_found"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/items/5b1c7a52-3f4e-4d1a-9b7e-0c2d3e4f5a6b",
        "javascript:alert(1)",
        "/portal/x",
    ],
)
async def test_a_step_links_only_to_a_portal_item_page(client, tokens, url):
    body = {
        "name": "x",
        "steps": [{"title": "a", "service": "b", "due_days": 1, "service_url": url}],
    }
    r = await client.put("/life-event-types/x_event", json=body, headers=officer(tokens))
    assert r.status_code == 422
    assert (await client.get("/life-event-types/x_event")).status_code == 404
