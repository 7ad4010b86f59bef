"""The reverse proxy: a plain ASGI app mounted at `/api` (no routing or validation layer in
the hot path). Bodies stream both ways; the request id is forwarded; a service that is down
answers 502, a slow one 504 and one with too many requests in flight 503 (admission.py), each
as problem+json with `Retry-After`.

The upstream client is aiohttp's, not httpx: measured on the same server, an aiohttp round
trip costs 0.39 ms against httpx's 1.15 ms (p50, 2-core machine), and that difference is most
of the gateway's overhead budget (see README, Benchmarks).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import aiohttp
import structlog
from multidict import CIMultiDict
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send
from yarl import URL

from gateway import messages
from gateway.edge import open311
from gateway.routing.admission import Admission
from gateway.routing.upstreams import Upstream
from govkit.errors import send_problem

log = structlog.get_logger("gateway.proxy")

# RFC 9110 §7.6.1 hop-by-hop headers, plus those the gateway sets itself.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"x-request-id",
    }
)
DROP_FROM_RESPONSE = HOP_BY_HOP | {b"server", b"date"}
# Bodies up to this size are read whole before forwarding (JSON requests); larger ones and
# those of unknown length stream.
WHOLE_BODY_BYTES = 256 * 1024
# aiohttp must not add its own defaults: the caller's headers go through as they are.
NO_AUTO_HEADERS = frozenset({"User-Agent", "Accept", "Accept-Encoding", "Content-Type"})


def new_upstream_session(max_connections: int, connect_timeout: float) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=max_connections, ttl_dns_cache=300),
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout),
        auto_decompress=False,  # bytes pass through; Content-Length stays true
        cookie_jar=aiohttp.DummyCookieJar(),  # never keep one caller's cookies for another
    )


class ReverseProxy:
    def __init__(
        self,
        upstreams: dict[str, Upstream],
        session_of: Callable[[], aiohttp.ClientSession],
        admissions: Mapping[str, Admission] | None = None,
        *,
        overloaded_retry_after: int = 1,
        unavailable_retry_after: int = 5,
    ) -> None:
        self.upstreams = upstreams
        # The session is created inside the app's lifespan (it needs the running loop).
        self._session_of = session_of
        # Per upstream; one without an entry is not bounded.
        self.admissions = dict(admissions or {})
        self.overloaded_retry_after = overloaded_retry_after
        self.unavailable_retry_after = unavailable_retry_after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"][len(scope.get("root_path", "")) :] or scope["path"]
        name, _, _ = path.lstrip("/").partition("/")
        upstream = self.upstreams.get(name)
        if upstream is None:
            await _send_failure(
                scope, send, 404, "not_found", "请求的地址不存在", f"没有名为 {name} 的服务"
            )
            return
        scope["route_template"] = f"/api/{name}/{{path}}"
        admission = self.admissions.get(name)
        if admission is None:
            await self._forward(scope, receive, send, name, upstream)
            return
        async with admission.slot() as admitted:
            if admitted:
                await self._forward(scope, receive, send, name, upstream)
                return
        # Refused before anything was read or sent upstream: no log line per refusal (under
        # overload that would be thousands a second); `admission.refused` counts them.
        await _send_failure(
            scope,
            send,
            503,
            "upstream_overloaded",
            messages.UPSTREAM_OVERLOADED_TITLE,
            messages.UPSTREAM_OVERLOADED.format(service=upstream.title),
            retry_after=self.overloaded_retry_after,
            upstream=name,
        )

    async def _forward(
        self, scope: Scope, receive: Receive, send: Send, name: str, upstream: Upstream
    ) -> None:
        session = self._session_of()
        query = scope.get("query_string", b"").decode("latin-1")
        url = URL(
            f"{upstream.base_url}/{_raw_rest(scope, name)}" + (f"?{query}" if query else ""),
            encoded=True,
        )
        started = False
        length = _body_length(scope)
        body = RequestBody(receive) if length != 0 else None
        try:
            # A small body of known length goes in one piece: headers and body leave in one
            # write, where a streamed body costs a chunk header, the chunk and a terminator.
            data = await body.read() if body and length and length <= WHOLE_BODY_BYTES else body
            if isinstance(data, bytes) and len(data) != length:
                return  # the caller went away mid-body: nothing to forward, nobody to answer
            async with session.request(
                scope["method"],
                url,
                headers=_forward_headers(scope, name),
                data=data.__aiter__() if isinstance(data, RequestBody) else data,
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    # `connect` includes the wait for a pooled connection, which would
                    # otherwise be unbounded: never a hang beyond the route's timeout.
                    connect=upstream.timeout,
                    sock_connect=session.timeout.sock_connect,
                    sock_read=upstream.timeout,
                ),
                allow_redirects=False,
                skip_auto_headers=NO_AUTO_HEADERS,
            ) as response:
                await send(
                    {
                        "type": "http.response.start",
                        "status": response.status,
                        "headers": [
                            (k.lower(), v)
                            for k, v in response.raw_headers
                            if k.lower() not in DROP_FROM_RESPONSE
                        ],
                    }
                )
                started = True
                async for chunk in response.content.iter_any():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
        except TimeoutError:
            if started:
                await send({"type": "http.response.body", "body": b""})
                return
            log.warning("upstream_timeout", upstream=name)
            await _send_failure(
                scope,
                send,
                504,
                "upstream_timeout",
                messages.UPSTREAM_TIMEOUT_TITLE,
                messages.UPSTREAM_TIMEOUT.format(service=upstream.title),
                retry_after=self.unavailable_retry_after,
                upstream=name,
            )
        except aiohttp.ClientError as exc:
            if body is not None and body.error is not None:
                raise body.error from exc
            if started:
                # Headers are out already: all we can do is end the body and log.
                log.warning("upstream_broke_mid_response", upstream=name, error=type(exc).__name__)
                await send({"type": "http.response.body", "body": b""})
                return
            log.warning("upstream_unavailable", upstream=name, error=type(exc).__name__)
            await _send_failure(
                scope,
                send,
                502,
                "upstream_unavailable",
                messages.UPSTREAM_UNAVAILABLE_TITLE,
                messages.UPSTREAM_UNAVAILABLE.format(service=upstream.title),
                retry_after=self.unavailable_retry_after,
                upstream=name,
            )


async def _send_failure(
    scope: Scope,
    send: Send,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    retry_after: int | None = None,
    upstream: str | None = None,
) -> None:
    """problem+json, or GeoReport v2's error list for an Open311 client. With `retry_after`
    the header is set and the body says it too (a browser on another origin cannot read the
    header unless CORS exposes it); `upstream` names the service that failed."""
    headers = [] if retry_after is None else [(b"retry-after", str(retry_after).encode())]
    if open311.is_open311(scope["path"]):
        await open311.send_error(send, scope["path"], status, detail, headers=headers)
        return
    extra: dict[str, object] = {}
    if retry_after is not None:
        extra["retry_after"] = retry_after
    if upstream is not None:
        extra["upstream"] = upstream
    await send_problem(
        send, status, code, title, detail, instance=scope["path"], headers=headers, **extra
    )


def _raw_rest(scope: Scope, name: str) -> str:
    """The path after /api/<name>/ exactly as the client encoded it: forwarding the decoded
    path would turn `%3F` into a query, `%2F` into a segment and break non-ASCII paths."""
    raw: bytes = scope.get("raw_path") or scope["path"].encode()
    prefix = f"/api/{name}".encode()
    rest = raw[len(prefix) :] if raw.startswith(prefix) else raw
    return rest.decode("latin-1").lstrip("/")


def _forward_headers(scope: Scope, name: str) -> CIMultiDict[str]:
    headers: CIMultiDict[str] = CIMultiDict(
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in scope["headers"]
        if k not in HOP_BY_HOP
    )
    headers["X-Request-ID"] = scope.get("state", {}).get("request_id", "")
    headers["X-Forwarded-Prefix"] = f"/api/{name}"
    headers["X-Forwarded-Proto"] = scope.get("scheme", "http")
    client = scope.get("client")
    if client:
        headers["X-Forwarded-For"] = client[0]
    return headers


def _body_length(scope: Scope) -> int | None:
    """The declared Content-Length, 0 for no body, None for a body of unknown length."""
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # uvicorn refuses a malformed length before we get here
        if key == b"transfer-encoding":
            return None
    return 0


class RequestBody:
    """The caller's body as an async iterable for aiohttp. aiohttp wraps whatever the iterator
    raises in a connection error; the original (e.g. the 413 from the body size limit) is kept
    here so the proxy can answer with it instead of a 502."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.error: HTTPException | None = None

    async def read(self) -> bytes:
        """The whole body (the size limit still applies: its 413 is raised here)."""
        return b"".join([chunk async for chunk in self])

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        while True:
            try:
                message = await self.receive()
            except HTTPException as exc:
                self.error = exc
                raise
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            if body:
                yield body
            if not message.get("more_body", False):
                return
