from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from gateway.routing.proxy import ReverseProxy
from gateway.routing.router import router as routing_router
from gateway.routing.upstreams import upstreams_from
from gateway.settings import Settings
from govkit.app import ServiceSpec, create_service_app


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    settings = settings or Settings()
    upstreams = upstreams_from(settings)
    # One pooled client for all upstreams, shared by every request.
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(10.0, connect=settings.connect_timeout),
        limits=httpx.Limits(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_connections,
        ),
        follow_redirects=False,
    )
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="政务集约化平台 API 网关",
            description="统一入口：路由、统一身份认证、限流、访问统计。",
            routers=[routing_router],
            extra_state={"upstreams": upstreams, "upstream_client": client},
            **overrides,  # type: ignore[arg-type]
        )
    )
    service_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(app):
            try:
                yield
            finally:
                await client.aclose()

    app.router.lifespan_context = lifespan
    app.mount("/api", ReverseProxy(upstreams, client))
    return app
