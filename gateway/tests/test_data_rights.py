"""个人信息权利 at the gateway: the export composed from every service (or refused whole),
the account corrected, erased and confirmed per service, and taken-back tokens refused."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import nats
import pytest
from gateway_support import MIGRATIONS, PASSWORD, admin_headers, app_of, bearer, login, make_user

from gateway.app import create_app
from gateway.settings import Settings
from gateway.users.models import UserKind
from govkit.contracts import ErasureConfirmed
from govkit.events import new_event
from govkit.testing import eventually


@pytest.fixture
async def all_up(service_app, echo_url) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """Every service routed to the echo upstream, which answers any path."""
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        ratelimit_login_burst=10_000,
        ratelimit_anonymous_burst=10_000,
        ratelimit_anonymous_read_burst=10_000,
        **{f"{n}_url": echo_url for n in ("content", "tickets", "policy", "search")},
    ) as client:
        yield client


async def citizen(client: httpx.AsyncClient, username: str = "citizen_a") -> tuple[str, dict]:  # type: ignore[type-arg]
    await make_user(client, username, kind=UserKind.CITIZEN, org=None)
    tokens = await login(client, username)
    me = (await client.get("/auth/me", headers=bearer(tokens["access_token"]))).json()
    return me["id"], bearer(tokens["access_token"])


async def audit_actions(client: httpx.AsyncClient, user_id: str) -> list[str]:
    r = await client.get(
        "/admin/audit", params={"target_id": user_id}, headers=await admin_headers(client)
    )
    return [e["action"] for e in r.json()["items"]]


async def test_an_export_with_a_service_down_is_a_503_not_a_partial_export(gateway):
    _, who = await citizen(gateway)  # policy routes to a port where nothing listens
    for path in ("/auth/me/export", "/auth/me/export.html"):
        r = await gateway.get(path, headers=who)
        assert r.status_code == 503, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "export_incomplete" and "惠企政策" in r.json()["detail"]
        assert int(r.headers["retry-after"]) > 0


async def test_the_export_asks_each_service_with_the_callers_own_token(all_up):
    uid, who = await citizen(all_up)
    r = await all_up.get("/auth/me/export", headers=who)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["account"]["id"] == uid and body["account"]["username"] == "citizen_a"
    assert set(body["services"]) == {"content", "tickets", "policy", "search"}
    for seen in body["services"].values():  # what the echo upstream received
        assert seen["path"] == "/me/data"
        assert seen["headers"]["authorization"] == who["Authorization"]


async def test_the_html_export_is_a_readable_chinese_page_without_script(all_up):
    _, who = await citizen(all_up)
    r = await all_up.get("/auth/me/export.html", headers=who)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    assert "<h1>个人信息副本</h1>" in r.text and "<h2>账号信息</h2>" in r.text
    assert "用户名" in r.text and "<script" not in r.text


async def test_partners_have_no_personal_data_to_export(gateway):
    admin = await admin_headers(gateway)
    body = {"name": "合作方", "org_code": "city", "scopes": ["tickets:write"]}
    key = (await gateway.post("/admin/api-keys", json=body, headers=admin)).json()["key"]
    token = (await gateway.post("/auth/token", headers={"X-API-Key": key})).json()
    r = await gateway.get("/auth/me/export", headers=bearer(token["access_token"]))
    assert r.status_code == 403 and r.json()["code"] in ("not_a_user", "scope_missing")


async def test_a_person_corrects_their_name_validated_and_audited(gateway):
    uid, who = await citizen(gateway)
    r = await gateway.patch("/auth/me", json={"display_name": "  李四  "}, headers=who)
    assert r.status_code == 200 and r.json()["display_name"] == "李四"
    for bad in ({"display_name": ""}, {"display_name": "a\nb"}, {"kind": "staff"}, {}):
        r = await gateway.patch("/auth/me", json=bad, headers=who)
        assert r.status_code == 422, bad
    assert (await gateway.get("/auth/me", headers=who)).json()["display_name"] == "李四"
    r = await gateway.get(
        "/admin/audit", params={"target_id": uid}, headers=await admin_headers(gateway)
    )
    [corrected] = [e for e in r.json()["items"] if e["action"] == "user.corrected"]
    assert corrected["changes"] == {"fields": ["display_name"]}  # not the name itself


async def test_a_disabled_accounts_access_token_is_refused_at_once(gateway):
    uid, who = await citizen(gateway)
    admin = await admin_headers(gateway)
    r = await gateway.patch(f"/admin/users/{uid}", json={"active": False}, headers=admin)
    assert r.status_code == 200

    async def refused() -> bool:
        return (await gateway.get("/auth/me", headers=who)).status_code == 401

    await eventually(refused, timeout=10)
    assert (await gateway.get("/auth/me", headers=who)).json()["code"] == "token_revoked"


async def test_a_revoked_keys_exchanged_token_is_refused_at_once(gateway):
    admin = await admin_headers(gateway)
    body = {"name": "合作方", "org_code": "city", "scopes": ["tickets:write"]}
    created = (await gateway.post("/admin/api-keys", json=body, headers=admin)).json()
    token = (await gateway.post("/auth/token", headers={"X-API-Key": created["key"]})).json()
    partner = bearer(token["access_token"])
    assert (await gateway.get("/auth/me", headers=partner)).status_code == 403  # valid, no user
    r = await gateway.delete(f"/admin/api-keys/{created['id']}", headers=admin)
    assert r.status_code == 200

    async def refused() -> bool:
        return (await gateway.get("/auth/me", headers=partner)).status_code == 401

    await eventually(refused, timeout=10)


async def test_staff_and_a_wrong_password_cannot_erase(gateway):
    admin = await admin_headers(gateway)
    r = await gateway.post("/auth/me/erasure", json={"password": PASSWORD}, headers=admin)
    assert r.status_code == 403 and r.json()["code"] == "staff_not_self_erasable"
    uid, who = await citizen(gateway)
    r = await gateway.post("/auth/me/erasure", json={"password": "wrong-1234"}, headers=who)
    assert r.status_code == 422 and r.json()["code"] == "wrong_password"
    assert (await gateway.get("/auth/me", headers=who)).json()["username"] == "citizen_a"
    assert "user.erasure_requested" not in await audit_actions(gateway, uid)


async def publish_confirmation(client: httpx.AsyncClient, erasure_id: str, service: str) -> None:
    payload = ErasureConfirmed(
        erasure_id=uuid.UUID(erasure_id), service=service, removed={"x": 1}, payload_version=1
    )
    event = new_event(payload, source=f"/svc-{service}", subject=None)
    nc = await nats.connect(app_of(client).state.settings.nats_url)
    try:
        await nc.jetstream().publish(event.nats_subject, event.model_dump_json().encode())
    finally:
        await nc.close()


async def test_an_erasure_completes_when_every_service_has_confirmed_once(gateway):
    uid, who = await citizen(gateway)
    refresh = (await login(gateway, "citizen_a"))["refresh_token"]
    r = await gateway.post("/auth/me/erasure", json={"password": PASSWORD}, headers=who)
    assert r.status_code == 202, r.text
    erasure: dict[str, Any] = r.json()
    assert erasure["pending"] == ["content", "policy", "search", "tickets"]
    assert (await gateway.post("/auth/refresh", json={"refresh_token": refresh})).status_code == 401
    r = await gateway.post("/auth/login", json={"username": "citizen_a", "password": PASSWORD})
    assert r.status_code == 401
    again = await gateway.post("/auth/me/erasure", json={"password": PASSWORD}, headers=who)
    assert again.status_code in (401, 409)  # the token is refused, or the account is gone

    for service in ("content", "tickets", "tickets", "policy"):  # one answer repeated
        await publish_confirmation(gateway, erasure["id"], service)

    async def confirmed(n: int) -> bool:
        status = (await gateway.get(erasure["status_url"])).json()
        return len(status["confirmed"]) == n

    await eventually(lambda: confirmed(3), timeout=10)
    assert not (await gateway.get(erasure["status_url"])).json()["complete"]
    await publish_confirmation(gateway, erasure["id"], "search")
    await eventually(lambda: confirmed(4), timeout=10)
    status = (await gateway.get(erasure["status_url"])).json()
    assert status["complete"] and status["pending"] == []
    actions = await audit_actions(gateway, uid)
    assert actions.count("user.erasure_confirmed") == 4 and actions.count("user.erased") == 1
    r = await gateway.get(f"/auth/erasures/{uuid.uuid4()}")
    assert r.status_code == 404 and r.json()["code"] == "erasure_not_found"
