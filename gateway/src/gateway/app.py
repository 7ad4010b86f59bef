from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from gateway.routing.proxy import ReverseProxy, new_upstream_session
from gateway.routing.router import router as routing_router
from gateway.routing.upstreams import upstreams_from
from gateway.settings import Settings
from govkit.app import ServiceSpec, create_service_app


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    settings = settings or Settings()
    upstreams = upstreams_from(settings)
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="政务集约化平台 API 网关",
            description="统一入口：路由、统一身份认证、限流、访问统计。",
            routers=[routing_router],
            extra_state={"upstreams": upstreams},
            **overrides,  # type: ignore[arg-type]
        )
    )
    service_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One pooled client for all upstreams, shared by every request.
        app.state.upstream_session = new_upstream_session(
            settings.upstream_max_connections, settings.connect_timeout
        )
        async with service_lifespan(app):
            try:
                yield
            finally:
                await app.state.upstream_session.close()

    app.router.lifespan_context = lifespan
    app.mount("/api", ReverseProxy(upstreams, lambda: app.state.upstream_session))
    return app
