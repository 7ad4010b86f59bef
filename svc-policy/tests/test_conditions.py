"""Conditions as validated data, three-valued evaluation with evidence, near misses, ranking."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from policy.conditions.calculator import MeasureView, Verdict, calculate, match
from policy.conditions.evaluate import evaluate
from policy.conditions.schema import ConditionDocument

TODAY = date(2026, 11, 23)


def cond(tree: dict):  # type: ignore[no-untyped-def,type-arg]
    return ConditionDocument.model_validate({"condition": tree}).condition


HIGH_TECH_MANUFACTURER = cond(
    {
        "op": "all",
        "items": [
            {"op": "within", "field": "industry_code", "value": "C"},
            {"op": "gte", "field": "revenue_wan", "value": 2000},
            {
                "op": "any",
                "items": [
                    {"op": "has", "field": "qualifications", "value": "高新技术企业"},
                    {"op": "has", "field": "qualifications", "value": "专精特新"},
                ],
            },
        ],
    }
)
PROFILE = {
    "industry_code": "3911",  # 计算机整机制造, under C
    "revenue_wan": 2500,
    "qualifications": ["专精特新"],
    "founded_on": date(2019, 5, 1),
    "district": "xc",
}


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"op": "gte", "field": "salary", "value": 1}, "未知的企业画像字段"),
        ({"op": "gte", "field": "revenue_wan", "value": "多"}, "应为数字"),
        ({"op": "within", "field": "revenue_wan", "value": "C"}, "不支持运算"),
        ({"op": "within", "field": "industry_code", "value": "Q9"}, "未知的行业代码"),
        ({"op": "in", "field": "district", "value": "xc"}, "非空列表"),
        ({"op": "has", "field": "qualifications", "value": 3}, "应为文本"),
        ({"op": "all", "items": []}, "at least 1"),
        ({"op": "xor", "field": "district", "value": "xc"}, "xor"),
    ],
)
def test_a_condition_that_does_not_fit_the_profile_schema_is_refused(tree, message):
    with pytest.raises(ValidationError) as raised:
        cond(tree)
    assert message in str(raised.value)


def test_every_leaf_leaves_evidence():
    outcome = evaluate(HIGH_TECH_MANUFACTURER, PROFILE, TODAY)
    assert outcome.result is True
    by_field = {e.field: e for e in outcome.evidence}
    assert by_field["revenue_wan"].message == "营业收入需 ≥ 2000万元，当前 2500万元"
    assert by_field["industry_code"].result is True
    assert len(outcome.evidence) == 4


def test_a_missing_field_makes_the_answer_unknown_not_false():
    profile = {**PROFILE}
    del profile["revenue_wan"]
    outcome = evaluate(HIGH_TECH_MANUFACTURER, profile, TODAY)
    assert outcome.result is None and outcome.missing_fields == ["营业收入"]


def test_false_wins_over_unknown_in_all_and_true_wins_in_any():
    profile = {"industry_code": "5111"}  # wholesale: not C; revenue unknown
    assert evaluate(HIGH_TECH_MANUFACTURER, profile, TODAY).result is False
    either = cond(
        {
            "op": "any",
            "items": [
                {"op": "gte", "field": "employees", "value": 10},
                {"op": "in", "field": "district", "value": ["xc", "pq"]},
            ],
        }
    )
    assert evaluate(either, {"district": "xc"}, TODAY).result is True
    assert evaluate(either, {"district": "lj"}, TODAY).result is None
    negated = cond({"op": "not", "item": {"op": "eq", "field": "size_class", "value": "大型"}})
    assert evaluate(negated, {"size_class": "小型"}, TODAY).result is True
    assert evaluate(negated, {}, TODAY).result is None


def test_years_in_business_are_counted_from_the_founding_date():
    young = cond({"op": "years_since_gte", "field": "founded_on", "value": 3})
    assert evaluate(young, {"founded_on": date(2023, 11, 1)}, TODAY).result is True
    assert evaluate(young, {"founded_on": "2024-01-01"}, TODAY).result is False


def test_a_narrow_numeric_miss_is_a_near_miss_with_what_is_missing():
    measure = MeasureView("m1", "研发奖励", "资金奖励", HIGH_TECH_MANUFACTURER, amount_wan=50)
    result = match(measure, {**PROFILE, "revenue_wan": 1800}, TODAY)
    assert result.verdict is Verdict.NOT_ELIGIBLE and result.near_miss
    assert result.to_close == ["营业收入需 ≥ 2000万元，当前 1800万元"]


def test_a_far_or_non_numeric_miss_is_not_a_near_miss():
    measure = MeasureView("m1", "研发奖励", "资金奖励", HIGH_TECH_MANUFACTURER)
    far = match(measure, {**PROFILE, "revenue_wan": 500}, TODAY)
    assert far.verdict is Verdict.NOT_ELIGIBLE and not far.near_miss
    other_trade = match(measure, {**PROFILE, "industry_code": "5111"}, TODAY)
    assert not other_trade.near_miss and other_trade.to_close == []


def test_the_calculator_ranks_by_fit_then_reward_and_skips_closed_windows():
    small = cond({"op": "lte", "field": "employees", "value": 300})
    needs = cond({"op": "gte", "field": "rd_ratio", "value": 3})
    measures = [
        MeasureView("a", "小额补贴", "补贴补助", small, amount_wan=5),
        MeasureView("b", "大额奖励", "资金奖励", small, amount_wan=100),
        MeasureView("c", "研发加计", "税收相关", needs),
        MeasureView("d", "差一点", "资金奖励", HIGH_TECH_MANUFACTURER),
        MeasureView("e", "已截止", "资金奖励", small, closes_on=date(2026, 1, 1)),
        MeasureView("f", "未开始", "资金奖励", small, opens_on=date(2027, 1, 1)),
    ]
    profile = {**PROFILE, "employees": 120, "revenue_wan": 1900}
    ranked = calculate(measures, profile, TODAY)
    assert [r.measure.id for r in ranked] == ["b", "a", "c", "d"]
    assert [r.verdict for r in ranked] == [
        Verdict.ELIGIBLE,
        Verdict.ELIGIBLE,
        Verdict.NEEDS_INFO,
        Verdict.NOT_ELIGIBLE,
    ]
    assert ranked[2].missing_fields == ["研发投入占比"] and ranked[3].near_miss
