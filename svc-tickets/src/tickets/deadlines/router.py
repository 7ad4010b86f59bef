from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkit.validators import BoundedDate
from tickets.deadlines import service
from tickets.deadlines.schemas import DueDate

router = APIRouter(prefix="/deadlines", tags=["办理时限"])


@router.get("/due-date", response_model=DueDate, summary="按法定工作日计算办理期限")
async def due_date(
    start: Annotated[BoundedDate, Query(description="起算日期")],
    working_days: Annotated[int, Query(ge=1, le=service.MAX_WORKING_DAYS, description="工作日数")],
) -> DueDate:
    return service.due_date(start, working_days)
