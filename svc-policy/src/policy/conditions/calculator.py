"""The policy calculator (政策计算器): every active measure against one profile, each with its
verdict, evidence and — when it fails narrowly — what is missing, ranked by fit and reward."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from policy.conditions.evaluate import Evidence, evaluate
from policy.conditions.schema import Condition

NEAR_MISS_TOLERANCE = 0.2  # within 20 % on the numbers that fail


class Verdict(StrEnum):
    ELIGIBLE = "eligible"  # 符合
    NEEDS_INFO = "needs_info"  # 需补充信息
    NOT_ELIGIBLE = "not_eligible"  # 不符合


@dataclass(frozen=True)
class MeasureView:
    id: str
    title: str
    reward_type: str
    condition: Condition
    amount_wan: float | None = None
    opens_on: date | None = None
    closes_on: date | None = None

    def open_on(self, day: date) -> bool:
        return (self.opens_on is None or self.opens_on <= day) and (
            self.closes_on is None or day <= self.closes_on
        )


@dataclass(frozen=True)
class MatchResult:
    measure: MeasureView
    verdict: Verdict
    evidence: list[Evidence]
    missing_fields: list[str] = field(default_factory=list)
    near_miss: bool = False
    to_close: list[str] = field(default_factory=list)  # e.g. 营业收入需 ≥ 2000万元，当前 1800万元
    shortfall: float = 0.0


def match(
    measure: MeasureView,
    profile: Mapping[str, object],
    today: date,
    tolerance: float = NEAR_MISS_TOLERANCE,
) -> MatchResult:
    outcome = evaluate(measure.condition, profile, today)
    if outcome.result is True:
        return MatchResult(measure, Verdict.ELIGIBLE, outcome.evidence)
    if outcome.result is None:
        return MatchResult(
            measure, Verdict.NEEDS_INFO, outcome.evidence, missing_fields=outcome.missing_fields
        )
    near = 0 < outcome.shortfall <= tolerance
    return MatchResult(
        measure,
        Verdict.NOT_ELIGIBLE,
        outcome.evidence,
        near_miss=near,
        to_close=[e.message for e in outcome.to_close] if near else [],
        shortfall=outcome.shortfall,
    )


def calculate(
    measures: Iterable[MeasureView], profile: Mapping[str, object], today: date
) -> list[MatchResult]:
    """Open measures only, best fit first: eligible (larger rewards first), then those that
    need information (fewest missing fields first), then near misses (closest first), then
    the rest."""
    results = [match(m, profile, today) for m in measures if m.open_on(today)]

    def rank(r: MatchResult) -> tuple[int, float, str]:
        reward = -(r.measure.amount_wan or 0.0)
        if r.verdict is Verdict.ELIGIBLE:
            return (0, reward, r.measure.id)
        if r.verdict is Verdict.NEEDS_INFO:
            return (1, len(r.missing_fields), r.measure.id)
        if r.near_miss:
            return (2, r.shortfall, r.measure.id)
        return (3, r.shortfall if math.isfinite(r.shortfall) else math.inf, r.measure.id)

    return sorted(results, key=rank)
