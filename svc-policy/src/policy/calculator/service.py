"""The calculator over the stored library: every active measure against a profile."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from policy.calculator.schemas import CalculatorOut, EvidenceOut, MatchOut
from policy.conditions.calculator import MeasureView, Verdict, calculate
from policy.conditions.evaluate import Evidence
from policy.conditions.wording import leaf as worded
from policy.districts.service import names_of
from policy.policies.models import Measure, Policy
from policy.policies.service import active_measures, condition_of


async def run(
    session: AsyncSession,
    facts: Mapping[str, object],
    today: date,
    *,
    include_far_misses: bool = False,
) -> CalculatorOut:
    rows = await active_measures(session, today)
    stored: dict[str, tuple[Measure, Policy]] = {str(m.id): (m, p) for m, p in rows}
    districts = await names_of(session)
    views = [
        MeasureView(
            id=str(m.id),
            title=m.title,
            reward_type=m.reward_type,
            condition=condition_of(m),
            amount_wan=m.amount_wan,
            opens_on=m.opens_on,
            closes_on=m.closes_on,
        )
        for m, _ in rows
    ]
    results = calculate(views, facts, today)
    shown = [
        r
        for r in results
        if include_far_misses or r.verdict is not Verdict.NOT_ELIGIBLE or r.near_miss
    ]
    return CalculatorOut(
        size_class=facts.get("size_class"),  # type: ignore[arg-type]
        eligible=sum(r.verdict is Verdict.ELIGIBLE for r in results),
        needs_info=sum(r.verdict is Verdict.NEEDS_INFO for r in results),
        near_misses=sum(r.near_miss for r in results),
        results=[
            MatchOut(
                measure_id=UUID(r.measure.id),
                policy_id=stored[r.measure.id][1].id,
                policy_title=stored[r.measure.id][1].title,
                title=r.measure.title,
                reward_type=r.measure.reward_type,
                amount_wan=r.measure.amount_wan,
                amount_text=stored[r.measure.id][0].amount_text,
                verdict=r.verdict.value,
                near_miss=r.near_miss,
                to_close=r.to_close,
                missing_fields=r.missing_fields,
                evidence=[evidence_out(e, districts) for e in r.evidence],
            )
            for r in shown
        ],
    )


def evidence_out(evidence: Evidence, districts: Mapping[str, str]) -> EvidenceOut:
    actual = evidence.actual
    if evidence.field == "district" and actual is not None:
        actual = districts.get(actual, actual)
    return EvidenceOut(
        field=evidence.field,
        label=evidence.label,
        condition=worded(evidence.leaf, districts) if evidence.leaf else evidence.required,
        required=evidence.required,
        actual=actual,
        result=evidence.result,
        message=evidence.message,
    )
