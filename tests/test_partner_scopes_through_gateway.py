"""A partner key acts within its scopes through the real gateway and a real svc-tickets:
a search:read key creates no ticket, whether it comes as X-API-Key or as the JWT that
/auth/token exchanged it for; a tickets:write key does."""

from __future__ import annotations

import httpx
from gateway_support import admin_headers
from test_open311_through_gateway import gateway  # noqa: F401  (the fixture)

TICKET = {
    "channel": "web",
    "kind": "complaint",
    "title": "小区燃气管道漏气无人处理",
    "content": "东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，请尽快处理。",
}


async def key_with(client: httpx.AsyncClient, *scopes: str) -> str:
    body = {"name": "合作方", "org_code": "city", "scopes": list(scopes)}
    r = await client.post("/admin/api-keys", json=body, headers=await admin_headers(client))
    assert r.status_code == 201, r.text
    return str(r.json()["key"])


async def test_a_search_read_key_creates_no_ticket_through_the_gateway(gateway):  # noqa: F811
    key = await key_with(gateway, "search:read")
    as_key = await gateway.post("/api/tickets/tickets", json=TICKET, headers={"X-API-Key": key})
    token = (await gateway.post("/auth/token", headers={"X-API-Key": key})).json()["access_token"]
    as_jwt = await gateway.post(
        "/api/tickets/tickets", json=TICKET, headers={"Authorization": f"Bearer {token}"}
    )
    for r in (as_key, as_jwt):
        assert r.status_code == 403, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "scope_missing" and "tickets:write" in r.json()["detail"]
    writer = await key_with(gateway, "tickets:write")
    made = await gateway.post("/api/tickets/tickets", json=TICKET, headers={"X-API-Key": writer})
    assert made.status_code == 201, made.text
