"""Partner API keys: shown once, stored hashed, exchanged for a JWT at the edge, revocable."""

from __future__ import annotations

import jwt
from gateway_support import admin_headers, app_of


async def new_key(client, headers, **extra) -> dict:  # type: ignore[no-untyped-def]
    body = {"name": "12345 话务系统", "org_code": "city", "scopes": ["tickets:write"], **extra}
    r = await client.post("/admin/api-keys", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_key_is_shown_once_and_stored_only_hashed(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers)
    assert created["key"].startswith("gk_" + created["prefix"] + "_")
    listed = (await gateway.get("/admin/api-keys", headers=headers)).json()["items"]
    assert "key" not in listed[0] and listed[0]["prefix"] == created["prefix"]
    async with app_of(gateway).state.db.engine.connect() as conn:
        from sqlalchemy import text

        stored = (await conn.execute(text("SELECT key_hash FROM api_keys"))).scalar_one()
    assert created["key"] not in stored and len(stored) == 64


async def test_x_api_key_becomes_a_partner_jwt_for_the_service(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers, scopes=["tickets:write", "tickets:read"])
    r = await gateway.get("/api/tickets/requests.json", headers={"X-API-Key": created["key"]})
    seen = r.json()["headers"]
    assert "x-api-key" not in seen
    token = seen["authorization"].removeprefix("Bearer ")
    claims = app_of(gateway).state.keyring.verify(token)
    assert claims["kind"] == "partner" and claims["org"] == "city"
    assert claims["scope"] == "tickets:read tickets:write"


async def test_open311_api_key_query_parameter_is_taken_and_stripped(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers)
    r = await gateway.get(
        "/api/tickets/open311/requests.json", params={"api_key": created["key"], "status": "open"}
    )
    seen = r.json()
    assert seen["query"] == "status=open"
    assert seen["headers"]["authorization"].startswith("Bearer ")


async def test_key_exchange_endpoint_returns_a_scoped_token(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers)
    r = await gateway.post("/auth/token", headers={"X-API-Key": created["key"]})
    assert r.status_code == 200
    body = r.json()
    assert body["scope"] == "tickets:write" and body["expires_in"] == 300
    assert (
        jwt.decode(body["access_token"], options={"verify_signature": False})["kind"] == "partner"
    )


async def test_revoked_key_is_refused_at_once_and_nothing_is_forwarded(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers)
    assert (
        await gateway.get("/api/tickets/x", headers={"X-API-Key": created["key"]})
    ).status_code == 200
    r = await gateway.delete(f"/admin/api-keys/{created['id']}", headers=headers)
    assert r.json()["revoked_at"] is not None
    for call in (
        gateway.get("/api/tickets/x", headers={"X-API-Key": created["key"]}),
        gateway.post("/auth/token", headers={"X-API-Key": created["key"]}),
    ):
        r = await call
        assert r.status_code == 401
        assert (
            r.json()["code"] == "api_key_invalid" and r.json()["detail"] == "接口密钥无效或已吊销"
        )


async def test_forged_and_malformed_keys_are_401(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers)
    forged = created["key"][:-4] + "AAAA"
    for key in (forged, "gk_short", "nonsense", "gk_0123456789_" + "x" * 40):
        r = await gateway.get("/api/tickets/x", headers={"X-API-Key": key})
        assert r.status_code == 401 and r.json()["code"] == "api_key_invalid"


async def test_last_use_is_tracked_in_batches(gateway):
    headers = await admin_headers(gateway)
    created = await new_key(gateway, headers)
    await gateway.get("/api/tickets/x", headers={"X-API-Key": created["key"]})
    await app_of(gateway).state.api_keys.flush_last_used()
    listed = (await gateway.get("/admin/api-keys", headers=headers)).json()["items"]
    assert listed[0]["last_used_at"] is not None


async def test_key_creation_validates_scopes_org_and_rate(gateway):
    headers = await admin_headers(gateway)
    bad = await gateway.post(
        "/admin/api-keys",
        json={"name": "x", "org_code": "city", "scopes": ["NOT A SCOPE"], "rate_per_minute": 0},
        headers=headers,
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"scopes.0", "rate_per_minute"}
    unknown_org = await gateway.post(
        "/admin/api-keys",
        json={"name": "x", "org_code": "nowhere", "scopes": ["a:b"]},
        headers=headers,
    )
    assert unknown_org.status_code == 404
    assert (await gateway.get("/admin/api-keys", headers=headers)).json()["items"] == []


def test_a_secret_containing_underscores_still_splits_at_the_prefix():
    from gateway.apikeys.service import split_key

    raw = "gk_0123456789_" + "a_b-" * 10
    assert split_key(raw) == ("0123456789", raw)
    assert split_key("gk_012345678_" + "x" * 40) is None  # prefix must be 10 characters


async def test_a_flood_of_bad_keys_from_one_address_is_throttled(gateway):
    await admin_headers(gateway)
    codes: list[int] = []
    # Within 61 attempts a one-minute window of 30 must fill, whatever the clock says.
    while 429 not in codes and len(codes) < 61:
        key = f"gk_{len(codes):010d}_" + "z" * 40
        codes.append((await gateway.get("/api/tickets/x", headers={"X-API-Key": key})).status_code)
    assert codes[-1] == 429 and set(codes[:-1]) == {401} and len(codes) >= 31


def test_bad_key_guard_counts_per_client_per_minute():
    from gateway.edge.auth import BadKeyGuard

    now = [120.0]
    guard = BadKeyGuard(per_minute=3, clock=lambda: now[0])
    for _ in range(3):
        assert guard.retry_after("1.2.3.4") == 0
        guard.failed("1.2.3.4")
    assert guard.retry_after("1.2.3.4") == 60
    assert guard.retry_after("5.6.7.8") == 0  # another client is unaffected
    now[0] = 150.0
    assert guard.retry_after("1.2.3.4") == 30
    now[0] = 180.0  # the next minute
    assert guard.retry_after("1.2.3.4") == 0
