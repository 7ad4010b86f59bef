"""Evaluating a condition tree against a profile, in three-valued logic.

A leaf is True, False or None (the profile lacks the field: "needs more information").
`all` is False if any item is False, else None if any is None, else True; `any` mirrors it;
`not` keeps None. Every leaf leaves evidence (what was required, what the profile has), and a
failed tree reports its cheapest way to pass: the shortfall (relative gap on numbers) along
the best branch, so near misses can be told apart from far ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from policy.conditions.fields import OPERATOR_WORDS, PROFILE_FIELDS, FieldType
from policy.conditions.schema import All, AnyOf, Compare, Condition, Not
from policy.industry.catalogue import catalogue

Truth = bool | None


@dataclass(frozen=True)
class Evidence:
    field: str
    label: str
    required: str
    actual: str | None
    result: Truth
    message: str
    # Relative shortfall of a failed numeric comparison (0.1 = 10 % short); None otherwise.
    gap: float | None = None
    # The leaf it comes from, so a presenter can word the condition (`conditions.wording`).
    leaf: Compare | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Outcome:
    result: Truth
    evidence: list[Evidence] = field(default_factory=list)
    # Cost of the cheapest way to make the tree pass: 0 when it passes, the summed numeric
    # gaps along the best branch, infinity when only non-numeric facts could change it.
    shortfall: float = 0.0
    to_close: list[Evidence] = field(default_factory=list)

    @property
    def missing_fields(self) -> list[str]:
        return sorted({e.label for e in self.evidence if e.result is None})


def evaluate(condition: Condition, profile: Mapping[str, object], today: date) -> Outcome:
    if isinstance(condition, All):
        parts = [evaluate(c, profile, today) for c in condition.items]
        results = [p.result for p in parts]
        result: Truth = False if False in results else None if None in results else True
        failing = [p for p in parts if p.result is not True]
        return Outcome(
            result,
            [e for p in parts for e in p.evidence],
            sum(p.shortfall for p in failing),
            [e for p in failing for e in p.to_close],
        )
    if isinstance(condition, AnyOf):
        parts = [evaluate(c, profile, today) for c in condition.items]
        results = [p.result for p in parts]
        result = True if True in results else None if None in results else False
        best = min(parts, key=lambda p: p.shortfall)
        return Outcome(
            result,
            [e for p in parts for e in p.evidence],
            0.0 if result is True else best.shortfall,
            [] if result is True else best.to_close,
        )
    if isinstance(condition, Not):
        inner = evaluate(condition.item, profile, today)
        result = None if inner.result is None else not inner.result
        return Outcome(result, inner.evidence, 0.0 if result else math.inf, [])
    return _leaf(condition, profile, today)


def _leaf(leaf: Compare, profile: Mapping[str, object], today: date) -> Outcome:
    spec = PROFILE_FIELDS[leaf.field]
    required = _describe_required(leaf)
    raw = profile.get(leaf.field)
    # An empty list is a known fact (no qualifications), not a missing one.
    if raw is None or raw == "":
        evidence = Evidence(
            leaf.field,
            spec.label,
            required,
            None,
            None,
            f"{spec.label}未填写（需 {required}）",
            leaf=leaf,
        )
        return Outcome(None, [evidence], math.inf, [evidence])
    result, actual, gap = _compare(leaf, raw, today)
    message = f"{spec.label}需 {required}，当前 {actual}"
    evidence = Evidence(leaf.field, spec.label, required, actual, result, message, gap, leaf)
    if result:
        return Outcome(True, [evidence])
    return Outcome(False, [evidence], gap if gap is not None else math.inf, [evidence])


def _describe_required(leaf: Compare) -> str:
    spec = PROFILE_FIELDS[leaf.field]
    word = OPERATOR_WORDS[leaf.op]
    if leaf.op in ("in", "has_any"):
        return f"{word} {'、'.join(str(v) for v in leaf.value)}"  # type: ignore[union-attr]
    if leaf.op == "within":
        industry = catalogue().get(str(leaf.value))
        return f"{word} {leaf.value} {industry.name if industry else ''}".rstrip()
    if leaf.op.startswith("years_since"):
        return f"{word} {leaf.value} 年"
    if spec.type == FieldType.SET:
        return f"{word}“{leaf.value}”"
    return f"{word} {_fmt(float(leaf.value)) if spec.unit else leaf.value}{spec.unit}"


def _years(since: date, today: date) -> float:
    return (today - since).days / 365.2425


def _compare(leaf: Compare, raw: object, today: date) -> tuple[bool, str, float | None]:
    spec = PROFILE_FIELDS[leaf.field]
    value = leaf.value
    if spec.type in (FieldType.NUMBER, FieldType.INTEGER):
        actual = float(raw)  # type: ignore[arg-type]
        ok, gap = _numeric(leaf.op, actual, float(value))  # type: ignore[arg-type]
        return ok, f"{_fmt(actual)}{spec.unit}", gap
    if spec.type == FieldType.DATE:
        since = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        years = _years(since, today)
        op = "gte" if leaf.op == "years_since_gte" else "lt"
        ok, gap = _numeric(op, years, float(value))  # type: ignore[arg-type]
        return ok, f"{years:.1f} 年", gap
    if spec.type == FieldType.INDUSTRY:
        code = str(raw)
        industry = catalogue().get(code)
        shown = f"{code} {industry.name}" if industry else f"{code}（未知代码）"
        return catalogue().is_within(code, str(value)), shown, None
    if spec.type == FieldType.SET:
        held = set(raw) if isinstance(raw, list | set | tuple | frozenset) else {str(raw)}
        wanted = set(value) if isinstance(value, list) else {value}
        ok = bool(held & wanted) if leaf.op == "has_any" else wanted <= held
        return ok, "、".join(sorted(map(str, held))) or "无", None
    text = str(raw)
    if leaf.op == "in":
        ok = text in {str(v) for v in value}  # type: ignore[union-attr]
    else:
        ok = (text == str(value)) == (leaf.op == "eq")
    return ok, text, None


def _numeric(op: str, actual: float, required: float) -> tuple[bool, float | None]:
    ok = {
        "gte": actual >= required,
        "gt": actual > required,
        "lte": actual <= required,
        "lt": actual < required,
        "eq": actual == required,
        "ne": actual != required,
    }[op]
    if ok or op in ("eq", "ne"):
        return ok, None
    scale = abs(required) or 1.0
    return ok, abs(required - actual) / scale


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"
