"""Monitoring reads and writes: the editable word lists, scans and the site ranking."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.monitoring.models import MonitorProblem, MonitorRun, MonitorWord
from content.monitoring.scan import scan_site
from content.monitoring.schemas import ProblemOut, RunOut, RunWithProblems, WordIn
from content.sites.models import Site
from content.sites.service import get_site
from govkit.auth import Identity
from govkit.errors import NotFound

PROBLEMS_SHOWN = 500


async def list_words(session: AsyncSession, kind: str | None) -> list[MonitorWord]:
    stmt = select(MonitorWord).order_by(MonitorWord.kind, MonitorWord.word)
    if kind:
        stmt = stmt.where(MonitorWord.kind == kind)
    return list((await session.scalars(stmt)).all())


async def put_word(session: AsyncSession, actor: Identity, data: WordIn) -> MonitorWord:
    word = await session.scalar(
        select(MonitorWord)
        .where(MonitorWord.kind == data.kind, MonitorWord.word == data.word)
        .with_for_update()
    )
    if word is None:
        word = MonitorWord(kind=data.kind, word=data.word)
        session.add(word)
    word.suggestion, word.category, word.level = data.suggestion, data.category, data.level
    word.active, word.updated_by = data.active, actor.subject
    await session.flush()
    audit.record(
        session,
        actor,
        entity="word",
        entity_id=word.id,
        action="put",
        kind=data.kind,
        word=data.word,
        active=data.active,
    )
    await session.refresh(word)
    return word


def _out(run: MonitorRun, site_code: str) -> RunOut:
    return RunOut(
        id=run.id,
        site_code=site_code,
        score=run.score,
        problem_count=run.problem_count,
        counts=run.counts,
        items_checked=run.items_checked,
        duration_ms=run.duration_ms,
        created_at=run.created_at,
    )


async def run_scan(session: AsyncSession, actor: Identity, site_code: str) -> RunOut:
    site = await get_site(session, site_code)
    run = await scan_site(session, site, actor.subject)
    await session.refresh(run)
    return _out(run, site.code)


async def latest_run(session: AsyncSession, site_code: str, kind: str | None) -> RunWithProblems:
    site = await get_site(session, site_code)
    run = await session.scalar(
        select(MonitorRun)
        .where(MonitorRun.site_id == site.id)
        .order_by(MonitorRun.created_at.desc())
        .limit(1)
    )
    if run is None:
        raise NotFound("该站点尚未进行内容监测", code="no_monitor_run")
    stmt = select(MonitorProblem).where(MonitorProblem.run_id == run.id)
    if kind:
        stmt = stmt.where(MonitorProblem.kind == kind)
    problems = (await session.scalars(stmt.order_by(MonitorProblem.id).limit(PROBLEMS_SHOWN))).all()
    return RunWithProblems(
        **_out(run, site.code).model_dump(),
        problems=[ProblemOut.model_validate(p) for p in problems],
    )


async def ranking(session: AsyncSession) -> list[RunOut]:
    """Each site's latest scan, best score first (the platform office's league table)."""
    latest = (
        select(MonitorRun.site_id, func.max(MonitorRun.created_at).label("at"))
        .group_by(MonitorRun.site_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(MonitorRun, Site.code)
            .join(
                latest,
                (latest.c.site_id == MonitorRun.site_id) & (latest.c.at == MonitorRun.created_at),
            )
            .join(Site, Site.id == MonitorRun.site_id)
            .order_by(MonitorRun.score.desc(), Site.code)
        )
    ).all()
    return [_out(run, code) for run, code in rows]
