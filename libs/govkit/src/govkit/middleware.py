"""Plain ASGI middleware (no BaseHTTPMiddleware: it costs latency and breaks streaming).

- request id: taken from `X-Request-ID` when it is sane, otherwise made; echoed on the
  response and bound into every log line of the request; an exception nothing handled is
  answered here as a 500 problem, with the id (Starlette's ServerErrorMiddleware, which
  would answer it otherwise, sits outside every middleware);
- metrics and an access log line per request, by route template (never the raw path, which
  may carry ids and personal data);
- body size limit: 413 problem+json from the Content-Length, or while streaming a body
  that grows past the limit.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govkit.errors import send_problem, send_unexpected
from govkit.metrics import HTTP_REQUESTS

REQUEST_ID_HEADER = b"x-request-id"
_SANE_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
access_log = structlog.get_logger("access")


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER and _SANE_ID.match(value):
            return value.decode()
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500
        responded = False  # (not `started`: that is the clock, for the duration metric)
        header = (REQUEST_ID_HEADER, request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if responded:  # half a response is out: nothing to do but let the server drop it
                raise
            await send_unexpected(send_with_id, scope["path"], exc)
        finally:
            elapsed = time.perf_counter() - started
            # A mounted app (the gateway proxy) names its own template.
            template = scope.get("route_template") or getattr(
                scope.get("route"), "path", "<unmatched>"
            )
            HTTP_REQUESTS.labels(self.service, scope["method"], template, str(status)).observe(
                elapsed
            )
            if template not in ("/healthz", "/readyz", "/metrics"):
                access_log.info(
                    "request",
                    method=scope["method"],
                    route=template,
                    status=status,
                    ms=round(elapsed * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")


class BodySizeLimitMiddleware:
    """Refuses bodies over `max_bytes` with 413; upload endpoints (paths ending in
    `/attachments`) may take up to `upload_max_bytes`."""

    UPLOAD_SUFFIX = "/attachments"

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, upload_max_bytes: int | None = None
    ) -> None:
        self.app = app
        self.default_max = max_bytes
        self.upload_max = max(upload_max_bytes or max_bytes, max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope.get("path", "").rstrip("/").endswith(self.UPLOAD_SUFFIX)
        limit = self.upload_max if upload else self.default_max
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await self._reject(scope, send, limit)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # An HTTPException passes through FastAPI's body parsing untouched (any
                    # other exception there becomes a 400) and is rendered as problem+json.
                    raise HTTPException(413, self._detail(limit))
            return message

        await self.app(scope, limited_receive, send)

    @staticmethod
    def _detail(limit: int) -> str:
        return f"请求体不能超过 {limit // 1024} KB"

    async def _reject(self, scope: Scope, send: Send, limit: int) -> None:
        await send_problem(
            send,
            413,
            "payload_too_large",
            "请求体过大",
            self._detail(limit),
            instance=scope["path"],
            headers=[(b"connection", b"close")],
        )
