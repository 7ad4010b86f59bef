from __future__ import annotations

from fastapi import APIRouter

from govkit.db import DbSession
from policy.districts import service
from policy.districts.schemas import DistrictOut

router = APIRouter(prefix="/districts", tags=["政策计算器"])


@router.get("", response_model=list[DistrictOut], summary="本市区县（计算器与政策适用地区）")
async def list_districts(session: DbSession) -> list[DistrictOut]:
    return [DistrictOut.model_validate(d) for d in await service.list_districts(session)]
