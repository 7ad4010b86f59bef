"""Conditions in plain Chinese: the one presenter that turns a stored tree into the sentences
the portal shows ("所属行业：制造业（C）", "营业收入不低于 2000 万元", "具有高新技术企业资质"),
so no page ever shows the JSON. District codes become names through `districts`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policy.conditions.fields import PROFILE_FIELDS, FieldType
from policy.conditions.schema import All, AnyOf, Compare, Condition, Not
from policy.industry.catalogue import catalogue

# Comparison words by field type: amounts are 低于/高于, head counts 少于/多于.
_AMOUNT_WORDS = {
    "gte": "不低于",
    "gt": "高于",
    "lte": "不高于",
    "lt": "低于",
    "eq": "为",
    "ne": "不为",
}
_COUNT_WORDS = _AMOUNT_WORDS | {"gte": "不少于", "gt": "多于", "lte": "不多于", "lt": "少于"}
_SET_NOUNS = {"qualifications": "资质", "tags": "标签"}

ALL_OF = "同时满足：{items}"
ANY_OF = "满足其一：{items}"
NONE_OF = "不满足：{item}"
UNKNOWN_INDUSTRY = "（未知代码）"


def sentences(condition: Condition, districts: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per condition a measure lists: the items of a top-level `all` each on
    their own line, anything else as one sentence."""
    if isinstance(condition, All):
        return [sentence(item, districts) for item in condition.items]
    return [sentence(condition, districts)]


def sentence(condition: Condition, districts: Mapping[str, str] | None = None) -> str:
    names = districts or {}
    if isinstance(condition, All):
        return ALL_OF.format(items="；".join(sentence(c, names) for c in condition.items))
    if isinstance(condition, AnyOf):
        return ANY_OF.format(items="；或".join(sentence(c, names) for c in condition.items))
    if isinstance(condition, Not):
        return NONE_OF.format(item=sentence(condition.item, names))
    return leaf(condition, names)


def industry_name(code: str) -> str:
    """制造业（C）, 计算机、通信和其他电子设备制造业（C39）: the name with the code as
    GB/T 4754 writes it (section letter first)."""
    lineage = catalogue().lineage(code)
    if not lineage:
        return f"{code}{UNKNOWN_INDUSTRY}"
    node, section = lineage[-1], lineage[0]
    shown = node.code if node is section else f"{section.code}{node.code}"
    return f"{node.name}（{shown}）"


def leaf(leaf: Compare, districts: Mapping[str, str]) -> str:
    spec = PROFILE_FIELDS[leaf.field]
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    if spec.type == FieldType.INDUSTRY:
        return f"{spec.label}：{industry_name(str(leaf.value))}"
    if spec.type == FieldType.DATE:
        word = "成立满" if leaf.op == "years_since_gte" else "成立不满"
        return f"{word} {_number(leaf.value)} 年"
    if spec.type == FieldType.SET:
        noun = _SET_NOUNS.get(leaf.field, "")
        if leaf.field == "qualifications":
            held = "、".join(map(str, values))
            return f"具有{held}{noun}" + ("之一" if leaf.op == "has_any" else "")
        quoted = "".join(f"“{v}”" for v in values)
        return f"企业{noun}含{quoted}" + ("之一" if leaf.op == "has_any" else "")
    if spec.type == FieldType.TEXT:
        shown = [str(v) for v in values]
        if leaf.field == "district":
            shown = [districts.get(v, v) for v in shown]
        word = "不为" if leaf.op == "ne" else "为"
        return f"{spec.label}{word}{either(shown)}"
    words = _COUNT_WORDS if spec.type == FieldType.INTEGER else _AMOUNT_WORDS
    amount = _number(leaf.value)
    unit = spec.unit if spec.unit == "%" else f" {spec.unit}" if spec.unit else ""
    return f"{spec.label}{words[leaf.op]} {amount}{unit}"


def either(names: Sequence[str]) -> str:
    """甲、乙或丙."""
    if len(names) <= 1:
        return "".join(names)
    return f"{'、'.join(names[:-1])}或{names[-1]}"


def _number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:g}"
