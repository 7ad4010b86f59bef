"""The calculator over the stored library: every active measure against a profile."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from policy.calculator.schemas import CalculatorOut, EvidenceOut, MatchOut
from policy.conditions.calculator import MeasureView, Verdict, calculate
from policy.policies.service import active_measures, condition_of


async def run(
    session: AsyncSession,
    facts: Mapping[str, object],
    today: date,
    *,
    include_far_misses: bool = False,
) -> CalculatorOut:
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
        for m, _ in await active_measures(session, today)
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
                measure_id=r.measure.id,  # type: ignore[arg-type]
                title=r.measure.title,
                reward_type=r.measure.reward_type,
                amount_wan=r.measure.amount_wan,
                verdict=r.verdict.value,
                near_miss=r.near_miss,
                to_close=r.to_close,
                missing_fields=r.missing_fields,
                evidence=[EvidenceOut(**e.__dict__) for e in r.evidence],
            )
            for r in shown
        ],
    )
