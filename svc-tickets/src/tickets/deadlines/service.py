"""Deadlines in working days on China's official calendar, adjusted weekends included
(`chinesecalendar`, not a hand-written holiday list)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from govkit.errors import ValidationFailed

from .schemas import DueDate

MAX_WORKING_DAYS = 365


def due_date(start: date, working_days: int) -> DueDate:
    """The date on which `working_days` working days after `start` have elapsed."""
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise ValidationFailed(
            f"工作日数应在 1–{MAX_WORKING_DAYS} 之间", code="working_days_out_of_range"
        )
    try:
        due = chinese_calendar.find_workday(working_days, start)
        skipped = [
            start + timedelta(days=i)
            for i in range(1, (due - start).days)
            if not chinese_calendar.is_workday(start + timedelta(days=i))
        ]
    except NotImplementedError as exc:
        first, last = _supported_years()
        raise ValidationFailed(
            f"法定节假日数据仅覆盖 {first}–{last} 年，无法计算该期限",
            code="calendar_out_of_range",
        ) from exc
    return DueDate(
        start=start, working_days=working_days, due=due, non_working_days_skipped=skipped
    )


def _supported_years() -> tuple[int, int]:
    days = sorted(chinese_calendar.holidays)
    return days[0].year, days[-1].year
