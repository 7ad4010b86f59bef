from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Query

from govkit import clock
from govkit.db import DbSession
from govkit.errors import ValidationFailed
from govkit.validators import BoundedDate
from search.analytics import service
from search.analytics.schemas import WordCount, WordsOut
from search.deps import Editor, Recorder

router = APIRouter(prefix="/analytics", tags=["搜索分析"])


def _period(since: date | None, until: date | None) -> tuple[date, date]:
    until = until or clock.today()
    since = since or until
    if since > until or (until - since) > timedelta(days=366):
        raise ValidationFailed("统计区间无效（起止日期颠倒或超过一年）", code="bad_period")
    return since, until


@router.get("/hot", response_model=WordsOut, summary="热搜词（按站点、按日）")
async def hot_words(
    session: DbSession,
    recorder: Recorder,
    site: str = Query("", max_length=64, description="站点代码；留空为全平台搜索"),
    since: BoundedDate | None = None,
    until: BoundedDate | None = None,
    limit: int = Query(20, ge=1, le=100),
) -> WordsOut:
    start, end = _period(since, until)
    await recorder.flush()  # this process's latest searches count too
    rows = await service.top_queries(
        session, site=site, since=start, until=end, zero_only=False, limit=limit
    )
    return WordsOut(
        site=site, since=start, until=end, words=[WordCount(query=q, count=n) for q, n in rows]
    )


@router.get(
    "/zero-results", response_model=WordsOut, summary="零结果词（编辑据此补充内容或同义词）"
)
async def zero_result_words(
    session: DbSession,
    recorder: Recorder,
    editor: Editor,
    site: str = Query("", max_length=64),
    since: BoundedDate | None = None,
    until: BoundedDate | None = None,
    limit: int = Query(20, ge=1, le=100),
) -> WordsOut:
    start, end = _period(since, until)
    await recorder.flush()  # this process's latest searches count too
    rows = await service.top_queries(
        session, site=site, since=start, until=end, zero_only=True, limit=limit
    )
    return WordsOut(
        site=site, since=start, until=end, words=[WordCount(query=q, count=n) for q, n in rows]
    )
