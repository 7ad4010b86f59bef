"""千人千网 endpoints: a logged-in person's follows and personal feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from content.subscriptions import service
from content.subscriptions.schemas import FeedOut, FollowsIn, FollowsOut
from govkit.auth import CurrentIdentity
from govkit.db import DbSession

router = APIRouter(tags=["千人千网"])


@router.get("/subscriptions/me", response_model=FollowsOut, summary="我关注的标签和栏目")
async def my_follows(session: DbSession, identity: CurrentIdentity) -> FollowsOut:
    return await service.follows(session, identity)


@router.put("/subscriptions/me", response_model=FollowsOut, summary="设置我关注的标签和栏目")
async def set_follows(body: FollowsIn, session: DbSession, identity: CurrentIdentity) -> FollowsOut:
    await service.replace_follows(session, identity, body)
    return await service.follows(session, identity)


@router.get("/feed/me", response_model=FeedOut, summary="猜你想看、猜你想问、猜你想办")
async def my_feed(
    session: DbSession,
    identity: CurrentIdentity,
    site: Annotated[
        str | None, Query(max_length=64, description="未关注任何内容时，推荐该站点的最新信息")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=20, description="每组条数，1–20")] = 6,
) -> FeedOut:
    return await service.feed(session, identity, site, limit)
