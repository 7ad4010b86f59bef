"""全生命周期: an event recorded for a person yields the ordered next steps, each with its
service item and due date."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.errors import NotFound, ValidationFailed
from policy.lifeevents.models import LifeEvent, LifeEventType
from policy.lifeevents.schemas import ChainIn, LifeEventIn, LifeEventOut, NextStep


async def get_chain(session: AsyncSession, code: str) -> LifeEventType:
    chain = await session.get(LifeEventType, code)
    if chain is None:
        raise NotFound(f"未知的人生事件类型：{code}", code="life_event_type_not_found")
    return chain


async def list_chains(session: AsyncSession) -> list[LifeEventType]:
    return list(await session.scalars(select(LifeEventType).order_by(LifeEventType.code)))


async def save_chain(session: AsyncSession, code: str, data: ChainIn) -> LifeEventType:
    chain = await session.get(LifeEventType, code, with_for_update=True)
    steps = [s.model_dump() for s in data.steps]
    if chain is None:
        chain = LifeEventType(code=code, name=data.name, steps=steps, version=1)
        session.add(chain)
    else:
        chain.name, chain.steps, chain.version = data.name, steps, chain.version + 1
    await session.flush()
    return chain


def next_steps(chain: LifeEventType, occurred_on: date, today: date) -> list[NextStep]:
    steps = []
    for order, step in enumerate(chain.steps, start=1):
        due = occurred_on + timedelta(days=int(step["due_days"]))
        steps.append(
            NextStep(
                order=order,
                title=step["title"],
                service=step["service"],
                due_on=due,
                overdue=due < today,
                note=step.get("note", ""),
            )
        )
    return steps


async def record_event(
    session: AsyncSession, subject: str, data: LifeEventIn, today: date
) -> LifeEventOut:
    chain = await get_chain(session, data.event_type)
    if data.occurred_on > today + timedelta(days=366):
        raise ValidationFailed("事件日期不能晚于一年以后", code="occurred_on_too_late")
    event = LifeEvent(subject=subject, event_type=chain.code, occurred_on=data.occurred_on)
    session.add(event)
    await session.flush()
    return LifeEventOut(
        id=event.id,
        event_type=chain.code,
        event_name=chain.name,
        occurred_on=event.occurred_on,
        next_steps=next_steps(chain, event.occurred_on, today),
    )


async def my_events(session: AsyncSession, subject: str, today: date) -> list[LifeEventOut]:
    rows = await session.execute(
        select(LifeEvent, LifeEventType)
        .join(LifeEventType, LifeEventType.code == LifeEvent.event_type)
        .where(LifeEvent.subject == subject)
        .order_by(LifeEvent.occurred_on.desc())
        .limit(100)
    )
    return [
        LifeEventOut(
            id=e.id,
            event_type=t.code,
            event_name=t.name,
            occurred_on=e.occurred_on,
            next_steps=next_steps(t, e.occurred_on, today),
        )
        for e, t in rows.all()
    ]
