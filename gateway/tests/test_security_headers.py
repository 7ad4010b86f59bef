"""The headers browsers rely on, on every kind of answer the edge gives; token answers are never
cached (issue 14, part 4)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from gateway_support import PASSWORD, admin_headers, app_of, make_user

from gateway.edge.headers import API_CSP, HSTS, SecurityHeadersMiddleware

BROWSER_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def assert_protected(r: httpx.Response, csp: bytes = API_CSP) -> None:
    for name, value in BROWSER_HEADERS.items():
        assert r.headers.get_list(name) == [value], name
    assert r.headers.get_list("content-security-policy") == [csp.decode()]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "strict-transport-security" not in r.headers  # plain HTTP


async def test_a_proxied_answer_carries_the_browser_headers(gateway):
    r = await gateway.get("/api/content/x")
    assert r.status_code == 200 and r.headers["x-upstream"] == "echo"
    assert_protected(r)


async def test_a_gateway_json_answer_carries_the_browser_headers(gateway):
    r = await gateway.get("/.well-known/jwks.json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert_protected(r)


async def test_a_404_carries_the_browser_headers(gateway):
    r = await gateway.get("/no/such/page")
    assert r.status_code == 404
    assert_protected(r)


async def test_a_401_problem_carries_the_browser_headers(gateway):
    r = await gateway.get("/auth/me")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert_protected(r)


async def test_an_upstream_down_502_carries_the_browser_headers(gateway):
    r = await gateway.get("/api/policy/reward-types")
    assert r.status_code == 502
    assert_protected(r)


async def test_a_500_carries_the_browser_headers_and_the_request_id(gateway):
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    app_of(gateway).add_api_route("/test/boom", boom)
    r = await gateway.get("/test/boom", headers={"X-Request-ID": "req-boom-1"})
    assert r.status_code == 500 and r.json()["code"] == "internal_error"
    assert "secret" not in r.text
    assert r.headers["x-request-id"] == "req-boom-1"
    assert_protected(r)


async def test_an_html_page_keeps_its_own_policy_or_gets_one_that_forbids_framing(gateway):
    docs = await gateway.get("/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    policy = docs.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" not in policy

    own = "default-src 'self'; frame-ancestors 'none'"

    async def page() -> HTMLResponse:
        return HTMLResponse("<p>门户</p>", headers={"Content-Security-Policy": own})

    app_of(gateway).add_api_route("/test/page", page)
    r = await gateway.get("/test/page")
    assert r.headers.get_list("content-security-policy") == [own]
    assert r.headers["x-frame-options"] == "DENY"


async def test_hsts_only_over_tls(gateway):
    r = await gateway.get("https://testserver/healthz")
    assert r.headers["strict-transport-security"] == HSTS.decode()
    # A client's own X-Forwarded-Proto is not believed unless forwarded headers are trusted.
    r = await gateway.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in r.headers


@pytest.mark.parametrize(
    ("trusted", "proto", "hsts"),
    [
        (True, "https", True),
        (True, "https, http", True),
        (True, "http", False),
        (False, "https", False),
    ],
)
async def test_x_forwarded_proto_counts_behind_a_trusted_proxy(trusted, proto, hsts):
    inner = FastAPI()
    inner.add_api_route("/", lambda: {"ok": True})
    app = SecurityHeadersMiddleware(inner, trust_forwarded=trusted)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://edge"
    ) as client:
        r = await client.get("/", headers={"X-Forwarded-Proto": proto})
    assert ("strict-transport-security" in r.headers) is hsts


def assert_not_stored(r: httpx.Response) -> None:
    assert r.status_code in (200, 201), r.text
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["pragma"] == "no-cache"


async def test_token_answers_are_not_stored(gateway):
    headers = await admin_headers(gateway)
    await make_user(gateway, "alice")
    r = await gateway.post("/auth/login", json={"username": "alice", "password": PASSWORD})
    assert_not_stored(r)
    r = await gateway.post("/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
    assert_not_stored(r)
    created = await gateway.post(
        "/admin/api-keys",
        json={"name": "12345 话务系统", "org_code": "city", "scopes": ["tickets:write"]},
        headers=headers,
    )
    assert_not_stored(created)
    r = await gateway.post("/auth/token", headers={"X-API-Key": created.json()["key"]})
    assert_not_stored(r)


async def test_other_answers_keep_their_own_caching(gateway):
    r = await gateway.get("/.well-known/jwks.json")
    assert r.headers["cache-control"] == "public, max-age=300"
    assert "pragma" not in r.headers
