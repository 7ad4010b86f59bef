from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from govkit.auth import Identity, require_roles
from govkit.db import DbSession
from tickets.categories.catalogue import catalogue
from tickets.routing import service
from tickets.routing.models import RoutingRule
from tickets.routing.schemas import RuleIn, RuleOut, UnitSuggestion
from tickets.units.service import active_unit

router = APIRouter(prefix="/routing", tags=["按责转办规则"])
Dispatcher = Annotated[Identity, Depends(require_roles("dispatcher"))]


def rule_out(rule: RoutingRule) -> RuleOut:
    out = RuleOut.model_validate(rule)
    category = catalogue().get(rule.category)
    out.category_name = category.full_name if category else rule.category
    return out


@router.get("/rules", response_model=list[RuleOut], summary="派单规则")
async def list_rules(session: DbSession, _: Dispatcher) -> list[RuleOut]:
    return [rule_out(r) for r in await service.list_rules(session)]


@router.put("/rules", response_model=RuleOut, summary="设置派单规则（分类 × 区域 → 单位）")
async def put_rule(body: RuleIn, session: DbSession, dispatcher: Dispatcher) -> RuleOut:
    return rule_out(await service.put_rule(session, body, dispatcher.subject))


@router.delete("/rules/{rule_id}", status_code=204, summary="删除派单规则")
async def delete_rule(rule_id: uuid.UUID, session: DbSession, _: Dispatcher) -> None:
    await service.delete_rule(session, rule_id)


@router.get("/suggest", response_model=UnitSuggestion | None, summary="按分类与区域建议承办单位")
async def suggest(
    session: DbSession,
    _: Dispatcher,
    category: Annotated[str, Query(max_length=16)],
    area: Annotated[str | None, Query(max_length=32)] = None,
) -> UnitSuggestion | None:
    service.known_category(category)
    path: list[str] = []
    if area:
        path = list((await active_unit(session, area)).path)
    return await service.suggest_unit(session, category, path)
