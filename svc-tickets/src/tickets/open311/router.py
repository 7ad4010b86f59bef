"""GeoReport v2 endpoints under /open311/v2 (the gateway serves them at /open311/v2 too).

Thin: read the format and parameters, call the service, answer in the asked format. Every
error is the spec's `[{code, description}]` (see `formats.Open311Route`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response
from starlette.routing import Match

from govkit.db import DbSession
from tickets import clock
from tickets.open311 import messages, service, services
from tickets.open311.formats import Open311Error, Open311Route, checked_format, respond
from tickets.open311.schemas import parse_requests_query, parse_service_request
from tickets.open311.settings import Open311Settings, open311_settings
from tickets.scopes import OptionalSubmitter
from tickets.settings import Settings

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"], route_class=Open311Route)
Config = Annotated[Open311Settings, Depends(open311_settings)]
Jurisdiction = str | None
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=8, max_length=100, description="重试时使用同一键"),
]
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/discovery.{fmt}", summary="服务发现（Service Discovery）")
async def discovery(fmt: str, config: Config) -> Response:
    fmt = checked_format(fmt)
    return respond(
        fmt,
        "discovery",
        {
            "changeset": config.changeset,
            "contact": config.contact,
            "key_service": config.key_service,
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": config.public_url,
                    "changeset": config.changeset,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        },
    )


@router.get("/services.{fmt}", summary="服务列表（诉求分类二级类目）")
async def list_services(fmt: str, config: Config, jurisdiction_id: Jurisdiction = None) -> Response:
    fmt = checked_format(fmt)
    service.check_jurisdiction(jurisdiction_id, config)
    return respond(
        fmt, "services", [services.service_out(c) for c in services.service_categories()]
    )


@router.get("/services/{service_code}.{fmt}", summary="服务定义（可选属性）")
async def service_definition(
    service_code: str, fmt: str, config: Config, jurisdiction_id: Jurisdiction = None
) -> Response:
    fmt = checked_format(fmt)
    service.check_jurisdiction(jurisdiction_id, config)
    category = services.service(service_code)
    return respond(fmt, "service_definition", services.definition_out(category))


async def _fields(request: Request) -> dict[str, list[str]]:
    """The query string's parameters overlaid by the form's (the spec puts them in the body;
    some clients put a few in the query). Uploaded files are not part of GeoReport v2."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in FORM_TYPES:
        raise Open311Error(400, messages.FORM_REQUIRED)
    fields = {key: request.query_params.getlist(key) for key in request.query_params}
    form = await request.form()
    for key in form:
        values = [v for v in form.getlist(key) if not isinstance(v, UploadFile)]
        if values:
            fields[key] = [str(v) for v in values]
    return fields


@router.post("/requests.{fmt}", summary="提交诉求（需要 api_key）")
async def create_request(
    fmt: str,
    request: Request,
    identity: OptionalSubmitter,
    config: Config,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    fmt = checked_format(fmt)
    fields = await _fields(request)
    service.check_jurisdiction((fields.get("jurisdiction_id") or [None])[-1], config)
    partner = service.ensure_partner(identity)
    ticket, replayed = await service.submit(
        request.app,
        partner,
        parse_service_request(fields),
        now=clock.now(),
        idempotency_key=idempotency_key,
    )
    answer = respond(fmt, "service_requests", service.created_out(ticket, app_settings(request)))
    if replayed:
        answer.headers["Idempotent-Replayed"] = "true"
    return answer


@router.get("/requests.{fmt}", summary="查询诉求（公开信息，已脱敏）")
async def list_requests(fmt: str, request: Request, session: DbSession, config: Config) -> Response:
    fmt = checked_format(fmt)
    params = dict(request.query_params)
    service.check_jurisdiction(params.get("jurisdiction_id"), config)
    query = parse_requests_query(
        params, now=clock.now(), max_days=config.max_days, max_ids=config.max_ids
    )
    found = await service.list_requests(
        session, query, app_settings(request), limit=config.max_requests
    )
    return respond(fmt, "service_requests", found)


@router.get("/requests/{service_request_id}.{fmt}", summary="查询单个诉求")
async def get_request(
    service_request_id: str,
    fmt: str,
    request: Request,
    session: DbSession,
    config: Config,
    jurisdiction_id: Jurisdiction = None,
) -> Response:
    fmt = checked_format(fmt)
    service.check_jurisdiction(jurisdiction_id, config)
    found = await service.one_request(session, service_request_id, app_settings(request))
    return respond(fmt, "service_requests", [found])


@router.get("/tokens/{token}.{fmt}", summary="由 token 查询 service_request_id")
async def get_token(
    token: str, fmt: str, session: DbSession, config: Config, jurisdiction_id: Jurisdiction = None
) -> Response:
    fmt = checked_format(fmt)
    service.check_jurisdiction(jurisdiction_id, config)
    return respond(fmt, "service_requests", [await service.token(session, token)])


@router.api_route("/{rest:path}", methods=METHODS, include_in_schema=False)
async def unknown(rest: str, request: Request) -> Any:
    """Anything else under /open311/v2: the spec's 404, or 405 for a known resource."""
    for route in router.routes:
        if route.matches(request.scope)[0] is Match.PARTIAL:
            raise Open311Error(405, messages.METHOD_NOT_ALLOWED)
    raise Open311Error(404, messages.NOT_FOUND)
