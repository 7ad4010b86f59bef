"""Tokens: only well-signed, current, platform-issued ones are accepted."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest
from fastapi import FastAPI
from kit_app import create_kit_app

from govkit.auth import JwksVerifier, http_jwks_provider
from govkit.settings import ServiceSettings
from govkit.testing import TokenFactory, app_client, serve_app


@pytest.fixture
async def client(database_url, nats_url, tokens) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    settings = ServiceSettings(database_url=database_url, nats_url=nats_url, service_name="kit")
    async with app_client(create_kit_app(settings, verifier=tokens.verifier())) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def b64(data: dict) -> str:  # type: ignore[type-arg]
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_valid_token_yields_the_identity(client, tokens):
    token = tokens.issue("u42", roles=[{"role": "site_editor", "scope": "site:portal"}])
    me = (await client.get("/me", headers=bearer(token))).json()
    assert me["subject"] == "u42"
    assert me["roles"] == [{"role": "site_editor", "scope": "site:portal"}]


async def test_missing_token_is_401_with_www_authenticate(client):
    r = await client.get("/me")
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    assert r.headers["www-authenticate"] == "Bearer"


async def test_expired_token_is_401_token_expired(client, tokens):
    r = await client.get("/me", headers=bearer(tokens.issue(expires_in=-120)))
    assert r.status_code == 401 and r.json()["code"] == "token_expired"


async def test_alg_none_token_is_refused(client, tokens):
    header = {"alg": "none", "typ": "JWT", "kid": tokens.kid}
    claims = {"sub": "evil", "iss": tokens.issuer, "aud": tokens.audience, "exp": time.time() + 600}
    forged = f"{b64(header)}.{b64(claims)}."
    r = await client.get("/me", headers=bearer(forged))
    assert r.status_code == 401 and r.json()["code"] == "token_invalid"


async def test_tampered_claims_fail_the_signature(client, tokens):
    head, _, sig = tokens.issue("citizen").split(".")
    claims = {
        "sub": "admin",
        "iss": tokens.issuer,
        "aud": tokens.audience,
        "iat": int(time.time()),
        "exp": int(time.time()) + 600,
        "roles": [{"role": "platform_admin", "scope": "*"}],
    }
    r = await client.get("/admin-only", headers=bearer(f"{head}.{b64(claims)}.{sig}"))
    assert r.status_code == 401 and r.json()["code"] == "token_invalid"


async def test_token_signed_by_another_key_with_the_same_kid_is_refused(client, tokens):
    impostor = TokenFactory()
    impostor.kid = tokens.kid
    r = await client.get("/me", headers=bearer(impostor.issue()))
    assert r.status_code == 401


async def test_hmac_token_using_the_public_key_as_secret_is_refused(client, tokens):
    token = jwt.encode(
        {
            "sub": "x",
            "iss": tokens.issuer,
            "aud": tokens.audience,
            "iat": int(time.time()),
            "exp": int(time.time()) + 600,
        },
        "a-shared-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
        headers={"kid": tokens.kid},
    )
    assert (await client.get("/me", headers=bearer(token))).status_code == 401


async def test_wrong_audience_or_issuer_is_refused(client, tokens):
    other_aud = TokenFactory(audience="someone-else")
    other_aud.private_key, other_aud.kid = tokens.private_key, tokens.kid
    assert (await client.get("/me", headers=bearer(other_aud.issue()))).status_code == 401
    other_iss = TokenFactory(issuer="evil-issuer")
    other_iss.private_key, other_iss.kid = tokens.private_key, tokens.kid
    assert (await client.get("/me", headers=bearer(other_iss.issue()))).status_code == 401


@pytest.mark.parametrize("value", ["Basic abc", "Bearer", "Bearer not.a.jwt", "token"])
async def test_malformed_authorization_header_is_401(client, value):
    r = await client.get("/me", headers={"Authorization": value})
    assert r.status_code == 401


async def test_role_and_scope_checks_are_403(client, tokens):
    citizen = tokens.issue("c1", kind="citizen")
    r = await client.get("/admin-only", headers=bearer(citizen))
    assert r.status_code == 403 and r.json()["code"] == "role_missing"
    r = await client.get("/partner", headers=bearer(citizen))
    assert r.status_code == 403 and r.json()["code"] == "scope_missing"
    partner = tokens.issue("p1", kind="partner", scope="tickets:write tickets:read")
    assert (await client.get("/partner", headers=bearer(partner))).status_code == 200
    assert (await client.get("/admin-only", headers=bearer(tokens.admin()))).status_code == 200


async def test_a_partner_acts_only_on_routes_that_name_its_scopes(client, tokens):
    full = bearer(tokens.issue("apikey:1", kind="partner", scope="tickets:write tickets:read"))
    r = await client.get("/me", headers=full)  # names no scope: not a partner route
    assert r.status_code == 403 and r.json()["code"] == "scope_missing"
    assert "接口密钥" in r.json()["detail"]
    other = bearer(tokens.issue("apikey:2", kind="partner", scope="search:read"))
    r = await client.get("/partner", headers=other)
    assert r.status_code == 403 and r.json()["code"] == "scope_missing"
    assert r.json()["required_scopes"] == ["tickets:write"]
    assert (await client.get("/me", headers=bearer(tokens.issue("s1")))).status_code == 200


async def test_a_partner_on_a_public_route_is_anonymous(client, tokens):
    partner = bearer(tokens.issue("apikey:1", kind="partner", scope="tickets:write"))
    assert (await client.get("/maybe-me", headers=partner)).json() == {"subject": None}
    staff = bearer(tokens.issue("s1"))
    assert (await client.get("/maybe-me", headers=staff)).json() == {"subject": "s1"}


def jwks_server(keys: dict) -> FastAPI:  # type: ignore[type-arg]
    app = FastAPI()
    app.state.hits = 0

    @app.get("/.well-known/jwks.json")
    async def jwks() -> dict:  # type: ignore[type-arg]
        app.state.hits += 1
        return keys

    return app


async def test_jwks_is_fetched_over_http_and_a_rotated_key_is_picked_up():
    old, new = TokenFactory(), TokenFactory()
    published = {"keys": list(old.jwks()["keys"])}
    app = jwks_server(published)
    with serve_app(app) as url:
        verifier = JwksVerifier(
            http_jwks_provider(f"{url}/.well-known/jwks.json"),
            issuer=old.issuer,
            audience=old.audience,
            refetch_interval=0,
        )
        assert (await verifier.verify(old.issue("a")))["sub"] == "a"
        assert (await verifier.verify(old.issue("b")))["sub"] == "b"
        assert app.state.hits == 1  # cached
        published["keys"].extend(new.jwks()["keys"])  # rotation: new kid appears
        assert (await verifier.verify(new.issue("c")))["sub"] == "c"
        assert app.state.hits == 2


async def test_jwks_unreachable_is_503_not_500(tokens):
    from govkit.errors import ServiceUnavailable
    from govkit.servers import free_port

    verifier = JwksVerifier(
        http_jwks_provider(f"http://127.0.0.1:{free_port()}/jwks.json"),
        issuer=tokens.issuer,
        audience=tokens.audience,
    )
    with pytest.raises(ServiceUnavailable):
        await verifier.verify(tokens.issue())


async def test_a_verified_token_is_remembered_only_until_it_expires(tokens):
    from govkit.errors import Unauthorized

    async def provide() -> dict:  # type: ignore[type-arg]
        return tokens.jwks()

    verifier = JwksVerifier(
        provide, issuer=tokens.issuer, audience=tokens.audience, leeway_seconds=0
    )
    token = tokens.issue("u1", expires_in=3)  # whole seconds: 2–3 s from now
    assert (await verifier.verify(token))["sub"] == "u1"
    (await verifier.verify(token))["sub"] = "someone-else"  # callers get their own copy
    assert (await verifier.verify(token))["sub"] == "u1"
    await asyncio.sleep(3.1)
    with pytest.raises(Unauthorized) as refused:
        await verifier.verify(token)
    assert refused.value.code == "token_expired"


async def test_a_withdrawn_key_takes_its_remembered_tokens_with_it(tokens):
    from govkit.errors import Unauthorized

    published = tokens.jwks()

    async def provide() -> dict:  # type: ignore[type-arg]
        return published

    verifier = JwksVerifier(
        provide, issuer=tokens.issuer, audience=tokens.audience, refetch_interval=0
    )
    token = tokens.issue("u1")
    assert (await verifier.verify(token))["sub"] == "u1"
    published = {"keys": []}
    verifier.cache_seconds = 0  # the next request re-reads the key set
    with pytest.raises(Unauthorized):
        await verifier.verify(token)
