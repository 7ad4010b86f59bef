from __future__ import annotations

from fastapi import APIRouter

from govkit import clock
from govkit.auth import CurrentIdentity
from govkit.contracts.mydata import MyData
from govkit.db import DbSession
from policy.privacy import service

router = APIRouter(tags=["个人信息"])


@router.get(
    "/me/data", response_model=MyData, summary="我的个人信息副本（企业画像、推送、人生大事）"
)
async def my_data(identity: CurrentIdentity, session: DbSession) -> MyData:
    return await service.my_data(session, identity, clock.today())
