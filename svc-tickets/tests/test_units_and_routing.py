"""The unit tree mirrored from identity.org.* events, and 按责转办 routing rules."""

from __future__ import annotations

import uuid

from tickets_support import CITY_BUILDING, GAS, app_of

from govkit.contracts import OrgRemoved, OrgUpserted
from govkit.events import new_event
from govkit.testing import eventually
from tickets.units.models import Unit


async def publish(client, *payloads) -> None:  # type: ignore[no-untyped-def]
    js = app_of(client).state.nats.js
    for payload in payloads:
        event = new_event(payload, source="/gateway", subject=payload.code)
        await js.publish(
            event.nats_subject,
            event.model_dump_json().encode(),
            headers={"Nats-Msg-Id": str(event.id)},
        )


async def unit(client, code: str) -> Unit | None:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        return await session.get(Unit, code)


async def test_units_follow_the_gateways_org_events(client):
    org_id = uuid.uuid4()
    await publish(
        client,
        OrgUpserted(
            payload_version=1,
            org_id=org_id,
            code="hx",
            name="河西区",
            kind="district",
            parent_code="city",
            path=["city", "hx"],
        ),
        OrgUpserted(
            payload_version=2,
            org_id=org_id,
            code="hx",
            name="河西新区",
            kind="district",
            parent_code="city",
            path=["city", "hx"],
        ),
    )

    async def renamed() -> bool:
        u = await unit(client, "hx")
        return u is not None and u.name == "河西新区"

    await eventually(renamed)
    await publish(client, OrgRemoved(payload_version=3, org_id=org_id, code="hx"))

    async def removed() -> bool:
        u = await unit(client, "hx")
        return u is not None and not u.active

    await eventually(removed)


async def test_a_removed_unit_cannot_be_given_tickets(desk, client):
    async with app_of(client).state.db.transaction() as session:
        (await session.get(Unit, "xc-02")).active = False  # type: ignore[union-attr]
    t = await desk.submit()
    r = await desk.act(t, "assign", desk.dispatcher, unit_code="xc-02", category=GAS)
    assert r.status_code == 422 and r.json()["code"] == "unknown_unit"


async def test_the_most_specific_rule_suggests_the_unit(desk, client):
    d = desk.dispatcher
    for rule in (
        {"category": CITY_BUILDING, "unit_code": "zjj"},
        {"category": GAS, "unit_code": "cgj"},
        {"category": GAS, "area_code": "xc", "unit_code": "xc"},
        {"category": GAS, "area_code": "xc-01", "unit_code": "xc-01"},
    ):
        r = await client.put("/routing/rules", json=rule, headers=d)
        assert r.status_code == 200, r.text

    async def suggested(category: str, area: str | None) -> str:
        params = {"category": category} | ({"area": area} if area else {})
        return (await client.get("/routing/suggest", params=params, headers=d)).json()["unit_code"]

    assert await suggested(GAS, "xc-01-01") == "xc-01"  # deepest area wins
    assert await suggested(GAS, "xc-02") == "xc"
    assert await suggested(GAS, "lc") == "cgj"  # no area rule there: the city-wide one
    assert await suggested("01.02.16", "xc-01") == "zjj"  # only the level-1 rule matches


async def test_putting_a_rule_twice_replaces_it(desk, client):
    d = desk.dispatcher
    await client.put("/routing/rules", json={"category": GAS, "unit_code": "cgj"}, headers=d)
    await client.put("/routing/rules", json={"category": GAS, "unit_code": "zjj"}, headers=d)
    rules = (await client.get("/routing/rules", headers=d)).json()
    assert [(r["category"], r["unit_code"]) for r in rules] == [(GAS, "zjj")]
    assert rules[0]["category_name"] == "城乡建设 / 城市建设和市政管理 / 燃气供应"


async def test_bad_rules_are_422_and_only_dispatchers_write_them(desk, client):
    d = desk.dispatcher
    bad = await client.put("/routing/rules", json={"category": "99", "unit_code": "cgj"}, headers=d)
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_category"
    bad = await client.put("/routing/rules", json={"category": GAS, "unit_code": "zz"}, headers=d)
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_unit"
    r = await client.put(
        "/routing/rules", json={"category": GAS, "unit_code": "cgj"}, headers=desk.handler("cgj")
    )
    assert r.status_code == 403
    assert (await client.get("/routing/rules", headers=d)).json() == []


async def test_the_category_tree_is_browsable(client):
    top = (await client.get("/categories")).json()
    assert len(top) == 15 and top[0] == {
        "code": "01",
        "name": "城乡建设",
        "level": 1,
        "parent": None,
        "full_name": "城乡建设",
    }
    assert (await client.get("/categories", params={"parent": "zz"})).status_code == 404
