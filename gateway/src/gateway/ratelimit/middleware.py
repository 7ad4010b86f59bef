"""`RateLimitMiddleware`: plain ASGI (no BaseHTTPMiddleware), cheap enough for every request.

A refused request is answered here with 429 problem+json and `Retry-After` (whole seconds,
at least 1) and never reaches the app. An allowed one gets `RateLimit-Limit` (the burst: what
`RateLimit-Remaining` counts down from), `RateLimit-Remaining` and `RateLimit-Policy`
(`<per minute>;w=60;burst=<burst>`), after the IETF httpapi draft.

It must run after the middleware that puts the caller's identity into `scope["state"]`.
"""

from __future__ import annotations

import math

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.edge import open311
from gateway.ratelimit.bucket import BucketStore
from gateway.ratelimit.policy import Limit, RateLimitPolicy
from govkit.errors import TooManyRequests, send_problem


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        policy: RateLimitPolicy | None = None,
        store: BucketStore | None = None,
    ) -> None:
        self.app = app
        self.policy = RateLimitPolicy() if policy is None else policy
        # `is None`, not `or`: an empty store has len 0 and is falsy.
        self.store = BucketStore() if store is None else store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.policy.limit_for(scope)
        if limit is None:
            await self.app(scope, receive, send)
            return
        allowed, retry_after, remaining = self.store.take(
            limit.key, limit.burst, limit.rate_per_second
        )
        headers = _headers(limit, remaining)
        if not allowed:
            await _refuse(scope, send, limit, retry_after, headers)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _headers(limit: Limit, remaining: int) -> list[tuple[bytes, bytes]]:
    return [
        (b"ratelimit-limit", str(limit.burst).encode()),
        (b"ratelimit-remaining", str(remaining).encode()),
        (b"ratelimit-policy", f"{limit.per_minute};w=60;burst={limit.burst}".encode()),
    ]


async def _refuse(
    scope: Scope, send: Send, limit: Limit, retry_after: float, headers: list[tuple[bytes, bytes]]
) -> None:
    seconds = max(1, math.ceil(retry_after))
    if open311.is_open311(scope["path"]):  # GeoReport v2 clients read their own error shape
        await open311.send_error(
            send,
            scope["path"],
            429,
            limit.detail(),
            headers=[(b"retry-after", str(seconds).encode()), *headers],
        )
        return
    await send_problem(
        send,
        429,
        TooManyRequests.code,
        TooManyRequests.title,
        limit.detail(),
        instance=scope["path"],
        headers=[(b"retry-after", str(seconds).encode()), *headers],
        # Also in the body: a browser on another origin cannot read Retry-After unless
        # CORS exposes it.
        retry_after=seconds,
    )
