from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount

from gateway.accesslog.middleware import AccessLogMiddleware
from gateway.accesslog.recorder import AccessRecorder
from gateway.accesslog.router import router as stats_router
from gateway.apikeys.router import router as apikeys_router
from gateway.audit.router import router as audit_router
from gateway.edge.auth import EdgeAuthMiddleware
from gateway.edge.headers import SecurityHeadersMiddleware
from gateway.events import consumers as gateway_consumers
from gateway.identity import local_verifier, start_identity, stop_identity
from gateway.openapi import install_openapi
from gateway.orgs.router import router as orgs_router
from gateway.privacy.router import router as privacy_router
from gateway.ratelimit import RateLimitMiddleware, RateLimitPolicy
from gateway.routing.open311 import OPEN311_PREFIX, Open311Route
from gateway.routing.proxy import ReverseProxy, new_upstream_session
from gateway.routing.router import router as routing_router
from gateway.routing.upstreams import admissions_from, upstreams_from
from gateway.settings import Settings
from gateway.tokens.router import router as tokens_router
from gateway.users.router import router as users_router
from gateway.web.static import WebApp
from govkit.app import ServiceSpec, create_service_app


def rate_policy(settings: Settings) -> RateLimitPolicy:
    return RateLimitPolicy(
        anonymous_per_minute=settings.ratelimit_anonymous_per_minute,
        anonymous_burst=settings.ratelimit_anonymous_burst,
        anonymous_read_per_minute=settings.ratelimit_anonymous_read_per_minute,
        anonymous_read_burst=settings.ratelimit_anonymous_read_burst,
        user_per_minute=settings.ratelimit_user_per_minute,
        user_burst=settings.ratelimit_user_burst,
        api_key_default_per_minute=settings.ratelimit_api_key_default_per_minute,
        login_per_minute=settings.ratelimit_login_per_minute,
        login_burst=settings.ratelimit_login_burst,
        trust_forwarded=settings.ratelimit_trust_forwarded,
    )


def create_app(settings: Settings | None = None, **overrides: object) -> FastAPI:
    settings = settings or Settings()
    upstreams = upstreams_from(settings)
    admissions = admissions_from(settings, upstreams)
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="政务集约化平台 API 网关",
            description="统一入口：路由、统一身份认证、限流、访问统计。",
            routers=[
                tokens_router,
                users_router,
                privacy_router,
                orgs_router,
                apikeys_router,
                audit_router,
                stats_router,
                routing_router,
            ],
            extra_state={"upstreams": upstreams, "admissions": admissions},
            # svc-tickets refuses unstorable text there itself, as GeoReport v2 400s.
            own_text_checks=(OPEN311_PREFIX,),
            consumers=gateway_consumers,
            **overrides,  # type: ignore[arg-type]
        )
    )
    recorder = AccessRecorder(
        lambda: app.state.db,
        capacity=settings.access_log_buffer,
        batch_size=settings.access_log_batch_size,
        flush_interval=settings.access_log_flush_seconds,
    )
    app.state.access_recorder = recorder
    if "verifier" not in overrides:
        app.state.verifier = local_verifier(app, settings)
    service_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One pooled client for all upstreams, shared by every request.
        # Room in the pool for every admitted request: a request that was admitted must
        # not then wait for a pooled connection.
        admitted = sum(a.limit for a in admissions.values())
        app.state.upstream_session = new_upstream_session(
            max(settings.upstream_max_connections, admitted), settings.connect_timeout
        )
        async with service_lifespan(app):
            housekeeping = await start_identity(app, settings)
            recorder.start()
            try:
                yield
            finally:
                await recorder.stop()  # before the database is disposed
                await stop_identity(app, housekeeping)
                await app.state.upstream_session.close()

    app.router.lifespan_context = lifespan
    # Between govkit's request-context (outermost) and body-limit middleware, outermost first:
    # (SecurityHeaders →) RequestContext → CORS → AccessLog → BodySizeLimit → EdgeAuth →
    # RateLimit → app.
    app.user_middleware[1:1] = [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "X-API-Key",
                "X-Request-ID",
                "Idempotency-Key",
            ],
            expose_headers=[
                "X-Request-ID",
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
            ],
            max_age=600,
        ),
        *(
            [Middleware(AccessLogMiddleware, recorder=recorder)]
            if settings.access_log_enabled
            else []
        ),
    ]
    app.user_middleware.append(Middleware(EdgeAuthMiddleware))
    # Outside even the request context, whose 500 answers must carry these headers too.
    app.user_middleware.insert(
        0,
        Middleware(SecurityHeadersMiddleware, trust_forwarded=settings.ratelimit_trust_forwarded),
    )
    if settings.ratelimit_enabled:
        app.user_middleware.append(Middleware(RateLimitMiddleware, policy=rate_policy(settings)))
    # First in the route table: proxied traffic is most of it, and should not be matched
    # against every gateway route before reaching the mount.
    proxy = ReverseProxy(
        upstreams,
        lambda: app.state.upstream_session,
        admissions,
        overloaded_retry_after=settings.admission_retry_after_seconds,
        unavailable_retry_after=settings.upstream_retry_after_seconds,
    )
    app.router.routes.insert(0, Mount("/api", app=proxy))
    # Open311 GeoReport v2 at its own base URL, served by svc-tickets through the same proxy.
    app.router.routes.insert(1, Mount(OPEN311_PREFIX, app=Open311Route(proxy)))
    # One document for the whole platform: the gateway's routes and every service's.
    install_openapi(app)
    # Last: whatever no route took is a page of the front end (or the usual 404).
    if settings.web_dist and Path(settings.web_dist, "index.html").is_file():
        app.router.routes.append(Mount("/", app=WebApp(Path(settings.web_dist))))
    return app
