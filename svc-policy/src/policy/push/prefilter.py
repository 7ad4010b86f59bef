"""A condition tree as a SQL prefilter over enterprise profiles.

The prefilter may only ever let through too many rows, never too few: every profile it drops
must be one the exact evaluation would not find eligible. A missing value (NULL) cannot be
eligible, so SQL's NULL-is-false is right here; `not` is not translated (NULL semantics would
make it drop rows wrongly), nor are fields without a column mapping — they become TRUE and
the exact evaluation decides."""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import cache

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.dialects.postgresql import array

from policy.conditions.schema import All, AnyOf, Compare, Condition, Not
from policy.industry.catalogue import catalogue
from policy.profiles.models import EnterpriseProfile as P

YEAR_DAYS = 365.2425  # as in the exact evaluation

COLUMNS = {
    "industry_code": P.industry_code,
    "size_class": P.size_class,
    "revenue_wan": P.revenue_wan,
    "employees": P.employees,
    "total_assets_wan": P.total_assets_wan,
    "rd_ratio": P.rd_ratio,
    "district": P.district,
    "founded_on": P.founded_on,
    "qualifications": P.qualifications,
    "tags": P.tags,
}


def to_sql(condition: Condition, today: date) -> ColumnElement[bool]:
    if isinstance(condition, All):
        return and_(*(to_sql(c, today) for c in condition.items))
    if isinstance(condition, AnyOf):
        return or_(*(to_sql(c, today) for c in condition.items))
    if isinstance(condition, Not):
        return true()
    return _leaf(condition, today)


def _leaf(leaf: Compare, today: date) -> ColumnElement[bool]:
    column = COLUMNS.get(leaf.field)
    if column is None:
        return true()
    value = leaf.value
    match leaf.op:
        case "gte":
            return column >= value
        case "gt":
            return column > value
        case "lte":
            return column <= value
        case "lt":
            return column < value
        case "eq":
            return column == value
        case "ne":
            return column != value
        case "in":
            return column.in_(list(value))  # type: ignore[arg-type]
        case "within":
            codes = _subtree_codes(str(value))
            return column.in_(codes) if codes else false()
        case "has":
            return column.contains(array([value]))
        case "has_any":
            return column.overlap(array(list(value)))  # type: ignore[arg-type]
        # Rounded so the prefilter is never stricter than the exact day-count evaluation.
        case "years_since_gte":
            days = math.floor(float(value) * YEAR_DAYS)  # type: ignore[arg-type]
            return column <= today - timedelta(days=days)
        case "years_since_lt":
            days = math.ceil(float(value) * YEAR_DAYS)  # type: ignore[arg-type]
            return column > today - timedelta(days=days)
    return true()


@cache
def _subtree_codes(ancestor: str) -> list[str]:
    c = catalogue()
    return [code for code in c.codes() if c.is_within(code, ancestor)]
