"""Run a test at a chosen Beijing time on a machine whose own zone is UTC, as deployments do.

Between 00:00 and 08:00 Beijing time the UTC date is still yesterday, so a test at 00:30 fails
on any code that takes "today" from the server instead of govkit.clock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import time_machine  # a dev dependency: only tests import this module

# 2026-12-03 00:30 in Beijing is 2026-12-02 16:30 UTC: the two dates differ.
HALF_PAST_MIDNIGHT = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)
# 2026-12-03 23:30 in Beijing is 2026-12-03 15:30 UTC: the same Beijing day, near its end.
HALF_PAST_ELEVEN = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)
BEIJING_DAY = date(2026, 12, 3)  # the Beijing date at both moments


@contextmanager
def utc_process() -> Iterator[None]:
    """The process's local zone is UTC (what `date.today()` and naive `now()` use)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@contextmanager
def at(moment: datetime) -> Iterator[time_machine.Traveller]:
    """The clock at `moment` (ticking on) in a UTC process. `moment` must be aware; a UTC one
    keeps time-machine from changing the zone itself."""
    assert moment.tzinfo is UTC, "give the moment in UTC"
    with utc_process(), time_machine.travel(moment, tick=True) as traveller:
        yield traveller
