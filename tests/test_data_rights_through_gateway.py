"""Data rights end to end (个人信息保护法 第45–47条): the real gateway in process, the four
services served by uvicorn over real HTTP (each trusting only the gateway's keys), the events
over the real NATS. A citizen leaves data in every service, sees it all in one export, erases
the account, and afterwards nothing of them is left in any service's database: every text-like
column of every table is searched (from information_schema, so a new table is covered)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from gateway_support import MIGRATIONS as GATEWAY_MIGRATIONS
from gateway_support import admin_headers, app_of, bearer, login, make_user

from content.app import create_app as create_content
from content.settings import Settings as ContentSettings
from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from govkit.auth import JwksVerifier
from govkit.servers import free_port
from govkit.testing import eventually, serve_app
from policy.app import create_app as create_policy
from policy.settings import Settings as PolicySettings
from search.app import create_app as create_search
from search.settings import Settings as SearchSettings
from tickets.app import create_app as create_tickets
from tickets.settings import Settings as TicketsSettings

ROOT = Path(__file__).resolve().parents[1]
SERVICES = {
    "content": (create_content, ContentSettings, ROOT / "svc-content" / "migrations"),
    "tickets": (create_tickets, TicketsSettings, ROOT / "svc-tickets" / "migrations"),
    "policy": (create_policy, PolicySettings, ROOT / "svc-policy" / "migrations"),
    "search": (create_search, SearchSettings, ROOT / "svc-search" / "migrations"),
}
NAME, PHONE, USERNAME, PASSWORD = "王建国", "13912345678", "wangjianguo", "Passw0rd-citizen"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NOW = datetime.now(UTC)
WINDOW = {
    "opens_at": (NOW - timedelta(days=1)).isoformat(),
    "closes_at": (NOW + timedelta(days=7)).isoformat(),
}


@dataclass
class Platform:
    gateway: httpx.AsyncClient
    databases: dict[str, str]  # service → its database URL


@pytest.fixture
async def platform(service_app, fresh_database, nats_url) -> AsyncIterator[Platform]:  # type: ignore[no-untyped-def]
    ports = {name: free_port() for name in SERVICES}
    async with service_app(
        create_gateway,
        GatewaySettings,
        "gateway",
        GATEWAY_MIGRATIONS,
        trust_test_tokens=False,
        ratelimit_anonymous_burst=10_000,
        ratelimit_anonymous_read_burst=10_000,
        ratelimit_login_burst=10_000,
        **{f"{name}_url": f"http://127.0.0.1:{port}" for name, port in ports.items()},
    ) as client:
        state = app_of(client).state

        async def gateway_keys() -> dict[str, Any]:
            return state.keyring.jwks()  # type: ignore[no-any-return]

        databases = {"gateway": state.settings.database_url}
        with contextlib.ExitStack() as stack:
            for name, (create, settings_cls, migrations) in SERVICES.items():
                databases[name] = await fresh_database(name, migrations)
                app = create(
                    settings_cls(database_url=databases[name], nats_url=nats_url),
                    verifier=JwksVerifier(
                        gateway_keys,
                        issuer=state.settings.jwt_issuer,
                        audience=state.settings.jwt_audience,
                    ),
                )
                stack.enter_context(serve_app(app, ports[name]))
            yield Platform(client, databases)


async def ok(r: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


async def staff(gw: httpx.AsyncClient) -> dict[str, dict[str, str]]:
    admin = await admin_headers(gw)
    await make_user(gw, "portal_editor", grants=[("site_editor", "site:portal")])
    await make_user(gw, "portal_reviewer", grants=[("site_reviewer", "site:portal")])
    return {
        "admin": admin,
        "editor": bearer((await login(gw, "portal_editor"))["access_token"]),
        "reviewer": bearer((await login(gw, "portal_reviewer"))["access_token"]),
    }


async def live_item(gw: httpx.AsyncClient, who: dict[str, dict[str, str]], **fields: Any) -> str:
    body = {
        "column_code": "news",
        "title": "征求意见",
        "body_html": "<p>正文</p>",
        "tag_codes": ["government.genre.tongzhi", "person.subject.zhufang"],
        "topic": "09",
        **fields,
    }
    item = await ok(
        await gw.post(
            "/api/content/editorial/sites/portal/items", json=body, headers=who["editor"]
        ),
        201,
    )
    if item["kind"] == "survey":
        questions = [{"kind": "single", "title": "是否满意？", "options": ["满意", "不满意"]}]
        await ok(
            await gw.put(
                f"/api/content/editorial/surveys/{item['id']}/questions",
                json={"questions": questions},
                headers=who["editor"],
            )
        )
    for action in ("submit", "approve", "publish"):
        actor = who["reviewer"] if action == "approve" else who["editor"]
        await ok(
            await gw.post(
                f"/api/content/editorial/items/{item['id']}/{action}", json={}, headers=actor
            )
        )
    return str(item["id"])


async def leave_traces(gw: httpx.AsyncClient, citizen: dict[str, str]) -> None:
    """A comment, an answer set and follows in content; a ticket with a photo in tickets; a
    life event in policy: each naming the citizen where a person would."""
    who = await staff(gw)
    await ok(
        await gw.put(
            "/api/content/sites", json={"code": "portal", "name": "门户"}, headers=who["admin"]
        )
    )
    await ok(
        await gw.put(
            "/api/content/sites/portal/columns",
            json={"code": "news", "name": "新闻动态", "update_period_days": 7},
            headers=who["editor"],
        )
    )
    solicitation = await live_item(gw, who, kind="solicitation", fields=WINDOW)
    body = {"body": f"我是{NAME}，建议扩大保障范围，电话 {PHONE}"}
    await ok(
        await gw.post(
            f"/api/content/solicitations/{solicitation}/comments", json=body, headers=citizen
        ),
        201,
    )
    survey = await live_item(gw, who, kind="survey", title="满意度调查", fields=WINDOW)
    questions = await ok(await gw.get(f"/api/content/surveys/{survey}/questions"))
    answers = {"answers": [{"question_id": questions[0]["id"], "options": ["1"]}]}
    await ok(
        await gw.post(f"/api/content/surveys/{survey}/responses", json=answers, headers=citizen),
        201,
    )
    follows = {
        "tags": ["person.subject.zhufang"],
        "columns": [{"site_code": "portal", "column_code": "news"}],
    }
    await ok(await gw.put("/api/content/subscriptions/me", json=follows, headers=citizen))

    ticket = await ok(
        await gw.post(
            "/api/tickets/tickets",
            json={
                "channel": "web",
                "kind": "complaint",
                "title": f"{NAME}反映路灯不亮",
                "content": f"本人{NAME}，家住幸福小区3号楼，电话{PHONE}，楼下路灯一周不亮。",
                "citizen_phone": PHONE,
                "location": {
                    "latitude": 37.870213,
                    "longitude": 112.548911,
                    "address": "幸福小区3号楼",
                },
            },
            headers={**citizen, "Idempotency-Key": "data-rights-0001"},
        ),
        201,
    )
    await ok(
        await gw.post(
            f"/api/tickets/tickets/{ticket['id']}/photos",
            files={"file": ("a.png", PNG, "image/png")},
            headers=citizen,
        ),
        201,
    )
    event = {"event_type": "newborn", "occurred_on": NOW.date().isoformat()}
    await ok(await gw.post("/api/policy/life-events", json=event, headers=citizen), 201)


async def traces(url: str, needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) wherever a needle appears in a text-like column, any table."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        columns = await conn.fetch(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public'
                 AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb',
                                   'ARRAY', 'uuid')"""
        )
        found = []
        for table, column in columns:
            for needle in needles:
                hit = await conn.fetchval(
                    f'SELECT EXISTS (SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE $1)',
                    f"%{needle}%",
                )
                if hit:
                    found.append((table, column, needle))
        return found
    finally:
        await conn.close()


async def test_an_erased_citizen_leaves_nothing_in_any_service(platform):
    gw = platform.gateway
    registered = await ok(
        await gw.post(
            "/auth/register/citizen",
            json={"username": USERNAME, "display_name": NAME, "password": PASSWORD},
        ),
        201,
    )
    uid = registered["id"]
    citizen = bearer((await login(gw, USERNAME, PASSWORD))["access_token"])
    await leave_traces(gw, citizen)
    needles = [NAME, PHONE, uid]
    for name in ("content", "tickets", "policy"):
        assert await traces(platform.databases[name], needles), name  # the search sees them

    export = await ok(await gw.get("/auth/me/export", headers=citizen))
    sections = {
        (service, s["key"]): s["items"]
        for service, data in export["services"].items()
        for s in data["sections"]
    }
    assert export["account"]["display_name"] == NAME
    assert [t["citizen_phone"] for t in sections["tickets", "tickets"]] == [PHONE]
    assert sections["tickets", "tickets"][0]["photos"] == 1
    assert NAME in sections["content", "comments"][0]["body"]
    assert len(sections["content", "survey_responses"]) == 1
    assert (
        len(sections["content", "tag_follows"]) == len(sections["content", "column_follows"]) == 1
    )
    assert [e["event_type"] for e in sections["policy", "life_events"]] == ["newborn"]
    assert export["services"]["search"]["sections"] == []

    erasure = await ok(
        await gw.post("/auth/me/erasure", json={"password": PASSWORD}, headers=citizen), 202
    )
    assert not erasure["complete"] and sorted(erasure["pending"]) == sorted(SERVICES)

    async def complete() -> bool:
        return bool((await ok(await gw.get(erasure["status_url"])))["complete"])

    await eventually(complete, timeout=30, interval=0.2)
    done = await ok(await gw.get(erasure["status_url"]))
    removed = {c["service"]: c["removed"] for c in done["confirmed"]}
    assert removed["tickets"] == {"tickets_anonymised": 1, "photos_deleted": 1}
    assert removed["content"]["comments_detached"] == 1

    for name in SERVICES:
        assert await traces(platform.databases[name], needles) == [], name
    # The gateway keeps the erased account's id (its audit trail), nothing else of them.
    assert await traces(platform.databases["gateway"], [NAME, PHONE, USERNAME]) == []

    # The ticket stays for the statistics, without its caller.
    admin = await admin_headers(gw)
    listed = await ok(await gw.get("/api/tickets/tickets", headers=admin))
    [kept] = listed["items"]
    assert kept["kind"] == "complaint" and "路灯" in kept["content"]

    # The old access token is refused everywhere at once, and the login is gone.
    for path in ("/auth/me", "/api/tickets/tickets", "/api/content/subscriptions/me"):
        r = await gw.get(path, headers=citizen)
        assert r.status_code == 401 and r.json()["code"] == "token_revoked", (path, r.text)
    r = await gw.post("/auth/login", json={"username": USERNAME, "password": PASSWORD})
    assert r.status_code == 401
    audit = await ok(await gw.get(f"/admin/audit?target_id={uid}", headers=admin))
    actions = [e["action"] for e in audit["items"]]
    assert "user.erasure_requested" in actions and "user.erased" in actions
    assert actions.count("user.erasure_confirmed") == len(SERVICES)
