from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter

from govkit import clock
from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.errors import NotFound
from govkit.pagination import Page, Pagination
from policy.profiles.service import own_credit_code
from policy.push import notices, subscriptions
from policy.push.models import Notice
from policy.push.schemas import NoticeOut
from policy.push.subscriptions import SubscriptionIn, SubscriptionOut

router = APIRouter(prefix="/notices", tags=["政策推送"])


@router.get("/me", response_model=Page[NoticeOut], summary="本企业收到的政策推送与申报入口")
async def my_notices(
    identity: CurrentIdentity, session: DbSession, page: Pagination
) -> Page[NoticeOut]:
    return await notices.inbox(session, own_credit_code(identity), page, clock.today())


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
