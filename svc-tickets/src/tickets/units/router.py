from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkit.db import DbSession
from tickets.units import service
from tickets.units.schemas import UnitOut

router = APIRouter(prefix="/units", tags=["承办单位"])


@router.get("", response_model=list[UnitOut], summary="承办单位（按上级单位逐级展开）")
async def list_units(
    session: DbSession,
    parent: Annotated[
        str | None, Query(max_length=32, description="上级单位编码，缺省为根")
    ] = None,
) -> list[UnitOut]:
    return [UnitOut.model_validate(u) for u in await service.list_units(session, parent)]
