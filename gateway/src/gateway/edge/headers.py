"""The headers browsers rely on, on every response the edge sends: proxied, the gateway's own,
errors, 404s and 500s (this middleware wraps all the others).

- `X-Content-Type-Options: nosniff` always, so a JSON body is never run as a script.
- `X-Frame-Options: DENY` and a Content-Security-Policy with `frame-ancestors 'none'`: no
  page of ours inside someone else's frame (clickjacking). An API answer gets the strictest
  policy (`default-src 'none'`: it loads nothing). An HTML page keeps the policy it sets itself
  (the front end brings its own); one that sets none gets only what cannot break it.
- `Referrer-Policy: strict-origin-when-cross-origin`: no path or query (which may carry ids)
  leaves for another site.
- `Strict-Transport-Security` only on a request that came over TLS: said over plain HTTP it
  would be ignored, and it would pin a devstack on http://127.0.0.1 to HTTPS. Behind a
  proxy, `X-Forwarded-Proto` counts only when forwarded headers are trusted — the same
  switch that lets the rate limiter read `X-Forwarded-For`.
A header the response already carries is kept, except nosniff, which is never weakened.

`NO_STORE` (a route dependency) marks the answers that carry a token or a secret.
"""

from __future__ import annotations

from fastapi import Depends, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_CSP = b"default-src 'none'; frame-ancestors 'none'"
PAGE_CSP = b"frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
HSTS = b"max-age=31536000; includeSubDomains"
ALWAYS: tuple[tuple[bytes, bytes], ...] = ((b"x-content-type-options", b"nosniff"),)
DEFAULTS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)
CSP = b"content-security-policy"


def over_tls(scope: Scope, *, trust_forwarded: bool) -> bool:
    if scope.get("scheme") == "https":
        return True
    if not trust_forwarded:
        return False
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-proto":
            # A chain of proxies lists the client's side first.
            return value.split(b",", 1)[0].strip().lower() == b"https"
    return False


def secured(headers: list[tuple[bytes, bytes]], *, tls: bool) -> list[tuple[bytes, bytes]]:
    always = {name for name, _ in ALWAYS}
    out = [(n, v) for n, v in headers if n.lower() not in always]
    present = {n.lower() for n, _ in out}
    out.extend(ALWAYS)
    out.extend((n, v) for n, v in DEFAULTS if n not in present)
    if CSP not in present:
        html = any(
            n.lower() == b"content-type" and v.lower().startswith(b"text/html") for n, v in out
        )
        out.append((CSP, PAGE_CSP if html else API_CSP))
    if tls and b"strict-transport-security" not in present:
        out.append((b"strict-transport-security", HSTS))
    return out


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, trust_forwarded: bool = False) -> None:
        self.app = app
        self.trust_forwarded = trust_forwarded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = over_tls(scope, trust_forwarded=self.trust_forwarded)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secured(list(message.get("headers", [])), tls=tls)
            await send(message)

        await self.app(scope, receive, send_secured)


def no_store(response: Response) -> None:
    """For answers that carry a token or a secret: no browser or proxy cache may keep them
    (RFC 6749 §5.1). Pragma for HTTP/1.0 caches."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"


NO_STORE = Depends(no_store)
