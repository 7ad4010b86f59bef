"""svc-tickets' authorization matrix: every route the app serves × every persona, against one
world (ticket A of citizen A, handled by unit xc-01, replied; its photo, disclosure draft,
a knowledge draft and a routing rule). Side B is the other citizen and unit lc."""

from __future__ import annotations

import uuid
from typing import Any

from tickets_support import GAS, Desk

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
from tickets.app import create_app
from tickets.settings import Settings

WORLD = World(unit="xc-01", other_unit="lc")
PHONE_A = "13712340000"  # ticket A's caller: a secret for everyone outside its scope
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SEES_ALL = {"dispatcher", "supervisor", "platform_admin"}
CAN_SEE_A = {"citizen", "unit_handler", *SEES_ALL}
PREPARERS = {"dispatcher", "platform_admin"}
REVIEWERS = {"supervisor", "platform_admin"}
EDITORS = {"dispatcher", "platform_admin", "unit_handler", "unit_handler_other"}
TICKET = {
    "channel": "web",
    "kind": "complaint",
    "title": "路灯不亮影响夜间出行",
    "content": "西关街道路口的路灯已经坏了一周，夜间行人很不安全，请尽快维修。",
    "citizen_phone": "13600001111",
}
ENTRY = {"question": "燃气管道漏气怎么办？", "answer": "请立即关闭阀门并拨打燃气抢修电话。"}
FORM = {"service_code": "01.02", "address_string": "东街幸福社区3栋", "description": "燃气漏气"}
OPEN311 = "/open311/v2"
NOT_A_RECORD = {"missing": True}  # the route answers 404 to everyone for this id

TABLE: dict[str, Any] = {
    **SERVICE_BASICS,
    # Everyone signed in gets their own copy (个人信息保护法 art. 45), nobody else's.
    "GET /me/data": allow(SIGNED_IN, owners={"citizen"}),
    # -- tickets ------------------------------------------------------------------------------
    # Enterprises write 诉求 like citizens and list only their own (none in this world).
    "GET /tickets": allow(
        *("citizen", "citizen_other", "enterprise", "enterprise_other"),
        *("unit_handler", "unit_handler_other", SEES_ALL),
        owners=CAN_SEE_A,
    ),
    "GET /tickets/{ticket_id}": allow(CAN_SEE_A),
    "GET /tickets/{ticket_id}/suggestions": allow(CAN_SEE_A),
    "GET /tickets/{ticket_id}/photos/{photo_id}": allow(CAN_SEE_A),
    "POST /tickets/{ticket_id}/photos": allow(
        "citizen", "unit_handler", PREPARERS, files={"file": ("a.png", PNG, "image/png")}
    ),
    "POST /tickets/{ticket_id}/actions/{action}": [
        allow("citizen", PREPARERS, path={"action": "rate"}, json={"satisfaction": 5}, name="rate"),
        allow(PREPARERS, path={"action": "close"}, json={}, name="close"),
    ],
    "POST /tickets": allow(
        *("citizen", "citizen_other", "enterprise", "enterprise_other", PREPARERS, "partner"),
        json=TICKET,
    ),
    "POST /tickets/track": allow(
        EVERYONE, json=lambda ids: {"number": ids["number"], "phone": PHONE_A}
    ),
    "POST /classify": allow(PREPARERS, json={"title": "燃气", "content": "燃气管道漏气"}),
    # -- 留言公开 -------------------------------------------------------------------------------
    "POST /tickets/{ticket_id}/disclosure": [
        allow(PREPARERS, name="replied"),
        allow(PREPARERS, path={"ticket_id": lambda ids: ids["open_id"]}, name="open"),
    ],
    "GET /disclosures": allow(SEES_ALL),
    "GET /disclosures/{disclosure_id}": allow(SEES_ALL),
    "PATCH /disclosures/{disclosure_id}": allow(SEES_ALL, json={"title": "燃气管道漏气"}),
    "POST /disclosures/{disclosure_id}/publish": allow(REVIEWERS),
    "POST /disclosures/{disclosure_id}/withdraw": allow(REVIEWERS),
    "GET /public/disclosures": PUBLIC,
    "GET /public/disclosures/{number}": allow(EVERYONE, **NOT_A_RECORD),
    # -- 知识库 ---------------------------------------------------------------------------------
    "POST /knowledge": allow(EDITORS, json={**ENTRY, "category": GAS}),
    # Out of scope answers like GET, whatever the ticket's state (replied, or not yet).
    "POST /tickets/{ticket_id}/knowledge": [
        allow(PREPARERS, "unit_handler", name="replied"),
        allow(
            PREPARERS, "unit_handler", path={"ticket_id": lambda ids: ids["open_id"]}, name="open"
        ),
    ],
    "GET /knowledge": allow(EDITORS, "supervisor"),
    "GET /knowledge/{entry_id}": allow(EDITORS, "supervisor"),
    "PATCH /knowledge/{entry_id}": allow(EDITORS, json={"answer": "请关闭阀门，拨打抢修电话。"}),
    "POST /knowledge/{entry_id}/publish": allow(REVIEWERS),
    "POST /knowledge/{entry_id}/retire": allow(REVIEWERS),
    "GET /public/knowledge": PUBLIC,
    "GET /public/knowledge/{entry_id}": allow(EVERYONE, **NOT_A_RECORD),
    # -- reference data -------------------------------------------------------------------------
    "GET /categories": PUBLIC,
    "GET /units": PUBLIC,
    "GET /deadlines/due-date": allow(EVERYONE, params={"start": "2026-12-01", "working_days": 5}),
    "GET /routing/rules": allow(PREPARERS),
    "PUT /routing/rules": allow(
        PREPARERS, json={"category": "01.02", "area_code": "xc", "unit_code": "xc-01"}
    ),
    "DELETE /routing/rules/{rule_id}": allow(PREPARERS, missing=True),  # the first deletes it
    "GET /routing/suggest": allow(PREPARERS, params={"category": GAS}),
    # -- statistics: everything for the centre, a unit's own subtree for its handlers ----------
    **{
        f"GET /stats/{name}": [
            allow(SEES_ALL, "unit_handler", "unit_handler_other", name="own scope"),
            allow(SEES_ALL, "unit_handler", params={"unit": "xc-01"}, name="unit xc-01"),
        ]
        for name in ("overview", "units", "categories", "series", "hot")
    },
    "GET /public/stats": PUBLIC,  # 12345 in public figures: aggregates only
    # -- Open311: public reads; a POST needs a partner key with tickets:write ------------------
    f"GET {OPEN311}/discovery.{{fmt}}": PUBLIC,
    f"GET {OPEN311}/services.{{fmt}}": PUBLIC,
    f"GET {OPEN311}/services/{{service_code}}.{{fmt}}": allow(
        EVERYONE, path={"service_code": "01.02"}
    ),
    f"POST {OPEN311}/requests.{{fmt}}": allow("partner", data=FORM),
    f"GET {OPEN311}/requests.{{fmt}}": PUBLIC,
    f"GET {OPEN311}/requests/{{service_request_id}}.{{fmt}}": allow(EVERYONE, **NOT_A_RECORD),
    f"GET {OPEN311}/tokens/{{token}}.{{fmt}}": allow(EVERYONE, **NOT_A_RECORD),
    **{
        f"{m} {OPEN311}/{{rest:path}}": allow(EVERYONE, **NOT_A_RECORD)
        for m in ("DELETE", "GET", "PATCH", "POST", "PUT")
    },
}


async def world(desk: Desk, headers: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Ticket A of citizen A in unit xc-01, replied, with a photo; its disclosure draft; a
    knowledge draft; a routing rule; another xc-01 ticket not yet replied. All made by
    others than the matrix's personas."""
    client = desk.client
    ticket = await desk.submit(headers["citizen"], citizen_phone=PHONE_A)
    await desk.ok(ticket, "assign", desk.dispatcher, unit_code="xc-01", category=GAS)
    await desk.ok(ticket, "accept", desk.handler("xc-01"))
    photo = await client.post(
        f"/tickets/{ticket['id']}/photos",
        files={"file": ("a.png", PNG, "image/png")},
        headers=headers["citizen"],
    )
    assert photo.status_code == 201, photo.text
    await desk.ok(ticket, "reply", desk.handler("xc-01"), reply="已联系燃气公司上门检修。")
    disclosure = await client.post(f"/tickets/{ticket['id']}/disclosure", headers=desk.dispatcher)
    assert disclosure.status_code == 201, disclosure.text
    entry = await client.post(
        "/knowledge", json={**ENTRY, "category": GAS}, headers=desk.dispatcher
    )
    assert entry.status_code == 201, entry.text
    unreplied = await desk.assigned("xc-01")
    rule = await client.put(
        "/routing/rules",
        json={"category": GAS, "area_code": "xc-01", "unit_code": "xc-01"},
        headers=desk.dispatcher,
    )
    assert rule.status_code == 200, rule.text
    return {
        "ticket_id": ticket["id"],
        "open_id": unreplied["id"],
        "number": ticket["number"],
        "photo_id": photo.json()["id"],
        "disclosure_id": disclosure.json()["id"],
        "entry_id": entry.json()["id"],
        "rule_id": rule.json()["id"],
        "dead_letter_id": 999_999,
        "fmt": "json",
        "service_request_id": ticket["number"],
        "token": str(uuid.uuid4()),
        "rest": "nothing-here",
    }


def test_every_route_has_an_expectation() -> None:
    assert coverage_problems(create_app(Settings()), TABLE) == []


async def test_no_persona_acts_outside_its_scope(desk, client, tokens):
    headers = persona_headers(tokens.issue, WORLD)
    ids = await world(desk, headers)
    failures, sent = await run_matrix(client, TABLE, headers, ids, secrets=[ids["number"], PHONE_A])
    assert not failures, f"{len(failures)} of {sent} cells:\n" + "\n".join(failures)
