"""Eligibility conditions as data: a JSON expression tree, validated on save.

{"op": "all", "items": [
    {"op": "within", "field": "industry_code", "value": "C"},
    {"op": "gte", "field": "revenue_wan", "value": 2000},
    {"op": "any", "items": [
        {"op": "has", "field": "qualifications", "value": "高新技术企业"},
        {"op": "has", "field": "qualifications", "value": "专精特新"}]}]}
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from policy.conditions.fields import OPERATORS, PROFILE_FIELDS, FieldType
from policy.industry.catalogue import catalogue

MAX_ITEMS = 50

Scalar = int | float | str


class Compare(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    op: Literal[
        "gte",
        "gt",
        "lte",
        "lt",
        "eq",
        "ne",
        "in",
        "within",
        "years_since_gte",
        "years_since_lt",
        "has",
        "has_any",
    ]
    field: str = Field(max_length=64)
    value: Scalar | list[Scalar]

    @model_validator(mode="after")
    def fits_the_profile(self) -> Compare:
        spec = PROFILE_FIELDS.get(self.field)
        if spec is None:
            raise ValueError(f"未知的企业画像字段：{self.field}")
        if self.op not in OPERATORS[spec.type]:
            raise ValueError(f"字段“{spec.label}”不支持运算 {self.op}")
        many = self.op in ("in", "has_any")
        if many != isinstance(self.value, list) or (many and not self.value):
            raise ValueError(f"运算 {self.op} 的取值应为{'非空列表' if many else '单个值'}")
        values = self.value if isinstance(self.value, list) else [self.value]
        numeric = spec.type in (FieldType.NUMBER, FieldType.INTEGER) or self.op.startswith("years")
        for v in values:
            if numeric and (isinstance(v, bool) or not isinstance(v, int | float)):
                raise ValueError(f"字段“{spec.label}”的取值应为数字")
            if not numeric and not isinstance(v, str):
                raise ValueError(f"字段“{spec.label}”的取值应为文本")
        if spec.type == FieldType.INDUSTRY and catalogue().get(str(self.value)) is None:
            raise ValueError(f"未知的行业代码：{self.value}")
        return self


class All(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    op: Literal["all"]
    items: list[Condition] = Field(min_length=1, max_length=MAX_ITEMS)


class AnyOf(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    op: Literal["any"]
    items: list[Condition] = Field(min_length=1, max_length=MAX_ITEMS)


class Not(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    op: Literal["not"]
    item: Condition


def _kind(value: object) -> str:
    op = value.get("op") if isinstance(value, dict) else getattr(value, "op", None)
    return op if op in ("all", "any", "not") else "compare"


# Tagged by `op`, so a wrong leaf is reported as one error about that leaf.
Condition = Annotated[
    Annotated[All, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[Compare, Tag("compare")],
    Discriminator(_kind),
]

All.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


class ConditionDocument(BaseModel):
    """What a measure stores: the tree, validated as a whole."""

    model_config = ConfigDict(extra="forbid")

    condition: Condition
