"""Regressions for problems found in review: each test fails on the code before its fix."""

from __future__ import annotations

import asyncio
import base64
import json

from gateway_support import PASSWORD, admin_headers, app_of, bearer, login, make_org, make_user
from sqlalchemy import select

from gateway.orgs.models import Org
from govkit.testing import eventually, stream_messages


async def test_concurrent_reuse_of_a_refresh_token_leaves_no_live_token(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "racer")
    first = await login(gateway, "racer")
    body = {"refresh_token": first["refresh_token"]}
    a, b = await asyncio.gather(
        gateway.post("/auth/refresh", json=body), gateway.post("/auth/refresh", json=body)
    )
    assert sorted([a.status_code, b.status_code]) == [200, 401]
    winner = a if a.status_code == 200 else b
    again = await gateway.post(
        "/auth/refresh", json={"refresh_token": winner.json()["refresh_token"]}
    )
    assert again.status_code == 401  # the family died with the detected reuse


async def test_a_moved_org_gets_its_new_parent_and_its_subtree_is_republished(gateway):
    headers = await admin_headers(gateway)
    await make_org(gateway, "xc", parent="city")
    await make_org(gateway, "xc-dj", parent="xc")
    await make_org(gateway, "xc-dj-1", parent="xc-dj")
    await make_org(gateway, "pq", parent="city")
    r = await gateway.patch("/admin/orgs/xc-dj", json={"parent_code": "pq"}, headers=headers)
    assert r.status_code == 200
    async with app_of(gateway).state.db.sessionmaker() as s:
        moved = await s.scalar(select(Org).where(Org.code == "xc-dj"))
        pq = await s.scalar(select(Org).where(Org.code == "pq"))
    assert moved.parent_id == pq.id
    assert (await gateway.delete("/admin/orgs/xc", headers=headers)).status_code == 204
    js = app_of(gateway).state.nats.js

    async def leaf_republished() -> bool:
        for seq in range(1, await stream_messages(js, "IDENTITY") + 1):
            data = json.loads((await js.get_msg("IDENTITY", seq=seq)).data)["data"]
            if data.get("code") == "xc-dj-1" and data.get("path") == [
                "city",
                "pq",
                "xc-dj",
                "xc-dj-1",
            ]:
                return True
        return False

    await eventually(leaf_republished)


async def test_the_proxy_forwards_the_path_as_the_client_encoded_it(gateway):
    r = await gateway.get("/api/tickets/a%3Fadmin=1")
    assert r.json()["path"] == "/a?admin=1" and r.json()["query"] == ""
    r = await gateway.get("/api/content/%E4%B8%AD%E6%96%87/x%2Fy")
    assert r.status_code == 200 and r.json()["path"] == "/中文/x/y"


async def test_an_exchanged_partner_token_is_limited_like_its_key(gateway):
    headers = await admin_headers(gateway)
    created = (
        await gateway.post(
            "/admin/api-keys",
            json={"name": "慢速伙伴", "org_code": "city", "scopes": ["a:b"], "rate_per_minute": 1},
            headers=headers,
        )
    ).json()
    token = (await gateway.post("/auth/token", headers={"X-API-Key": created["key"]})).json()
    codes = [
        (await gateway.get("/api/tickets/x", headers=bearer(token["access_token"]))).status_code
        for _ in range(12)
    ]
    assert 429 in codes


async def test_nul_characters_are_refused_not_500(gateway):
    await admin_headers(gateway)
    assert (await gateway.get("/orgs/a%00b")).status_code == 422
    r = await gateway.post("/auth/login", json={"username": "a\u0000b", "password": "x1234567"})
    assert r.status_code == 422
    r = await gateway.get("/api/tickets/x", headers={"X-API-Key": "gk_\x00aaaaaaaaa_" + "b" * 40})
    assert r.status_code == 401


async def test_a_cursor_of_the_wrong_type_is_400(gateway):
    await admin_headers(gateway)
    cursor = base64.urlsafe_b64encode(b"[1]").decode().rstrip("=")
    r = await gateway.get("/orgs/city/subtree", params={"cursor": cursor})
    assert r.status_code == 400 and r.json()["code"] == "invalid_cursor"


async def test_repeated_grants_are_folded_not_500(gateway):
    headers = await admin_headers(gateway)
    grant = {"role": "dispatcher", "scope": "*"}
    body = {
        "username": "twice",
        "display_name": "x",
        "password": PASSWORD,
        "org_code": "city",
        "grants": [grant, grant],
    }
    r = await gateway.post("/admin/users", json=body, headers=headers)
    assert r.status_code == 201 and r.json()["grants"] == [grant]
    r = await gateway.patch(
        f"/admin/users/{r.json()['id']}",
        json={"grants": [grant, {"role": "unit_supervisor", "scope": "*"}]},
        headers=headers,
    )
    assert r.status_code == 200 and len(r.json()["grants"]) == 2


async def test_a_password_change_ends_other_sessions_and_the_new_password_logs_in(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "mover")
    other_device = await login(gateway, "mover")
    token = (await login(gateway, "mover"))["access_token"]
    r = await gateway.post(
        "/auth/password",
        json={"old_password": PASSWORD, "new_password": "newpass123 "},
        headers=bearer(token),
    )
    assert r.status_code == 204
    stale = await gateway.post(
        "/auth/refresh", json={"refresh_token": other_device["refresh_token"]}
    )
    assert stale.status_code == 401
    await login(gateway, "mover", "newpass123")


async def test_citizens_are_not_published_to_other_services(gateway):
    await admin_headers(gateway)
    r = await gateway.post(
        "/auth/register/citizen",
        json={"username": "private_citizen", "display_name": "王五", "password": "abc12345"},
    )
    assert r.status_code == 201
    js = app_of(gateway).state.nats.js
    await asyncio.sleep(0.5)
    for seq in range(1, await stream_messages(js, "IDENTITY") + 1):
        assert "王五" not in (await js.get_msg("IDENTITY", seq=seq)).data.decode()


async def test_concurrent_failed_logins_all_count_towards_the_lockout(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "guessed")
    wrong = {"username": "guessed", "password": "wrong-pass1"}
    codes = [
        r.status_code
        for r in await asyncio.gather(*(gateway.post("/auth/login", json=wrong) for _ in range(5)))
    ]
    assert codes == [401] * 5
    r = await gateway.post("/auth/login", json={"username": "guessed", "password": PASSWORD})
    assert r.status_code == 423
