"""The gateway's own routes × every persona. Unlike the services' matrices, every persona here
is a real account (or a real API key exchanged at /auth/token) and signs in for real. The
proxied mounts are classified as the services' business: each service's own matrix holds
its routes, and services verify the token themselves."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from gateway_support import PASSWORD, admin_headers, app_of, bearer, login, make_org

from gateway.app import create_app
from gateway.orgs.models import OrgKind
from gateway.settings import Settings
from gateway.users.models import Role, UserKind
from gateway.users.schemas import GrantIn, UserIn
from gateway.users.service import create_user
from govkit.testing.authz import (
    ADMIN,
    ALL_SCOPES,
    EVERYONE,
    PERSONAS,
    PUBLIC,
    SERVICE_BASICS,
    SIGNED_IN,
    World,
    allow,
    coverage_problems,
    run_matrix,
)

WORLD = World()
PEOPLE = {"citizen", "citizen_other", "enterprise", "enterprise_other"}
GRANTS: dict[str, tuple[UserKind, list[tuple[str, str]]]] = {
    "citizen": (UserKind.CITIZEN, [("citizen", "*")]),
    "citizen_other": (UserKind.CITIZEN, [("citizen", "*")]),
    "enterprise": (UserKind.ENTERPRISE, [("enterprise", "*")]),
    "enterprise_other": (UserKind.ENTERPRISE, [("enterprise", "*")]),
    "site_editor": (UserKind.STAFF, [("site_editor", f"site:{WORLD.site}")]),
    "site_editor_other": (UserKind.STAFF, [("site_editor", f"site:{WORLD.other_site}")]),
    "site_reviewer": (UserKind.STAFF, [("site_reviewer", f"site:{WORLD.site}")]),
    "site_reviewer_other": (UserKind.STAFF, [("site_reviewer", f"site:{WORLD.other_site}")]),
    "unit_handler": (UserKind.STAFF, [("unit_handler", f"org:{WORLD.unit}")]),
    "unit_handler_other": (UserKind.STAFF, [("unit_handler", f"org:{WORLD.other_unit}")]),
    "dispatcher": (UserKind.STAFF, [("dispatcher", "*")]),
    "supervisor": (UserKind.STAFF, [("unit_supervisor", "*")]),
    "policy_officer": (UserKind.STAFF, [("policy_officer", "*")]),
    "platform_admin": (UserKind.STAFF, [("platform_admin", "*")]),
}
CREDIT_CODES = {"enterprise": WORLD.credit_code, "enterprise_other": WORLD.other_credit_code}
WRONG = {"refusals": {"wrong_password"}}  # the persona is allowed; the password is not theirs
# The export asks every service; in this test they are a stand-in upstream and a dead port.
NO_UPSTREAMS = {"refusals": {"export_incomplete", "upstream_unavailable"}}

TABLE: dict[str, Any] = {
    **SERVICE_BASICS,
    "GET /gateway/services": PUBLIC,
    "* /api": allow(EVERYONE, missing=True),  # each service's matrix covers its routes
    "* /open311/v2": allow(EVERYONE, missing=True),
    # -- signing in ---------------------------------------------------------------------------
    "POST /auth/login": allow(EVERYONE, json={"username": "matrix_login", "password": PASSWORD}),
    # One refresh token for everyone: the first use rotates it, later ones are refused.
    "POST /auth/refresh": allow(
        EVERYONE,
        json=lambda ids: {"refresh_token": ids["refresh_token"]},
        refusals={"refresh_invalid"},
    ),
    "POST /auth/logout": allow(EVERYONE, json=lambda ids: {"refresh_token": ids["logout_token"]}),
    "POST /auth/token": allow(EVERYONE, headers=lambda ids: {"X-API-Key": ids["spare_key"]}),
    "GET /.well-known/jwks.json": PUBLIC,
    "POST /auth/register/citizen": allow(
        EVERYONE,
        json={"username": "new_citizen", "display_name": "王五", "password": PASSWORD},
        refusals={"username_taken"},
    ),
    "POST /auth/register/enterprise": allow(
        EVERYONE,
        json={
            "username": "new_enterprise",
            "display_name": "新企业",
            "password": PASSWORD,
            "credit_code": "91110000600037341L",
        },
        refusals={"username_taken", "credit_code_taken"},
    ),
    # -- one's own account --------------------------------------------------------------------
    "GET /auth/me": allow(SIGNED_IN),
    "PATCH /auth/me": allow(SIGNED_IN, json={"display_name": "新名字"}),
    "POST /auth/password": allow(
        SIGNED_IN, json={"old_password": "not-my-password", "new_password": "N3w-passw0rd"}, **WRONG
    ),
    "GET /auth/me/export": allow(SIGNED_IN, **NO_UPSTREAMS),
    "GET /auth/me/export.html": allow(SIGNED_IN, **NO_UPSTREAMS),
    # Citizens and enterprises erase their own accounts; staff accounts are the admin's.
    "POST /auth/me/erasure": allow(PEOPLE, json={"password": "not-my-password"}, **WRONG),
    "GET /auth/erasures/{erasure_id}": allow(EVERYONE, missing=True),
    # -- the platform admin's -----------------------------------------------------------------
    "GET /admin/users": allow(ADMIN),
    "POST /admin/users": allow(
        ADMIN,
        json={"username": "made_by_admin", "display_name": "新同事", "password": PASSWORD},
        refusals={"username_taken"},
    ),
    "GET /admin/users/{user_id}": allow(ADMIN),
    "PATCH /admin/users/{user_id}": allow(ADMIN, json={"display_name": "张三"}),
    "GET /orgs": PUBLIC,
    "GET /orgs/{code}": PUBLIC,
    "GET /orgs/{code}/subtree": PUBLIC,
    "GET /orgs/{code}/ancestors": PUBLIC,
    "POST /admin/orgs": allow(
        ADMIN, json={"code": "xc-09", "name": "新街道", "kind": "street", "parent_code": "xc"}
    ),
    "PATCH /admin/orgs/{code}": allow(ADMIN, json={"name": "东街街道"}),
    "DELETE /admin/orgs/{code}": allow(ADMIN, path={"code": "matrix-tmp"}, missing=True),
    "POST /admin/api-keys": allow(
        ADMIN, json={"name": "新合作方", "org_code": "city", "scopes": ["tickets:write"]}
    ),
    "GET /admin/api-keys": allow(ADMIN),
    "DELETE /admin/api-keys/{key_id}": allow(ADMIN),
    "GET /admin/audit": allow(ADMIN),
    **{
        f"GET /admin/stats/{name}": allow(ADMIN)
        for name in ("visits", "top-pages", "top-sources", "errors", "latency")
    },
    # Last: every token signed so far must still verify after it.
    "POST /admin/signing-keys/rotate": allow(ADMIN),
}


async def accounts(client: httpx.AsyncClient) -> dict[str, str]:
    """A real account per persona (password PASSWORD); their ids by persona."""
    ids = {}
    async with app_of(client).state.db.transaction() as session:
        for persona, (kind, grants) in GRANTS.items():
            user = await create_user(
                session,
                UserIn(
                    username=persona,
                    display_name=persona,
                    kind=kind,
                    password=PASSWORD,
                    org_code="city" if kind == UserKind.STAFF else None,
                    credit_code=CREDIT_CODES.get(persona),
                    grants=[GrantIn(role=Role(r), scope=s) for r, s in grants],
                ),
                actor="test",
            )
            ids[persona] = str(user.id)
        await create_user(
            session,
            UserIn(
                username="matrix_login", display_name="登录", password=PASSWORD, org_code="city"
            ),
            actor="test",
        )
    return ids


async def api_key(client: httpx.AsyncClient, admin: dict[str, str], scopes: str) -> dict[str, Any]:
    body = {"name": "矩阵合作方", "org_code": "city", "scopes": scopes.split()}
    r = await client.post("/admin/api-keys", json=body, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def world(client: httpx.AsyncClient) -> tuple[dict[str, dict[str, str]], dict[str, Any]]:
    admin = await admin_headers(client)
    for code, parent in (("xc", "city"), (WORLD.unit, "xc"), (WORLD.other_unit, "city")):
        await make_org(client, code, parent=parent)
    await make_org(client, "matrix-tmp", parent="city", kind=OrgKind.STREET)
    user_ids = await accounts(client)
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for persona in GRANTS:
        headers[persona] = bearer((await login(client, persona))["access_token"])
    for persona, scopes in (
        ("partner", ALL_SCOPES),
        ("partner_unscoped", WORLD.unscoped_partner_scopes),
    ):
        key = await api_key(client, admin, scopes)
        token = await client.post("/auth/token", headers={"X-API-Key": key["key"]})
        assert token.status_code == 200, token.text
        headers[persona] = bearer(token.json()["access_token"])
    assert set(headers) == set(PERSONAS)
    spare = await api_key(client, admin, "tickets:write")
    return headers, {
        "user_id": user_ids["citizen"],
        "code": WORLD.unit,
        "key_id": spare["id"],
        "spare_key": spare["key"],
        "refresh_token": (await login(client, "matrix_login"))["refresh_token"],
        "logout_token": (await login(client, "matrix_login"))["refresh_token"],
        "erasure_id": str(uuid.uuid4()),
        "dead_letter_id": 999_999,
    }


def test_every_gateway_route_has_an_expectation() -> None:
    assert coverage_problems(create_app(Settings()), TABLE) == []


async def test_no_persona_acts_outside_its_scope_at_the_gateway(gateway):
    headers, ids = await world(gateway)
    failures, sent = await run_matrix(gateway, TABLE, headers, ids)
    assert not failures, f"{len(failures)} of {sent} cells:\n" + "\n".join(failures)
