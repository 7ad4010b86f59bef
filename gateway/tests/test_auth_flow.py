"""Login, lockout, refresh rotation, logout, registration — through the gateway's HTTP API."""

from __future__ import annotations

import base64
import json
import time

import pytest
from gateway_support import (
    MIGRATIONS,
    PASSWORD,
    admin_headers,
    app_of,
    bearer,
    login,
    make_org,
    make_user,
)

from govkit.auth import JwksVerifier
from govkit.testing import TokenFactory


async def test_login_issues_a_token_that_verifies_against_the_jwks(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "editor1", grants=[("site_editor", "site:portal")])
    pair = await login(gateway, "editor1")
    assert pair["token_type"] == "Bearer" and pair["expires_in"] == 600

    async def jwks() -> dict:  # type: ignore[type-arg]
        return (await gateway.get("/.well-known/jwks.json")).json()

    claims = await JwksVerifier(jwks, issuer="govplatform-gateway", audience="govplatform").verify(
        pair["access_token"]
    )
    assert claims["roles"] == [{"role": "site_editor", "scope": "site:portal"}]
    assert claims["kind"] == "staff" and claims["org"] == "city"
    me = (await gateway.get("/auth/me", headers=bearer(pair["access_token"]))).json()
    assert me["username"] == "editor1"


async def test_wrong_password_and_unknown_user_get_the_same_401(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "alice")
    wrong = await gateway.post("/auth/login", json={"username": "alice", "password": "nope12345"})
    unknown = await gateway.post(
        "/auth/login", json={"username": "nobody", "password": "nope12345"}
    )
    for r in (wrong, unknown):
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"
        assert (
            r.json()["code"] == "invalid_credentials" and r.json()["detail"] == "用户名或密码错误"
        )


async def test_repeated_failures_lock_the_account_even_for_the_right_password(gateway):
    headers = await admin_headers(gateway)
    await make_user(gateway, "bob")
    for _ in range(5):
        r = await gateway.post("/auth/login", json={"username": "bob", "password": "wrong-pass1"})
        assert r.status_code == 401
    r = await gateway.post("/auth/login", json={"username": "bob", "password": PASSWORD})
    assert r.status_code == 423
    assert r.json()["code"] == "account_locked" and "锁定" in r.json()["detail"]
    assert int(r.headers["retry-after"]) > 0
    audit = (
        await gateway.get("/admin/audit", params={"target_type": "user"}, headers=headers)
    ).json()
    assert "login.locked" in [e["action"] for e in audit["items"]]


async def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_family(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "carol")
    first = await login(gateway, "carol")
    second = (
        await gateway.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    assert second["refresh_token"] != first["refresh_token"]
    # The old one again: treated as stolen, and the newer one dies with it.
    reuse = await gateway.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401 and reuse.json()["code"] == "refresh_invalid"
    after = await gateway.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert after.status_code == 401


async def test_logout_revokes_the_refresh_token(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "dave")
    pair = await login(gateway, "dave")
    assert (
        await gateway.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})
    ).status_code == 204
    r = await gateway.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 401


async def test_expired_forged_and_foreign_tokens_are_refused(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "erin")
    keyring = app_of(gateway).state.keyring
    expired = keyring.sign({"sub": "x", "kind": "staff", "roles": []}, ttl=-60)
    r = await gateway.get("/auth/me", headers=bearer(expired))
    assert r.status_code == 401 and r.json()["code"] == "token_expired"

    def b64(d: dict) -> str:  # type: ignore[type-arg]
        return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

    header = b64({"alg": "none", "kid": keyring._signing_kid})
    none_alg = f"{header}.{b64({'sub': 'x', 'exp': time.time() + 60})}."
    foreign = TokenFactory()
    foreign.kid = keyring._signing_kid
    for token in (none_alg, foreign.issue("x")):
        r = await gateway.get("/auth/me", headers=bearer(token))
        assert r.status_code == 401 and r.json()["code"] == "token_invalid"


async def test_rotated_key_signs_new_tokens_while_old_ones_still_verify(gateway):
    headers = await admin_headers(gateway)
    old_token = headers["Authorization"].split()[1]
    new_kid = (await gateway.post("/admin/signing-keys/rotate", headers=headers)).json()["kid"]
    kids = [k["kid"] for k in (await gateway.get("/.well-known/jwks.json")).json()["keys"]]
    assert new_kid in kids and len(kids) == 2
    fresh = (await login(gateway, "admin"))["access_token"]
    import jwt

    assert jwt.get_unverified_header(fresh)["kid"] == new_kid
    assert (await gateway.get("/auth/me", headers=bearer(old_token))).status_code == 200
    assert (await gateway.get("/auth/me", headers=bearer(fresh))).status_code == 200


async def test_citizen_registers_and_logs_in(gateway):
    r = await gateway.post(
        "/auth/register/citizen",
        json={"username": "zhang_san", "display_name": "张三", "password": "abc12345"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["grants"] == [{"role": "citizen", "scope": "*"}]
    pair = await login(gateway, "zhang_san", "abc12345")
    me = (await gateway.get("/auth/me", headers=bearer(pair["access_token"]))).json()
    assert me["kind"] == "citizen"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "ab", "display_name": "x", "password": "abc12345"}, "username"),
        ({"username": "weakpw", "display_name": "x", "password": "abcdefgh"}, "password"),
        ({"username": "shortpw", "display_name": "x", "password": "a1"}, "password"),
        ({"username": "nodisplay", "password": "abc12345"}, "display_name"),
    ],
)
async def test_bad_registration_is_422_naming_the_field(gateway, body, field):
    r = await gateway.post("/auth/register/citizen", json=body)
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]]


async def test_duplicate_username_is_409_and_nothing_changes(gateway):
    body = {"username": "li_si", "display_name": "李四", "password": "abc12345"}
    assert (await gateway.post("/auth/register/citizen", json=body)).status_code == 201
    r = await gateway.post("/auth/register/citizen", json={**body, "display_name": "别人"})
    assert r.status_code == 409 and r.json()["code"] == "username_taken"
    pair = await login(gateway, "li_si", "abc12345")
    me = (await gateway.get("/auth/me", headers=bearer(pair["access_token"]))).json()
    assert me["display_name"] == "李四"


@pytest.mark.parametrize("code", ["91350100M000100Y44", "123", "91350100M000100Y4O"])
async def test_enterprise_with_a_malformed_credit_code_is_refused(gateway, code):
    r = await gateway.post(
        "/auth/register/enterprise",
        json={
            "username": "acme",
            "display_name": "某公司",
            "password": "abc12345",
            "credit_code": code,
        },
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["credit_code"]


async def test_enterprise_with_a_valid_credit_code_registers(gateway):
    r = await gateway.post(
        "/auth/register/enterprise",
        json={
            "username": "acme",
            "display_name": "某科技有限公司",
            "password": "abc12345",
            "credit_code": "91350100m000100y43",
        },
    )
    assert r.status_code == 201
    assert r.json()["credit_code"] == "91350100M000100Y43"
    assert r.json()["grants"] == [{"role": "enterprise", "scope": "*"}]


async def test_password_change_needs_the_old_password(gateway):
    await admin_headers(gateway)
    await make_org(gateway, "dist1", parent="city")
    await make_user(gateway, "frank", org="dist1")
    token = (await login(gateway, "frank"))["access_token"]
    r = await gateway.post(
        "/auth/password",
        json={"old_password": "wrong1234", "new_password": "newpass123"},
        headers=bearer(token),
    )
    assert r.status_code == 422 and r.json()["code"] == "wrong_password"
    r = await gateway.post(
        "/auth/password",
        json={"old_password": PASSWORD, "new_password": "newpass123"},
        headers=bearer(token),
    )
    assert r.status_code == 204
    await login(gateway, "frank", "newpass123")


async def test_login_attempts_from_one_address_are_rate_limited(service_app, echo_url):
    from gateway.app import create_app
    from gateway.settings import Settings

    # One token a minute: a slow (loaded) machine must not refill the bucket mid-test.
    async with service_app(
        create_app,
        Settings,
        "gateway",
        MIGRATIONS,
        trust_test_tokens=False,
        ratelimit_login_per_minute=1,
    ) as client:
        codes = [
            (await client.post("/auth/login", json={"username": "x", "password": "y"})).status_code
            for _ in range(6)
        ]
        assert codes[:5] == [401] * 5
        assert codes[5] == 429
        r = await client.post("/auth/login", json={"username": "x", "password": "y"})
        assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1


async def test_edge_verification_caches_only_valid_tokens(gateway):
    headers = await admin_headers(gateway)
    keyring = app_of(gateway).state.keyring
    token = headers["Authorization"].split()[1]
    assert keyring.verify(token)["sub"] == keyring.verify(token)["sub"]
    assert token in keyring._verified
    assert keyring.verify(token[:-4] + "AAAA") is None
    assert token[:-4] + "AAAA" not in keyring._verified
    expired = keyring.sign({"sub": "x"}, ttl=-5)
    assert keyring.verify(expired) is None
