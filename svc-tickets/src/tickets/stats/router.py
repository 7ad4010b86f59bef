from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.validators import BoundedDate
from tickets import clock
from tickets.stats import hot, public, service
from tickets.stats.schemas import (
    CategoryTable,
    HotIssues,
    Overview,
    PublicStats,
    Series,
    UnitTable,
)

router = APIRouter(prefix="/stats", tags=["统计"])
public_router = APIRouter(tags=["统计"])

Unit = Annotated[str | None, Query(max_length=32, description="承办单位编码（含下级单位）")]
Category = Annotated[str | None, Query(max_length=16, description="一级或二级诉求分类编码")]
First = Annotated[BoundedDate | None, Query(alias="from", description="开始日期（默认本月1日）")]
Last = Annotated[BoundedDate | None, Query(alias="to", description="结束日期（默认今天）")]


@dataclass(frozen=True)
class Window:
    """The caller's scope over a date range: what every ranged statistic starts from."""

    scope: service.Scope
    first: date
    last: date
    today: date


async def _window(
    session: DbSession,
    identity: CurrentIdentity,
    first: First = None,
    last: Last = None,
    unit: Unit = None,
    category: Category = None,
) -> Window:
    today = clock.today()
    last = last or today
    first = first or last.replace(day=1)
    service.check_range(first, last)
    scope = await service.scope_for(session, identity, unit, category)
    return Window(scope, first, last, today)


Ranged = Annotated[Window, Depends(_window)]


@router.get("/overview", response_model=Overview, summary="今日、本月受理、办理、转办、办结与超期")
async def overview(
    session: DbSession, identity: CurrentIdentity, unit: Unit = None, category: Category = None
) -> Overview:
    scope = await service.scope_for(session, identity, unit, category)
    return await service.overview(session, scope, clock.today())


@router.get("/units", response_model=UnitTable, summary="按承办单位统计（下级单位计入上级）")
async def units(session: DbSession, w: Ranged) -> UnitTable:
    return await service.by_unit(session, w.scope, w.first, w.last, w.today)


@router.get("/categories", response_model=CategoryTable, summary="按诉求分类统计（一级或二级）")
async def categories(
    session: DbSession,
    w: Ranged,
    level: Annotated[int, Query(ge=1, le=2, description="分类层级")] = 1,
) -> CategoryTable:
    return await service.by_category(session, w.scope, w.first, w.last, w.today, level)


@router.get("/series", response_model=Series, summary="每日受理、答复、办结量")
async def series(session: DbSession, w: Ranged) -> Series:
    return await service.series(session, w.scope, w.first, w.last, w.today)


@router.get("/hot", response_model=HotIssues, summary="高频问题（近期相似工单聚类）")
async def hot_issues(
    session: DbSession,
    identity: CurrentIdentity,
    days: Annotated[int, Query(ge=1, le=hot.MAX_DAYS, description="最近天数")] = 7,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    min_count: Annotated[int, Query(ge=2, le=1000, description="至少几件算高频")] = 2,
    unit: Unit = None,
    category: Category = None,
) -> HotIssues:
    scope = await service.scope_for(session, identity, unit, category)
    return await hot.hot_issues(session, scope, clock.now(), days, limit, min_count)


@public_router.get(
    "/public/stats",
    response_model=PublicStats,
    summary="12345 热线数据公开（近 30 天与近 12 个月的受理、答复、分类、按时率、满意率）",
)
async def public_stats(request: Request, response: Response, session: DbSession) -> PublicStats:
    cache = getattr(request.app.state, "public_stats", None)
    if cache is None:
        cache = request.app.state.public_stats = public.PublicStatsCache()
    today = clock.today()
    response.headers["Cache-Control"] = f"public, max-age={public.MAX_AGE}"
    return await cache.get(today, lambda: public.public_stats(session, today))
