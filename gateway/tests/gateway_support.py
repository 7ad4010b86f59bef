"""Builders for gateway tests: orgs and users made through the service layer, tokens through
the real login endpoint."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI

from gateway.orgs.models import OrgKind
from gateway.orgs.schemas import OrgIn
from gateway.orgs.service import create_org
from gateway.users.models import Role, UserKind
from gateway.users.schemas import GrantIn, UserIn
from gateway.users.service import create_user

PASSWORD = "Passw0rd-demo"
MIGRATIONS = Path(__file__).parents[1] / "migrations"


def app_of(client: httpx.AsyncClient) -> FastAPI:
    return client._transport.app  # type: ignore[attr-defined,no-any-return]


async def make_org(
    client: httpx.AsyncClient,
    code: str,
    parent: str | None = None,
    kind: OrgKind = OrgKind.DISTRICT,
) -> None:
    async with app_of(client).state.db.transaction() as session:
        await create_org(
            session,
            OrgIn(code=code, name=f"{code}机构", kind=kind, parent_code=parent),
            actor="test",
        )


async def make_user(
    client: httpx.AsyncClient,
    username: str,
    *,
    grants: list[tuple[str, str]] = (),  # type: ignore[assignment]
    kind: UserKind = UserKind.STAFF,
    org: str | None = "city",
    password: str = PASSWORD,
) -> None:
    async with app_of(client).state.db.transaction() as session:
        await create_user(
            session,
            UserIn(
                username=username,
                display_name=username,
                kind=kind,
                password=password,
                org_code=org if kind == UserKind.STAFF else None,
                grants=[GrantIn(role=Role(r), scope=s) for r, s in grants],
            ),
            actor="test",
        )


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict:  # type: ignore[type-arg]
    r = await client.post("/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return r.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """A platform admin (made once per test database) and its bearer header."""
    state = app_of(client).state
    if not getattr(state, "_test_admin", False):
        await make_org(client, "city", kind=OrgKind.CITY)
        await make_user(client, "admin", grants=[("platform_admin", "*")])
        state._test_admin = True
    return bearer((await login(client, "admin"))["access_token"])
