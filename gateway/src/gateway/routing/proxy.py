"""The reverse proxy: a plain ASGI app mounted at `/api` (no routing or validation layer in
the hot path). Bodies stream both ways; the request id is forwarded; a service that is down
answers 502 and a slow one 504, as problem+json."""

from __future__ import annotations

import httpx
import structlog
from starlette.types import Receive, Scope, Send

from gateway.routing.upstreams import Upstream
from govkit.errors import problem_body

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
    }
)
DROP_FROM_RESPONSE = HOP_BY_HOP | {b"x-request-id", b"server", b"date"}


class ReverseProxy:
    def __init__(self, upstreams: dict[str, Upstream], client: httpx.AsyncClient) -> None:
        self.upstreams = upstreams
        self.client = client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        # Mounted at /api: the remaining path is /<service>/<rest>.
        path: str = scope["path"][len(scope.get("root_path", "")) :] or scope["path"]
        name, _, rest = path.lstrip("/").partition("/")
        upstream = self.upstreams.get(name)
        if upstream is None:
            await _problem(send, 404, "not_found", "请求的地址不存在", f"没有名为 {name} 的服务")
            return
        scope["route_template"] = f"/api/{name}/{{path}}"
        request_id = scope.get("state", {}).get("request_id", "")
        url = f"{upstream.base_url}/{rest}"
        headers = [(k, v) for k, v in scope["headers"] if k not in HOP_BY_HOP]
        headers += [
            (b"x-request-id", request_id.encode()),
            (b"x-forwarded-prefix", f"/api/{name}".encode()),
            (b"x-forwarded-proto", scope.get("scheme", "http").encode()),
        ]
        client_addr = scope.get("client")
        if client_addr:
            headers.append((b"x-forwarded-for", client_addr[0].encode()))
        request = self.client.build_request(
            scope["method"],
            url,
            params=scope.get("query_string", b""),
            headers=headers,
            content=_body(receive) if _has_body(scope) else None,
            timeout=httpx.Timeout(upstream.timeout, connect=self.client.timeout.connect),
        )
        try:
            response = await self.client.send(request, stream=True)
        except httpx.TimeoutException:
            log.warning("upstream_timeout", upstream=name)
            await _problem(
                send,
                504,
                "upstream_timeout",
                "后端服务响应超时",
                f"{upstream.title}服务响应超时，请稍后重试",
            )
            return
        except httpx.TransportError as exc:
            log.warning("upstream_unavailable", upstream=name, error=type(exc).__name__)
            await _problem(
                send,
                502,
                "upstream_unavailable",
                "后端服务暂时不可用",
                f"{upstream.title}服务暂时不可用，请稍后重试",
            )
            return
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": [
                        (k, v)
                        for k, v in response.headers.raw
                        if k.lower() not in DROP_FROM_RESPONSE
                    ],
                }
            )
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        except httpx.HTTPError as exc:
            # Headers are out already: all we can do is end the body and log.
            log.warning("upstream_broke_mid_response", upstream=name, error=type(exc).__name__)
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()


def _has_body(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key == b"content-length":
            return value != b"0"
        if key == b"transfer-encoding":
            return True
    return False


async def _body(receive: Receive):  # type: ignore[no-untyped-def]
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            return


async def _problem(send: Send, status: int, code: str, title: str, detail: str) -> None:
    import json

    body = json.dumps(problem_body(status, code, title, detail), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
