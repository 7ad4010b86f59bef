"""The browser session: the refresh token in an httpOnly, Secure, SameSite=Strict cookie the
gateway sets at login and reads at /auth/refresh and /auth/logout, so page scripts never
hold it (the access token stays in the page's memory)."""

from __future__ import annotations

from fastapi import Request, Response

from gateway import messages
from govkit.errors import Unauthorized

REFRESH_COOKIE = "gov_refresh"
# Sent only to the endpoints that read it, not with every API call.
COOKIE_PATH = "/auth"


def set_refresh_cookie(response: Response, raw: str, max_age: int, *, secure: bool) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        raw,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        secure=secure,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, *, secure: bool) -> None:
    response.delete_cookie(
        REFRESH_COOKIE, path=COOKIE_PATH, httponly=True, secure=secure, samesite="strict"
    )


def refresh_from_cookie(request: Request) -> str:
    raw = request.cookies.get(REFRESH_COOKIE)
    if not raw or not 16 <= len(raw) <= 128:
        raise Unauthorized(messages.REFRESH_MISSING, code="refresh_missing")
    return raw
