from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends

from content.monitoring import service
from content.monitoring.schemas import CheckIn, RunOut, RunWithProblems, WordIn, WordOut
from content.monitoring.words import word_findings
from govkit.auth import CurrentIdentity, Identity, require_roles
from govkit.db import DbSession

router = APIRouter(prefix="/monitoring", tags=["内容监测"])
PlatformOffice = Annotated[Identity, Depends(require_roles("platform_admin"))]
Staff = Annotated[
    Identity, Depends(require_roles("platform_admin", "site_editor", "site_reviewer"))
]
ProblemKind = Literal[
    "sensitive_word",
    "mistyped_word",
    "empty_column",
    "stale_column",
    "broken_link",
    "missing_disclosure",
]


@router.get("/words", response_model=list[WordOut], summary="敏感词、易错词与放行词表")
async def list_words(
    session: DbSession,
    _: Staff,
    kind: Literal["sensitive", "mistyped", "allowed"] | None = None,
) -> list[WordOut]:
    return [WordOut.model_validate(w) for w in await service.list_words(session, kind)]


@router.put("/words", response_model=WordOut, summary="新增或修改词条（平台办）")
async def put_word(body: WordIn, session: DbSession, identity: PlatformOffice) -> WordOut:
    return WordOut.model_validate(await service.put_word(session, identity, body))


@router.post("/check", summary="检测一段文字（采编自查）")
async def check(body: CheckIn, session: DbSession, _: Staff) -> list[dict[str, Any]]:
    return await word_findings(session, body.text)


@router.post(
    "/sites/{site_code}/runs",
    response_model=RunOut,
    status_code=201,
    summary="对站点进行一次内容监测",
)
async def run_scan(site_code: str, session: DbSession, identity: CurrentIdentity) -> RunOut:
    identity.ensure_site(site_code, "site_editor", "site_reviewer")
    return await service.run_scan(session, identity, site_code)


@router.get(
    "/sites/{site_code}/runs/latest",
    response_model=RunWithProblems,
    summary="站点最近一次监测的得分与问题清单",
)
async def latest_run(
    site_code: str, session: DbSession, identity: CurrentIdentity, kind: ProblemKind | None = None
) -> RunWithProblems:
    identity.ensure_site(site_code, "site_editor", "site_reviewer")
    return await service.latest_run(session, site_code, kind)


@router.get("/ranking", response_model=list[RunOut], summary="各站点监测得分排名（平台办）")
async def ranking(session: DbSession, _: PlatformOffice) -> list[RunOut]:
    return await service.ranking(session)
