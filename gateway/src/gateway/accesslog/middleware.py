"""Plain ASGI middleware that hands one `AccessEntry` per request to the recorder.

Kept: time, method, route template, concrete path (no query string, long digit runs and
e-mail-like segments masked), service, status, latency, site code, the referrer's host and
the kind of user. Never: IPs, user ids, query strings, other headers.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.accesslog.recorder import AccessEntry, AccessRecorder
from gateway.routing.open311 import OPEN311_PREFIX
from gateway.routing.open311 import UPSTREAM as OPEN311_UPSTREAM

log = structlog.get_logger("gateway.accesslog")

PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
PATH_MAX = 200
SITE_MAX = 64
SOURCE_MAX = 255
DIRECT = "direct"
ANONYMOUS = "anonymous"
GATEWAY = "gateway"
# Phone, ID-card and bank-card numbers, and e-mail addresses, must not reach the table.
_PERSONAL = re.compile(r"\d{11,}[Xx]?|[^/]*@[^/]*")
REDACTED = "*"


class AccessLogMiddleware:
    def __init__(
        self, app: ASGIApp, *, recorder: AccessRecorder, skip: frozenset[str] = PROBE_PATHS
    ) -> None:
        self.app = app
        self.recorder = recorder
        self.skip = skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.skip:
            await self.app(scope, receive, send)
            return
        at = datetime.now(UTC)
        started = time.perf_counter()
        # Inner layers may rewrite the scope (edge auth swaps the headers): keep the originals.
        path: str = scope["path"]
        headers = scope.get("headers", ())
        status = 500  # an exception that escapes becomes a 500 further out

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            latency_ms = (time.perf_counter() - started) * 1000
            try:
                self.recorder.record(entry_for(scope, path, headers, at, status, latency_ms))
            except Exception:  # statistics must never break a request
                log.exception("access_log_record_failed")


def entry_for(
    scope: Scope,
    path: str,
    headers: Iterable[tuple[bytes, bytes]],
    at: datetime,
    status: int,
    latency_ms: float,
) -> AccessEntry:
    route = route_template(scope)
    site, referer = _site_and_referer(headers)
    kind = scope.get("state", {}).get("identity_kind")
    return AccessEntry(
        at=at,
        method=str(scope["method"])[:16],
        route=route[:PATH_MAX],
        path=concrete_path(path),
        service=service_of(route),
        status=status,
        latency_ms=round(latency_ms, 3),
        site=site,
        source=source_of(referer),
        user_kind=kind[:16] if isinstance(kind, str) and kind else ANONYMOUS,
    )


def route_template(scope: Scope) -> str:
    # The proxy names its own template ("/api/<svc>/{path}"); routes know theirs.
    template = scope.get("route_template") or getattr(scope.get("route"), "path", None)
    return str(template) if template else "<unmatched>"


def concrete_path(path: str) -> str:
    """The path as requested (the scope's path never has the query string), masked, cut."""
    # NUL cannot be stored in PostgreSQL text: one such request would lose a whole batch.
    return _PERSONAL.sub(REDACTED, path.replace("\x00", ""))[:PATH_MAX]


def service_of(route: str) -> str:
    """First segment after /api/ of the template, so only services the gateway knows appear
    (a scanner's /api/<random> counts as the gateway's own 404); Open311 is svc-tickets';
    else "gateway"."""
    if route.startswith(OPEN311_PREFIX + "/"):
        return OPEN311_UPSTREAM
    if not route.startswith("/api/"):
        return GATEWAY
    segment = route[len("/api/") :].split("/", 1)[0]
    return segment[:32] if segment and "{" not in segment else GATEWAY


def source_of(referer: str | None) -> str:
    """The referrer's host only ("www.gov.cn"); "direct" without a usable Referer."""
    if not referer:
        return DIRECT
    try:
        host = urlsplit(referer.strip()).hostname
    except ValueError:
        return DIRECT
    return host.rstrip(".")[:SOURCE_MAX] if host else DIRECT


def _site_and_referer(headers: Iterable[tuple[bytes, bytes]]) -> tuple[str | None, str | None]:
    site: str | None = None
    referer: str | None = None
    for name, value in headers:
        if name == b"x-site-code":
            site = value.decode("latin-1").replace("\x00", "").strip()[:SITE_MAX] or None
        elif name == b"referer":
            referer = value.decode("latin-1").replace("\x00", "")
    return site, referer
