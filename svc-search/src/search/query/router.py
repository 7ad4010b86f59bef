from __future__ import annotations

from fastapi import APIRouter, Query, Request

from govkit.db import DbSession
from search.deps import AppSettings, Context
from search.qa import service as qa
from search.query import service, suggest
from search.query.params import OPENAPI_PARAMETERS, clean_query, search_params
from search.query.schemas import QaOut, SearchOut, SuggestOut

router = APIRouter(tags=["统一搜索"])


@router.get(
    "/search",
    response_model=SearchOut,
    summary="全站搜索（分面、排序、高亮、服务直达、置顶推荐）",
    description="参数：q（不填则按筛选条件浏览，最新的在前）、site、kind、column、issuing_body、year、"
    "industry、reward_type、tag（可重复）、sort=relevance|date、page、size、facets=逗号分隔的分面名、"
    "correct=false（不纠错，按原词检索）。未知参数返回 422。",
    openapi_extra={"parameters": OPENAPI_PARAMETERS},
)
async def search(
    request: Request, session: DbSession, ctx: Context, settings: AppSettings
) -> SearchOut:
    return await service.search(session, ctx, search_params(request, settings.max_query_chars))


@router.get("/suggest", response_model=SuggestOut, summary="搜索联想（标题与热搜词，支持拼音）")
async def suggestions(
    session: DbSession,
    ctx: Context,
    settings: AppSettings,
    q: str = Query("", max_length=400),
    site: str | None = Query(None, max_length=64),
) -> SuggestOut:
    text = clean_query(q, settings.max_query_chars)
    return SuggestOut(
        query=text, suggestions=await suggest.suggest(session, ctx.analyzer, text, site)
    )


@router.get("/qa", response_model=QaOut, summary="智能问答：最佳答案与置信度，低于阈值回答不知道")
async def answer(
    session: DbSession, ctx: Context, settings: AppSettings, q: str = Query("", max_length=4000)
) -> QaOut:
    text = clean_query(q, settings.max_query_chars)
    return await qa.answer(session, ctx, text, settings.qa_threshold)
