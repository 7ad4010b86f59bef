"""The platform's one clock: every "today" and "now" is China Standard Time.

Deployments run in UTC while the platform's days (validity dates, statistics, deadlines) are
Beijing days: between 00:00 and 08:00 Beijing time the server's own date is yesterday. Code asks
this module, never `date.today()` or a naive `datetime.now()` (ruff's banned-api forbids them).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current moment, aware, in Asia/Shanghai."""
    return datetime.now(CHINA)


def today() -> date:
    """The calendar date in Beijing now."""
    return now().date()


def local_date(moment: datetime) -> date:
    """The Beijing date of an aware moment (a UTC timestamp's own date is not it)."""
    return moment.astimezone(CHINA).date()
