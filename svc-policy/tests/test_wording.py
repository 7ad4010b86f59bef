"""Conditions read as plain Chinese: every field and every operator has its sentence."""

from __future__ import annotations

import pytest

from policy.conditions.fields import OPERATORS, PROFILE_FIELDS
from policy.conditions.schema import ConditionDocument
from policy.conditions.wording import industry_name, sentence, sentences

DISTRICTS = {"xc": "新城区", "gx": "高新技术产业开发区"}


def worded(condition: dict) -> str:  # type: ignore[type-arg]
    tree = ConditionDocument.model_validate({"condition": condition}).condition
    return sentence(tree, DISTRICTS)


def leaf(op: str, field: str, value: object) -> dict:  # type: ignore[type-arg]
    return {"op": op, "field": field, "value": value}


CASES = [
    (leaf("within", "industry_code", "C"), "所属行业：制造业（C）"),
    (leaf("within", "industry_code", "39"), "所属行业：计算机、通信和其他电子设备制造业（C39）"),
    (leaf("within", "industry_code", "3911"), "所属行业：计算机整机制造（C3911）"),
    (leaf("gte", "revenue_wan", 2000), "营业收入不低于 2000 万元"),
    (leaf("gt", "revenue_wan", 2000), "营业收入高于 2000 万元"),
    (leaf("lte", "revenue_wan", 2000.5), "营业收入不高于 2000.5 万元"),
    (leaf("lt", "revenue_wan", 2000), "营业收入低于 2000 万元"),
    (leaf("eq", "revenue_wan", 0), "营业收入为 0 万元"),
    (leaf("ne", "revenue_wan", 0), "营业收入不为 0 万元"),
    (leaf("gte", "total_assets_wan", 5000), "资产总额不低于 5000 万元"),
    (leaf("gte", "rd_ratio", 3), "研发投入占比不低于 3%"),
    (leaf("gte", "employees", 50), "从业人员不少于 50 人"),
    (leaf("gt", "employees", 50), "从业人员多于 50 人"),
    (leaf("lte", "employees", 50), "从业人员不多于 50 人"),
    (leaf("lt", "employees", 50), "从业人员少于 50 人"),
    (leaf("eq", "employees", 50), "从业人员为 50 人"),
    (leaf("ne", "employees", 50), "从业人员不为 50 人"),
    (leaf("eq", "size_class", "小型"), "企业规模为小型"),
    (leaf("ne", "size_class", "大型"), "企业规模不为大型"),
    (leaf("in", "size_class", ["中型", "小型", "微型"]), "企业规模为中型、小型或微型"),
    (leaf("eq", "district", "xc"), "所在区县为新城区"),
    (leaf("ne", "district", "xc"), "所在区县不为新城区"),
    (leaf("in", "district", ["gx", "xc"]), "所在区县为高新技术产业开发区或新城区"),
    (leaf("in", "district", ["zz"]), "所在区县为zz"),  # a code nobody named stays as it is
    (leaf("years_since_gte", "founded_on", 2), "成立满 2 年"),
    (leaf("years_since_lt", "founded_on", 3), "成立不满 3 年"),
    (leaf("has", "qualifications", "高新技术企业"), "具有高新技术企业资质"),
    (
        leaf("has_any", "qualifications", ["高新技术企业", "专精特新"]),
        "具有高新技术企业、专精特新资质之一",
    ),
    (leaf("has", "tags", "首次规上"), "企业标签含“首次规上”"),
    (leaf("has_any", "tags", ["出口", "外资"]), "企业标签含“出口”“外资”之一"),
]


@pytest.mark.parametrize(("condition", "expected"), CASES, ids=[c[1] for c in CASES])
def test_each_condition_reads_as_a_sentence(condition, expected):
    assert worded(condition) == expected


def test_every_field_and_every_operator_of_its_type_is_covered():
    assert {c["field"] for c, _ in CASES} == set(PROFILE_FIELDS)
    covered = {(PROFILE_FIELDS[c["field"]].type, c["op"]) for c, _ in CASES}
    every = {(spec.type, op) for spec in PROFILE_FIELDS.values() for op in OPERATORS[spec.type]}
    assert every - covered == set()


def test_a_measure_lists_one_sentence_per_condition_and_nests_any_and_not():
    tree = ConditionDocument.model_validate(
        {
            "condition": {
                "op": "all",
                "items": [
                    leaf("within", "industry_code", "C"),
                    leaf("gte", "revenue_wan", 2000),
                    {
                        "op": "any",
                        "items": [
                            leaf("has", "qualifications", "高新技术企业"),
                            leaf("has", "qualifications", "专精特新"),
                        ],
                    },
                    {"op": "not", "item": leaf("eq", "size_class", "大型")},
                ],
            }
        }
    ).condition
    assert sentences(tree, DISTRICTS) == [
        "所属行业：制造业（C）",
        "营业收入不低于 2000 万元",
        "满足其一：具有高新技术企业资质；或具有专精特新资质",
        "不满足：企业规模为大型",
    ]


def test_no_sentence_shows_json_or_operator_codes():
    for condition, _ in CASES:
        text = worded(condition)
        assert not any(mark in text for mark in '{}[]"') and condition["op"] not in text


def test_an_unknown_industry_code_is_named_as_unknown():
    assert industry_name("9999") == "9999（未知代码）"
