"""`/openapi.json`, `/docs` and `/redoc` on the gateway: the whole platform's document in
place of FastAPI's gateway-only one."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Route

from gateway.openapi import messages
from gateway.openapi.service import MergedDocument, aiohttp_fetch

OPENAPI_PATH = "/openapi.json"
DOCS_PATH = "/docs"
REDOC_PATH = "/redoc"
# What FastAPI.setup() adds for openapi_url, docs_url and redoc_url. Its
# /docs/oauth2-redirect helper stays: it does not depend on the document.
FASTAPI_DOC_ROUTES = frozenset({"openapi", "swagger_ui_html", "redoc_html"})
SWAGGER_UI_PARAMETERS = {"docExpansion": "none", "filter": True, "persistAuthorization": True}

router = APIRouter(include_in_schema=False)


@router.get(OPENAPI_PATH, name="platform_openapi")
async def platform_openapi(request: Request) -> JSONResponse:
    merged: MergedDocument = request.app.state.openapi_document
    document = await merged.get()
    root_path = _root_path(request)
    if root_path:
        document = {**document, "servers": [{"url": root_path}]}
    return JSONResponse(document)


@router.get(DOCS_PATH, name="platform_swagger_ui")
async def platform_swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=_root_path(request) + OPENAPI_PATH,
        title=messages.DOCS_TITLE,
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
    )


@router.get(REDOC_PATH, name="platform_redoc")
async def platform_redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(openapi_url=_root_path(request) + OPENAPI_PATH, title=messages.DOCS_TITLE)


def install_openapi(app: FastAPI, *, ttl: float = 60.0, retry_ttl: float = 5.0) -> None:
    """Serve the merged document and its pages instead of FastAPI's defaults. Needs
    `app.state.upstreams` (set by `create_app`) and, when serving, the lifespan's
    `app.state.upstream_session`. `app.openapi()` keeps returning the gateway's own schema,
    which is what gets merged. Called again, it only replaces the cache settings."""
    installed = getattr(app.state, "openapi_document", None) is not None
    app.state.openapi_document = MergedDocument(
        app.openapi,
        app.state.upstreams,
        aiohttp_fetch(lambda: app.state.upstream_session),
        ttl=ttl,
        retry_ttl=retry_ttl,
    )
    if installed:
        return
    # The app dispatches by walking `app.router.routes` in order, so the defaults must go,
    # not merely be shadowed (they were added first and would win).
    app.router.routes[:] = [r for r in app.router.routes if not _is_fastapi_doc_route(r)]
    app.include_router(router)
    app.openapi_url, app.docs_url, app.redoc_url = OPENAPI_PATH, DOCS_PATH, REDOC_PATH


def _is_fastapi_doc_route(route: BaseRoute) -> bool:
    return (
        isinstance(route, Route)
        and not isinstance(route, APIRoute)
        and route.name in FASTAPI_DOC_ROUTES
    )


def _root_path(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")
