"""Deadlines in working days on China's official calendar, adjusted weekends included."""

from __future__ import annotations

from datetime import date

from govkit.errors import ValidationFailed
from tickets.deadlines.calendar import add_working_days, data_years
from tickets.deadlines.schemas import DueDate

MAX_WORKING_DAYS = 365


def due_date(start: date, working_days: int) -> DueDate:
    """The date on which `working_days` working days after `start` have elapsed."""
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise ValidationFailed(
            f"工作日数应在 1–{MAX_WORKING_DAYS} 之间", code="working_days_out_of_range"
        )
    first, _ = data_years()
    if start.year < first:
        raise ValidationFailed(
            f"法定节假日数据自 {first} 年起，无法计算更早的期限", code="calendar_out_of_range"
        )
    due, estimated, skipped = add_working_days(start, working_days)
    return DueDate(
        start=start,
        working_days=working_days,
        due=due,
        estimated=estimated,
        non_working_days_skipped=skipped,
    )
