from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.errors import NotFound
from govkit.pagination import Page, Pagination, paginate
from policy.policies.models import Measure
from policy.profiles.service import own_credit_code
from policy.push import subscriptions
from policy.push.models import Notice
from policy.push.subscriptions import SubscriptionIn, SubscriptionOut

router = APIRouter(prefix="/notices", tags=["政策推送"])


class NoticeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    measure_id: uuid.UUID
    title: str
    reward_type: str
    created_at: datetime
    read_at: datetime | None


@router.get("/me", response_model=Page[NoticeOut], summary="本企业收到的政策推送")
async def my_notices(
    identity: CurrentIdentity, session: DbSession, page: Pagination
) -> Page[NoticeOut]:
    code = own_credit_code(identity)
    stmt = select(Notice).where(Notice.credit_code == code)
    notices, next_cursor = await paginate(
        session,
        stmt,
        keys=[Notice.created_at, Notice.id],
        params=page,
        key_of=lambda n: [n.created_at, n.id],
    )
    measures = {
        m.id: m
        for m in await session.scalars(
            select(Measure).where(Measure.id.in_([n.measure_id for n in notices]))
        )
    }
    items = [
        NoticeOut(
            id=n.id,
            measure_id=n.measure_id,
            title=measures[n.measure_id].title,
            reward_type=measures[n.measure_id].reward_type,
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n in notices
    ]
    return Page(items=items, next_cursor=next_cursor, limit=page.limit)


@router.post("/{notice_id}/read", status_code=204, summary="标记为已读")
async def mark_read(notice_id: uuid.UUID, identity: CurrentIdentity, session: DbSession) -> None:
    notice = await session.get(Notice, notice_id)
    if notice is None or notice.credit_code != own_credit_code(identity):
        raise NotFound("推送不存在", code="notice_not_found")
    notice.read_at = notice.read_at or datetime.now(UTC)


@router.get("/subscription", response_model=SubscriptionOut, summary="本企业的推送订阅")
async def get_subscription(identity: CurrentIdentity, session: DbSession) -> SubscriptionOut:
    return await subscriptions.get(session, own_credit_code(identity))


@router.put(
    "/subscription", response_model=SubscriptionOut, summary="订阅奖励类型或行业（留空为全部）"
)
async def put_subscription(
    body: SubscriptionIn, identity: CurrentIdentity, session: DbSession
) -> SubscriptionOut:
    return await subscriptions.save(session, own_credit_code(identity), body)
