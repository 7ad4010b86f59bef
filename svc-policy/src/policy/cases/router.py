from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from govkit import clock
from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from govkit.errors import ValidationFailed
from policy.cases import service

router = APIRouter(prefix="/measures/{measure_id}/cases", tags=["规则测试用例"])
Officer = Annotated[Identity, Depends(require_roles("policy_officer"))]


class CaseResultOut(BaseModel):
    name: str
    expected: str
    actual: str
    passed: bool


class CasesRun(BaseModel):
    total: int
    passed: int
    results: list[CaseResultOut]


@router.put(
    "",
    response_model=CasesRun,
    summary="上传测试用例（YAML）并立即运行",
    openapi_extra={
        "requestBody": {"content": {"application/yaml": {"schema": {"type": "string"}}}}
    },
)
async def put_cases(
    measure_id: uuid.UUID, request: Request, session: DbSession, officer: Officer
) -> CasesRun:
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("测试用例应为 UTF-8 编码的 YAML", code="cases_not_yaml") from exc
    await service.save_cases(session, measure_id, text, actor=officer.subject)
    return _summary(await service.run_saved(session, measure_id, clock.today()))


@router.post("/run", response_model=CasesRun, summary="运行测试用例")
async def run(measure_id: uuid.UUID, session: DbSession, _: Officer) -> CasesRun:
    return _summary(await service.run_saved(session, measure_id, clock.today()))


def _summary(results: list[service.CaseResult]) -> CasesRun:
    return CasesRun(
        total=len(results),
        passed=sum(r.passed for r in results),
        results=[CaseResultOut(**r.__dict__) for r in results],
    )
