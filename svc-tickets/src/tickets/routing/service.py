"""Routing rules (category × area → unit) and the unit they suggest for a ticket."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.errors import NotFound, ValidationFailed
from tickets.categories.catalogue import catalogue
from tickets.routing.models import RoutingRule
from tickets.routing.schemas import RuleIn, UnitSuggestion
from tickets.units import service as units
from tickets.units.models import Unit


def known_category(code: str) -> None:
    if catalogue().get(code) is None:
        raise ValidationFailed(f"诉求分类 {code} 不存在", code="unknown_category")


async def put_rule(session: AsyncSession, body: RuleIn, actor: str) -> RoutingRule:
    known_category(body.category)
    await units.active_unit(session, body.unit_code)
    if body.area_code is not None:
        await units.active_unit(session, body.area_code)
    rule = await session.scalar(
        select(RoutingRule).where(
            RoutingRule.category == body.category,
            RoutingRule.area_code.is_(None)
            if body.area_code is None
            else RoutingRule.area_code == body.area_code,
        )
    )
    if rule is None:
        rule = RoutingRule(category=body.category, area_code=body.area_code, created_by=actor)
        session.add(rule)
    rule.unit_code = body.unit_code
    await session.flush()
    return rule


async def delete_rule(session: AsyncSession, rule_id: uuid.UUID) -> None:
    result = await session.execute(delete(RoutingRule).where(RoutingRule.id == rule_id))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound("派单规则不存在", code="rule_not_found")


async def list_rules(session: AsyncSession) -> list[RoutingRule]:
    stmt = select(RoutingRule).order_by(RoutingRule.category, RoutingRule.area_code)
    return list((await session.scalars(stmt)).all())


def _prefixes(category: str) -> list[str]:
    parts = category.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


async def suggest_unit(
    session: AsyncSession, category: str, area_path: list[str]
) -> UnitSuggestion | None:
    """The rule with the longest matching category, then the deepest matching area (a
    rule without area applies city-wide and loses to any area rule)."""
    prefixes = _prefixes(category)
    stmt = select(RoutingRule).where(RoutingRule.category.in_(prefixes))
    candidates = [
        r
        for r in (await session.scalars(stmt)).all()
        if r.area_code is None or r.area_code in area_path
    ]
    if not candidates:
        return None

    def specificity(rule: RoutingRule) -> tuple[int, int]:
        area_depth = area_path.index(rule.area_code) + 1 if rule.area_code else 0
        return (len(rule.category), area_depth)

    best = max(candidates, key=specificity)
    unit = await session.get(Unit, best.unit_code)
    if unit is None or not unit.active:
        return None
    where = f"区域 {best.area_code}" if best.area_code else "全市"
    return UnitSuggestion(
        unit_code=unit.code,
        unit_name=unit.name,
        rule_id=best.id,
        reason=f"按责转办规则：{catalogue().get(best.category).full_name}（{where}）",  # type: ignore[union-attr]
    )
