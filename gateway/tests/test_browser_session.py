"""The browser session: login puts the refresh token in an httpOnly, Secure, SameSite=Strict
cookie (never in the body a page script reads); /auth/refresh and /auth/logout read it."""

from __future__ import annotations

from http.cookies import SimpleCookie

import httpx
from gateway_support import PASSWORD, admin_headers, make_user

COOKIE = "gov_refresh"


def session_cookie(response: httpx.Response) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    assert COOKIE in jar, response.headers
    return jar


async def browser_login(gateway: httpx.AsyncClient, username: str) -> httpx.Response:
    response = await gateway.post(
        "/auth/login", json={"username": username, "password": PASSWORD, "session": "cookie"}
    )
    assert response.status_code == 200, response.text
    return response


def cookie_header(jar: SimpleCookie) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={jar[COOKIE].value}"}


async def test_a_browser_login_keeps_the_refresh_token_out_of_the_body(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "webuser")
    response = await browser_login(gateway, "webuser")
    body = response.json()
    assert body["refresh_token"] is None and body["access_token"]
    morsel = session_cookie(response)[COOKIE]
    assert len(morsel.value) >= 16
    assert morsel["httponly"] and morsel["secure"]
    assert morsel["samesite"].lower() == "strict" and morsel["path"] == "/auth"
    assert int(morsel["max-age"]) == body["refresh_expires_in"]
    assert response.headers["cache-control"] == "no-store"


async def test_refresh_reads_the_cookie_and_rotates_it(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "webuser2")
    first = session_cookie(await browser_login(gateway, "webuser2"))
    refreshed = await gateway.post("/auth/refresh", headers=cookie_header(first))
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["refresh_token"] is None and refreshed.json()["access_token"]
    second = session_cookie(refreshed)
    assert second[COOKIE].value != first[COOKIE].value
    me = await gateway.get(
        "/auth/me", headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    )
    assert me.json()["username"] == "webuser2"

    # The rotated cookie presented again (a stolen copy): refused, and the browser told to
    # drop it; the whole family ends, so the newer cookie is refused too.
    reused = await gateway.post("/auth/refresh", headers=cookie_header(first))
    assert reused.status_code == 401 and reused.json()["code"] == "refresh_invalid"
    assert int(session_cookie(reused)[COOKIE]["max-age"]) == 0
    newer = await gateway.post("/auth/refresh", headers=cookie_header(second))
    assert newer.status_code == 401


async def test_refresh_without_a_session_is_a_chinese_401(gateway):
    response = await gateway.post("/auth/refresh")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "refresh_missing"
    assert response.json()["detail"] == "未登录或登录已过期，请重新登录"


async def test_logout_ends_the_cookie_session_and_clears_it(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "webuser3")
    jar = session_cookie(await browser_login(gateway, "webuser3"))
    out = await gateway.post("/auth/logout", headers=cookie_header(jar))
    assert out.status_code == 204
    assert int(session_cookie(out)[COOKIE]["max-age"]) == 0
    after = await gateway.post("/auth/refresh", headers=cookie_header(jar))
    assert after.status_code == 401 and after.json()["code"] == "refresh_invalid"
    again = await gateway.post("/auth/logout")  # no session left: still fine
    assert again.status_code == 204


async def test_api_clients_keep_the_refresh_token_in_the_body(gateway):
    await admin_headers(gateway)
    await make_user(gateway, "apiuser")
    response = await gateway.post("/auth/login", json={"username": "apiuser", "password": PASSWORD})
    assert response.json()["refresh_token"] and "set-cookie" not in response.headers
