from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from gateway.accesslog import service as stats
from gateway.accesslog.schemas import (
    Granularity,
    PageVisits,
    ServiceErrors,
    ServiceLatency,
    SourceVisits,
    StatsList,
    VisitsOut,
)
from govkit.auth import require_roles
from govkit.db import DbSession
from govkit.validators import BoundedDateTime

router = APIRouter(
    prefix="/admin/stats",
    tags=["访问统计"],
    dependencies=[Depends(require_roles("platform_admin"))],
)


def _window(
    start: Annotated[
        BoundedDateTime | None,
        Query(
            alias="from",
            description="开始时间（含），ISO 8601；不带时区按北京时间；默认结束前 7 天",
        ),
    ] = None,
    end: Annotated[
        BoundedDateTime | None,
        Query(alias="to", description="结束时间（不含），ISO 8601；默认当前时间；范围最长 92 天"),
    ] = None,
) -> stats.TimeRange:
    return stats.time_range(start, end)


Window = Annotated[stats.TimeRange, Depends(_window)]
Site = Annotated[str | None, Query(max_length=64, description="只统计该站点代码的访问")]
Service = Annotated[
    str | None, Query(alias="service", max_length=32, description="只统计该服务，如 content")
]
Limit = Annotated[int, Query(ge=1, le=stats.MAX_LIMIT, description="返回条数，1–100")]


@router.get("/visits", response_model=VisitsOut, summary="访问量趋势（按天或按小时）")
async def visits(
    session: DbSession,
    window: Window,
    granularity: Annotated[Granularity, Query(description="day 按天，hour 按小时")] = "day",
    site: Site = None,
    service: Service = None,
) -> VisitsOut:
    return await stats.visits(session, window, granularity, site=site, service=service)


@router.get("/top-pages", response_model=StatsList[PageVisits], summary="热门页面")
async def top_pages(
    session: DbSession,
    window: Window,
    limit: Limit = 10,
    site: Site = None,
    service: Service = None,
) -> StatsList[PageVisits]:
    return await stats.top_pages(session, window, limit=limit, site=site, service=service)


@router.get("/top-sources", response_model=StatsList[SourceVisits], summary="主要来源网站")
async def top_sources(
    session: DbSession,
    window: Window,
    limit: Limit = 10,
    site: Site = None,
    service: Service = None,
) -> StatsList[SourceVisits]:
    return await stats.top_sources(session, window, limit=limit, site=site, service=service)


@router.get("/errors", response_model=StatsList[ServiceErrors], summary="各服务错误率（4xx/5xx）")
async def errors(
    session: DbSession, window: Window, site: Site = None, service: Service = None
) -> StatsList[ServiceErrors]:
    return await stats.error_rates(session, window, site=site, service=service)


@router.get(
    "/latency", response_model=StatsList[ServiceLatency], summary="各服务响应时间（P50/P95/P99）"
)
async def latency(
    session: DbSession, window: Window, site: Site = None, service: Service = None
) -> StatsList[ServiceLatency]:
    return await stats.latency(session, window, site=site, service=service)
