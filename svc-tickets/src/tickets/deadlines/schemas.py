from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class DueDate(BaseModel):
    start: date
    working_days: int
    due: date
    non_working_days_skipped: list[date]
