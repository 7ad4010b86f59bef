"""The account's own records (个人信息保护法 第45条) and their erasure (第47条): an
enterprise's profile, push notices and subscription, a citizen's life events. Erased, all of
them are deleted: none is needed for statistics."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from govkit.contracts import UserErased
from govkit.contracts.mydata import MyData, MyDataSection
from policy.lifeevents.models import LifeEvent
from policy.lifeevents.service import my_events
from policy.policies.models import Measure
from policy.privacy import messages
from policy.profiles.models import EnterpriseProfile
from policy.push.models import Notice
from policy.push.subscriptions import Subscription

SERVICE = "policy"


async def _credit_codes(session: AsyncSession, subject: str, credit_code: str | None) -> set[str]:
    owned = await session.scalars(
        select(EnterpriseProfile.credit_code).where(EnterpriseProfile.owner == subject)
    )
    return {*owned.all(), *([credit_code] if credit_code else [])}


async def my_data(session: AsyncSession, identity: Identity, today: date) -> MyData:
    codes = await _credit_codes(session, identity.subject, identity.credit_code)
    profiles = await session.scalars(
        select(EnterpriseProfile).where(EnterpriseProfile.credit_code.in_(codes))
    )
    notices = await session.execute(
        select(Notice, Measure.title)
        .join(Measure, Measure.id == Notice.measure_id)
        .where(Notice.credit_code.in_(codes))
        .order_by(Notice.created_at)
    )
    subscriptions = await session.scalars(
        select(Subscription).where(Subscription.credit_code.in_(codes))
    )
    events = await my_events(session, identity.subject, today)
    profile_fields = [c.key for c in EnterpriseProfile.__table__.columns]
    sections = [
        (
            "profiles",
            messages.PROFILE,
            [
                {k: _plain(getattr(p, k)) for k in profile_fields if k != "owner"}
                for p in profiles.all()
            ],
        ),
        (
            "notices",
            messages.NOTICES,
            [
                {
                    "measure_title": title,
                    "created_at": n.created_at.isoformat(),
                    "read_at": n.read_at.isoformat() if n.read_at else None,
                }
                for n, title in notices.all()
            ],
        ),
        (
            "subscriptions",
            messages.SUBSCRIPTION,
            [
                {"reward_types": s.reward_types, "industries": s.industries}
                for s in subscriptions.all()
            ],
        ),
        ("life_events", messages.LIFE_EVENTS, [e.model_dump(mode="json") for e in events]),
    ]
    return MyData(
        service=SERVICE,
        title=messages.SERVICE_TITLE,
        sections=[MyDataSection(key=k, title=t, items=i) for k, t, i in sections],
    )


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


async def erase_account(session: AsyncSession, erased: UserErased) -> dict[str, int]:
    subject = str(erased.user_id)
    codes = await _credit_codes(session, subject, erased.credit_code)
    removed = {}
    statements = {
        "notices_deleted": delete(Notice).where(Notice.credit_code.in_(codes)),
        "subscriptions_deleted": delete(Subscription).where(Subscription.credit_code.in_(codes)),
        "profiles_deleted": delete(EnterpriseProfile).where(
            or_(EnterpriseProfile.owner == subject, EnterpriseProfile.credit_code.in_(codes))
        ),
        "life_events_deleted": delete(LifeEvent).where(LifeEvent.subject == subject),
    }
    for name, statement in statements.items():
        result = await session.execute(statement)
        removed[name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return removed
