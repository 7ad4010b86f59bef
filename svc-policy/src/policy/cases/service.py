from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.errors import NotFound
from policy.cases.models import MeasureCases
from policy.cases.schemas import RuleCase, parse_cases
from policy.conditions.calculator import MeasureView, match
from policy.conditions.schema import Condition
from policy.policies.service import condition_of, get_measure
from policy.profiles.service import derived_size


@dataclass(frozen=True)
class CaseResult:
    name: str
    expected: str
    actual: str
    passed: bool


def run_cases(condition: Condition, cases: list[RuleCase], today: date) -> list[CaseResult]:
    view = MeasureView("case", "case", "", condition)
    results = []
    for case in cases:
        facts = case.profile.model_dump() | {"size_class": derived_size(case.profile)}
        actual = match(view, facts, case.today or today).verdict.value
        results.append(CaseResult(case.name, case.expected, actual, actual == case.expected))
    return results


async def save_cases(
    session: AsyncSession, measure_id: uuid.UUID, text: str, *, actor: str
) -> list[RuleCase]:
    await get_measure(session, measure_id)
    cases = parse_cases(text)
    row = await session.get(MeasureCases, measure_id)
    if row is None:
        session.add(MeasureCases(measure_id=measure_id, yaml=text, updated_by=actor))
    else:
        row.yaml, row.updated_by = text, actor
    return cases


async def run_saved(session: AsyncSession, measure_id: uuid.UUID, today: date) -> list[CaseResult]:
    measure = await get_measure(session, measure_id)
    row = await session.get(MeasureCases, measure_id)
    if row is None:
        raise NotFound("该措施还没有测试用例", code="cases_not_found")
    return run_cases(condition_of(measure), parse_cases(row.yaml), today)
