from __future__ import annotations

from fastapi import APIRouter

from content.privacy import service
from govkit.auth import CurrentIdentity
from govkit.contracts.mydata import MyData
from govkit.db import DbSession

router = APIRouter(tags=["个人信息"])


@router.get("/me/data", response_model=MyData, summary="我的个人信息副本（留言、答卷与订阅）")
async def my_data(identity: CurrentIdentity, session: DbSession) -> MyData:
    return await service.my_data(session, identity)
