"""`/open311/v2/...` → svc-tickets' `/open311/v2/...`, through the same reverse proxy (and
connection pool) as `/api`: the request is handed over as `/api/tickets/open311/v2/...`.

Open311 clients are configured with one base URL and append `services.json`,
`requests.json`…, so the API needs a home of its own rather than a path under /api/tickets
(which keeps working too)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

OPEN311_PREFIX = "/open311/v2"
UPSTREAM = "tickets"


class Open311Route:
    def __init__(self, proxy: ASGIApp, upstream: str = UPSTREAM) -> None:
        self.proxy = proxy
        self.api_prefix = f"/api/{upstream}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        # Named before the proxy runs: the access log reads it once the response is out.
        scope["route_template"] = OPEN311_PREFIX + "/{path}"
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        inner = {
            **scope,
            "path": self.api_prefix + scope["path"],
            "raw_path": self.api_prefix.encode() + raw_path,
            "root_path": "/api",
        }
        await self.proxy(inner, receive, send)
