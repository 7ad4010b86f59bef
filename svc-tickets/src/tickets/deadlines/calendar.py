"""Working days on China's official calendar (`chinesecalendar`: holidays and the adjusted
working weekends the State Council publishes each year).

The State Council publishes next year's arrangement around December, so a deadline that runs
past the last year with data is estimated on weekdays only and flagged `estimated`; it is
recomputed exactly once the package carries the new year (upgrade chinesecalendar)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar


@cache
def data_years() -> tuple[int, int]:
    days = sorted(chinese_calendar.holidays)
    return days[0].year, days[-1].year


def is_working_day(day: date) -> tuple[bool, bool]:
    """(working, estimated): outside the published years only weekdays count."""
    first, last = data_years()
    if first <= day.year <= last:
        return chinese_calendar.is_workday(day), False
    return day.weekday() < 5, True


def add_working_days(start: date, days: int) -> tuple[date, bool, list[date]]:
    """The day on which `days` working days after `start` have elapsed (start itself does not
    count), whether any day was estimated, and the non-working days skipped."""
    current, counted, estimated, skipped = start, 0, False, []
    while counted < days:
        current += timedelta(days=1)
        working, guessed = is_working_day(current)
        estimated = estimated or guessed
        if working:
            counted += 1
        else:
            skipped.append(current)
    return current, estimated, skipped


def next_working_day(day: date) -> date:
    return add_working_days(day, 1)[0]
