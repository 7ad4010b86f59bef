"""Partner API keys act only within their scopes, on every route: creating a ticket needs
tickets:write through the REST intake as through Open311; other routes are not partners'."""

from __future__ import annotations

from sqlalchemy import func, select
from tickets_support import app_of

from tickets.tickets.models import Ticket

TICKET = {
    "channel": "web",
    "kind": "complaint",
    "title": "小区燃气管道漏气无人处理",
    "content": "东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，请尽快处理。",
    "citizen_phone": "13800138000",
}


def partner(desk, scope: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    token = desk.tokens.issue("apikey:partner-1", kind="partner", scope=scope, org="city")
    return desk.tokens.bearer(token)  # type: ignore[no-any-return]


async def count_tickets(client) -> int:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Ticket)) or 0)


async def test_a_partner_key_without_tickets_write_cannot_create_tickets(desk, client):
    r = await client.post("/tickets", json=TICKET, headers=partner(desk, "search:read"))
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "scope_missing" and "tickets:write" in r.json()["detail"]
    form = {"service_code": "01.02", "address_string": "东街幸福社区3栋", "description": "燃气漏气"}
    r = await client.post(
        "/open311/v2/requests.json", data=form, headers=partner(desk, "search:read")
    )
    assert r.status_code == 403 and "tickets:write" in r.json()[0]["description"]
    assert await count_tickets(client) == 0


async def test_a_partner_key_with_tickets_write_creates_tickets(desk, client):
    r = await client.post("/tickets", json=TICKET, headers=partner(desk, "tickets:write"))
    assert r.status_code == 201, r.text
    assert await count_tickets(client) == 1


async def test_a_partner_key_cannot_use_routes_that_name_no_scope(desk, client):
    every = partner(desk, "tickets:write tickets:read")
    ticket = await desk.submit()
    for method, path in [
        ("GET", "/tickets"),
        ("GET", f"/tickets/{ticket['id']}"),
        ("GET", "/stats/overview"),
        ("GET", "/knowledge"),
    ]:
        r = await client.request(method, path, headers=every)
        assert r.status_code == 403 and r.json()["code"] == "scope_missing", (path, r.text)


async def test_staff_and_citizens_are_not_bounded_by_partner_scopes(desk, client):
    assert (await client.post("/tickets", json=TICKET, headers=desk.citizen())).status_code == 201
    assert (await client.get("/tickets", headers=desk.dispatcher)).status_code == 200
