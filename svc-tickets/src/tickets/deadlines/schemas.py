from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class DueDate(BaseModel):
    start: date
    working_days: int
    due: date
    estimated: bool = Field(description="期限跨入尚未公布节假日安排的年份，暂按周一至周五估算")
    non_working_days_skipped: list[date]
