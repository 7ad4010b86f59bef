"""Identity at the edge, before rate limiting and routing.

- A partner's `X-API-Key` header (or Open311's `api_key` query parameter, or the `api_key`
  field of an Open311 form POST) is checked and replaced by a short-lived partner JWT, so
  services only ever verify JWTs; the key itself is never forwarded. Under /open311/ the
  edge's refusals are GeoReport v2 errors (403 for a bad key), not problem+json.
- A bearer token is verified locally (the gateway holds the keys) only to learn who is
  calling, for per-user rate limits and statistics; services still verify it themselves and
  answer 401 for a bad one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.apikeys.service import ApiKeyAuthenticator
from gateway.edge import open311
from gateway.tokens.keyring import KeyRing
from govkit.errors import AppError, send_problem


class BadKeyGuard:
    """Counts rejected API keys per client address in one-minute windows. Rejections happen
    before the rate limiter knows who is calling, so without this a flood of made-up keys
    would go unlimited (and each would cost a database lookup)."""

    def __init__(
        self,
        per_minute: int = 30,
        max_clients: int = 50_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self.clock = clock
        self._windows: dict[str, tuple[int, int]] = {}

    def retry_after(self, client: str) -> int:
        """Seconds until this client may present a key again; 0 if it may now."""
        now = self.clock()
        minute = int(now // 60)
        window, failures = self._windows.get(client, (minute, 0))
        if window == minute and failures >= self.per_minute:
            return 60 - int(now % 60)
        return 0

    def failed(self, client: str) -> None:
        minute = int(self.clock() // 60)
        window, failures = self._windows.get(client, (minute, 0))
        if len(self._windows) >= self.max_clients:
            self._windows.clear()
        self._windows[client] = (minute, failures + 1 if window == minute else 1)


class EdgeAuthMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        prefixes: tuple[str, ...] = ("/api/", "/open311/"),
        bad_keys_per_minute: int = 30,
    ) -> None:
        self.app = app
        self.prefixes = prefixes
        self.bad_keys = BadKeyGuard(bad_keys_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        app_state = scope["app"].state
        authenticator: ApiKeyAuthenticator = app_state.api_keys
        keyring: KeyRing = app_state.keyring
        # API keys are taken on proxied routes; bearer tokens are recognised everywhere, so
        # staff on /admin or /auth are limited per user, not per (shared office) IP.
        if scope["path"].startswith(self.prefixes):
            raw_key, headers, query = _take_api_key(scope)
            try:
                form_key, receive, headers = await open311.take_form_key(scope, receive, headers)
            except open311.ClientGone:
                return
            except open311.FormTooLarge:
                await open311.send_error(send, scope["path"], 413, open311.FORM_TOO_LARGE)
                return
            if form_key is not None and raw_key is None:
                raw_key = form_key
                headers = [(n, v) for n, v in headers if n != b"authorization"]
        else:
            raw_key, headers, query = None, scope["headers"], scope.get("query_string", b"")
        if raw_key is not None:
            client = (scope.get("client") or ("unknown",))[0]
            wait = self.bad_keys.retry_after(client)
            if wait:
                retry = [(b"retry-after", str(wait).encode())]
                if open311.is_open311(scope["path"]):
                    await open311.send_error(
                        send, scope["path"], 429, open311.KEYS_FLOODED, headers=retry
                    )
                    return
                await send_problem(
                    send,
                    429,
                    "rate_limited",
                    "请求过于频繁，请稍后再试",
                    "无效接口密钥尝试次数过多，请稍后再试",
                    instance=scope["path"],
                    headers=retry,
                )
                return
            try:
                partner = await authenticator.identify(raw_key)
            except AppError as exc:
                self.bad_keys.failed(client)
                if open311.is_open311(scope["path"]):
                    # GeoReport v2: "403 - api_key was not provided or is invalid".
                    await open311.send_error(send, scope["path"], 403, open311.KEY_INVALID)
                    return
                await send_problem(
                    send, exc.status, exc.code, exc.title, exc.detail, instance=scope["path"]
                )
                return
            headers.append(
                (b"authorization", f"Bearer {authenticator.token_for(partner)}".encode())
            )
            scope["headers"] = headers
            scope["query_string"] = query
            state.update(
                api_key_id=str(partner.key_id),
                api_key_rate_per_minute=partner.rate_per_minute,
                identity_kind="partner",
            )
        else:
            token = _bearer(scope)
            claims = keyring.verify(token) if token else None
            if claims and claims.get("kind") == "partner":
                # An exchanged partner token counts against its key's own budget.
                state.update(
                    api_key_id=str(claims.get("sub", "")).removeprefix("apikey:"),
                    api_key_rate_per_minute=int(claims.get("rate") or 600),
                    identity_kind="partner",
                )
            elif claims:
                state.update(user_id=claims.get("sub"), identity_kind=claims.get("kind", "staff"))
        await self.app(scope, receive, send)


def _take_api_key(scope: Scope) -> tuple[str | None, list[tuple[bytes, bytes]], bytes]:
    """Remove the key from headers and query string; return it (if any) and what remains."""
    raw: str | None = None
    headers = []
    for name, value in scope["headers"]:
        if name == b"x-api-key":
            raw = value.decode("latin-1").strip()
        else:
            headers.append((name, value))
    query: bytes = scope.get("query_string", b"")
    # Also catches an encoded name (api%5Fkey), which would otherwise reach the service.
    if b"api" in query.lower():
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        if any(k == "api_key" for k, _ in pairs):
            raw = raw or next(v for k, v in pairs if k == "api_key")
            query = urlencode([(k, v) for k, v in pairs if k != "api_key"]).encode()
    if raw is not None:
        # A partner's own Authorization header is replaced by the partner token.
        headers = [(n, v) for n, v in headers if n != b"authorization"]
    return raw, headers, query


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None
