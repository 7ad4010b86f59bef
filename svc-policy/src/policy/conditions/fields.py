"""The enterprise-profile fields a condition may read, with their types and Chinese labels.
A condition is validated against this table when a measure is saved."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldType(StrEnum):
    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"  # compared with eq / ne / in
    INDUSTRY = "industry"  # GB/T 4754 code, compared with within (a code subtree)
    DATE = "date"  # compared with years_since_gte / years_since_lt
    SET = "set"  # qualifications, tags: has / has_any


@dataclass(frozen=True)
class ProfileField:
    name: str
    type: FieldType
    label: str
    unit: str = ""


PROFILE_FIELDS = {
    f.name: f
    for f in (
        ProfileField("industry_code", FieldType.INDUSTRY, "所属行业"),
        ProfileField("size_class", FieldType.TEXT, "企业规模"),
        ProfileField("revenue_wan", FieldType.NUMBER, "营业收入", "万元"),
        ProfileField("employees", FieldType.INTEGER, "从业人员", "人"),
        ProfileField("total_assets_wan", FieldType.NUMBER, "资产总额", "万元"),
        ProfileField("rd_ratio", FieldType.NUMBER, "研发投入占比", "%"),
        ProfileField("district", FieldType.TEXT, "所在区县"),
        ProfileField("founded_on", FieldType.DATE, "成立日期"),
        ProfileField("qualifications", FieldType.SET, "企业资质"),
        ProfileField("tags", FieldType.SET, "企业标签"),
    )
}

# Which operators each type of field takes.
OPERATORS: dict[FieldType, frozenset[str]] = {
    FieldType.NUMBER: frozenset({"gte", "gt", "lte", "lt", "eq", "ne"}),
    FieldType.INTEGER: frozenset({"gte", "gt", "lte", "lt", "eq", "ne"}),
    FieldType.TEXT: frozenset({"eq", "ne", "in"}),
    FieldType.INDUSTRY: frozenset({"within"}),
    FieldType.DATE: frozenset({"years_since_gte", "years_since_lt"}),
    FieldType.SET: frozenset({"has", "has_any"}),
}

OPERATOR_WORDS = {
    "gte": "≥",
    "gt": ">",
    "lte": "≤",
    "lt": "<",
    "eq": "为",
    "ne": "不为",
    "in": "属于",
    "within": "属于",
    "years_since_gte": "成立满",
    "years_since_lt": "成立不满",
    "has": "具有",
    "has_any": "具有其一",
}
