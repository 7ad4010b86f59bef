"""Policies and measures as the API shows them: conditions worded in Chinese (never the
JSON alone), industries and districts by name."""

from __future__ import annotations

from collections.abc import Mapping

from policy.conditions.wording import industry_name, sentences
from policy.policies.models import Measure, Policy
from policy.policies.schemas import MeasureOut, PolicyOut, PolicySummaryOut
from policy.policies.service import condition_of


def measure_out(measure: Measure, districts: Mapping[str, str] | None = None) -> MeasureOut:
    out = MeasureOut.model_validate(measure)
    out.conditions = sentences(condition_of(measure), districts)
    return out


def industry_names(codes: list[str]) -> list[str]:
    return [industry_name(code) for code in codes]


def district_names(codes: list[str], districts: Mapping[str, str]) -> list[str]:
    return [districts.get(code, code) for code in codes]


def summary_out(policy: Policy, summary: tuple[int, list[str]] | None) -> PolicySummaryOut:
    count, reward_types = summary or (0, [])
    return PolicySummaryOut(
        **PolicyOut.model_validate(policy).model_dump(),
        industry_names=industry_names(policy.industries),
        measure_count=count,
        reward_types=reward_types,
    )
