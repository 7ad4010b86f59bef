"""The merged document: fetched from every service, merged, kept for a short while.

A service that does not answer (down, slow, not OpenAPI) is left out and named under
`x-unavailable-services`; the document is then kept only briefly, so it comes back soon.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import structlog

from gateway.openapi import messages
from gateway.openapi.merge import JSON, ServiceDocument, merge_documents
from gateway.routing.upstreams import Upstream

log = structlog.get_logger("gateway.openapi")

Fetch = Callable[[Upstream], Awaitable[Any]]

SECURITY_SCHEMES: dict[str, JSON] = {
    "BearerJWT": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": messages.BEARER_DESCRIPTION,
    },
    "ApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": messages.API_KEY_DESCRIPTION,
    },
}


class DocumentUnavailable(Exception):
    """A service's document could not be had."""


def aiohttp_fetch(session_of: Callable[[], aiohttp.ClientSession]) -> Fetch:
    """Fetch `<base_url>/openapi.json` with the gateway's shared upstream session (which is
    created in the lifespan, hence the callable)."""

    async def fetch(upstream: Upstream) -> Any:
        try:
            async with session_of().get(
                f"{upstream.base_url}/openapi.json",
                # The shared session does not decompress (the proxy passes bytes through).
                headers={"Accept": "application/json", "Accept-Encoding": "identity"},
                timeout=aiohttp.ClientTimeout(total=upstream.timeout),
            ) as response:
                if response.status != 200:
                    raise DocumentUnavailable(f"status {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, ValueError) as exc:
            raise DocumentUnavailable(type(exc).__name__) from exc

    return fetch


class MergedDocument:
    """`await merged.get()`: the merged document, rebuilt when older than `ttl` seconds
    (`retry_ttl` when a service was missing). Concurrent callers share one rebuild."""

    def __init__(
        self,
        own: Callable[[], JSON],
        upstreams: Mapping[str, Upstream],
        fetch: Fetch,
        *,
        ttl: float = 60.0,
        retry_ttl: float = 5.0,
        fetch_timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._own = own
        self._upstreams = upstreams
        self._fetch = fetch
        self.ttl, self.retry_ttl, self.fetch_timeout = ttl, retry_ttl, fetch_timeout
        self._clock = clock
        self._lock = asyncio.Lock()
        self._document: JSON | None = None
        self._expires = 0.0

    async def get(self) -> JSON:
        if self._document is not None and self._clock() < self._expires:
            return self._document
        async with self._lock:
            if self._document is None or self._clock() >= self._expires:
                document, complete = await self._build()
                self._document = document
                self._expires = self._clock() + (self.ttl if complete else self.retry_ttl)
            return self._document

    async def _build(self) -> tuple[JSON, bool]:
        upstreams = list(self._upstreams.values())
        documents = await asyncio.gather(*(self._fetch_one(u) for u in upstreams))
        found = [
            ServiceDocument(u.name, u.title, d)
            for u, d in zip(upstreams, documents, strict=True)
            if d is not None
        ]
        missing = [u for u, d in zip(upstreams, documents, strict=True) if d is None]
        own = self._own()
        merged = merge_documents(
            own,
            found,
            info=_info(str(own.get("info", {}).get("version", "")), missing),
            own_group=messages.GATEWAY_GROUP,
            security_schemes=SECURITY_SCHEMES,
        )
        if missing:
            merged["x-unavailable-services"] = [
                {"name": u.name, "title": u.title, "prefix": f"/api/{u.name}"} for u in missing
            ]
        return merged, not missing

    async def _fetch_one(self, upstream: Upstream) -> JSON | None:
        try:
            async with asyncio.timeout(self.fetch_timeout):
                document = await self._fetch(upstream)
        except (DocumentUnavailable, TimeoutError) as exc:
            error = str(exc) or type(exc).__name__
            log.warning("openapi_upstream_unavailable", upstream=upstream.name, error=error)
            return None
        if not is_openapi_3(document):
            log.warning("openapi_upstream_invalid", upstream=upstream.name)
            return None
        return document


def is_openapi_3(document: Any) -> bool:
    """Enough shape for the merge to rely on: an OpenAPI 3 object whose paths and
    components are objects of objects."""
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3."):
        return False
    paths = document.get("paths", {})
    components = document.get("components") or {}
    return (
        isinstance(paths, dict)
        and all(isinstance(p, str) and p.startswith("/") for p in paths)
        and all(isinstance(item, dict) for item in paths.values())
        and isinstance(components, dict)
        and all(isinstance(items, dict) for items in components.values())
        and all(isinstance(v, dict) for items in components.values() for v in items.values())
    )


def _info(version: str, missing: list[Upstream]) -> JSON:
    description = messages.DESCRIPTION
    if missing:
        names = "、".join(f"{u.title}（/api/{u.name}）" for u in missing)
        description += f"\n\n> {messages.UNAVAILABLE_NOTE}{names}"
    return {"title": messages.TITLE, "version": version, "description": description}
