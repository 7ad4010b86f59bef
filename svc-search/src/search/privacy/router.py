"""svc-search keeps nothing per person: its query log has the masked query text and no
user, address or token (analytics/models.py), and its documents are public copies that
their owners mask and withdraw. Its answer says so, and its erasure confirms at once."""

from __future__ import annotations

from fastapi import APIRouter

from govkit.auth import CurrentIdentity
from govkit.contracts.mydata import MyData
from search.messages import MY_DATA_NOTE, SERVICE_TITLE

router = APIRouter(tags=["个人信息"])


@router.get("/me/data", response_model=MyData, summary="我的个人信息副本（统一搜索不保存个人信息）")
async def my_data(_: CurrentIdentity) -> MyData:
    return MyData(service="search", title=SERVICE_TITLE, sections=[], note=MY_DATA_NOTE)
