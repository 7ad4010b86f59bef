"""Identity at the edge, before rate limiting and routing.

- A partner's `X-API-Key` header (or Open311's `api_key` query parameter) is checked and
  replaced by a short-lived partner JWT, so services only ever verify JWTs; the key itself is
  never forwarded.
- A bearer token is verified locally (the gateway holds the keys) only to learn who is
  calling, for per-user rate limits and statistics; services still verify it themselves and
  answer 401 for a bad one.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.apikeys.service import ApiKeyAuthenticator
from gateway.tokens.keyring import KeyRing
from govkit.errors import AppError, send_problem


class EdgeAuthMiddleware:
    def __init__(self, app: ASGIApp, *, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix

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
        if scope["path"].startswith(self.prefix):
            raw_key, headers, query = _take_api_key(scope)
        else:
            raw_key, headers, query = None, scope["headers"], scope.get("query_string", b"")
        if raw_key is not None:
            try:
                partner = await authenticator.identify(raw_key)
            except AppError as exc:
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
            if claims:
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
    if b"api_key=" in query:
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        raw = raw or next((v for k, v in pairs if k == "api_key"), None)
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
