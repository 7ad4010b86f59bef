from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from govkit import clock
from govkit.auth import CurrentIdentity, Identity, require_roles
from govkit.db import DbSession
from govkit.errors import Forbidden
from policy.lifeevents import service
from policy.lifeevents.schemas import ChainIn, ChainOut, LifeEventIn, LifeEventOut

router = APIRouter(tags=["全生命周期服务"])
Officer = Annotated[Identity, Depends(require_roles("policy_officer"))]
Code = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,31}$")]


def _out(chain) -> ChainOut:  # type: ignore[no-untyped-def]
    return ChainOut(code=chain.code, name=chain.name, steps=chain.steps, version=chain.version)


@router.get("/life-event-types", response_model=list[ChainOut], summary="人生事件及后续事项")
async def list_chains(session: DbSession) -> list[ChainOut]:
    return [_out(c) for c in await service.list_chains(session)]


@router.get(
    "/life-event-types/{code}",
    response_model=ChainOut,
    summary="一个人生事件及其后续事项（按办理顺序）",
)
async def get_chain(code: Code, session: DbSession) -> ChainOut:
    return _out(await service.get_chain(session, code))


@router.put(
    "/life-event-types/{code}", response_model=ChainOut, summary="配置人生事件链（政策专员）"
)
async def save_chain(code: Code, body: ChainIn, session: DbSession, _: Officer) -> ChainOut:
    return _out(await service.save_chain(session, code, body))


@router.post(
    "/life-events",
    response_model=LifeEventOut,
    status_code=201,
    summary="登记人生事件，获取后续办事提醒",
)
async def record(body: LifeEventIn, identity: CurrentIdentity, session: DbSession) -> LifeEventOut:
    if identity.kind != "citizen":
        raise Forbidden("人生事件由群众本人登记", code="not_a_citizen")
    return await service.record_event(session, identity.subject, body, clock.today())


@router.get("/life-events/me", response_model=list[LifeEventOut], summary="我的人生事件与待办事项")
async def mine(identity: CurrentIdentity, session: DbSession) -> list[LifeEventOut]:
    return await service.my_events(session, identity.subject, clock.today())
