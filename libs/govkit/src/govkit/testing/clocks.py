"""Run a test at a chosen Beijing time on a machine in another zone.

Between 00:00 and 08:00 Beijing time the UTC date is still yesterday, so a test at 00:30 in a
UTC process (as deployments run) fails on any code that takes "today" from the server instead
of govkit.clock; at 23:30 a process east of Beijing (UTC+14) is already on tomorrow.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
import time_machine  # a dev dependency: only tests import this module

# 2026-12-03 00:30 in Beijing is 2026-12-02 16:30 UTC: the two dates differ.
HALF_PAST_MIDNIGHT = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)
# 2026-12-03 23:30 in Beijing is 2026-12-03 15:30 UTC: the same Beijing day, near its end.
HALF_PAST_ELEVEN = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)
BEIJING_DAY = date(2026, 12, 3)  # the Beijing date at both moments
EAST_OF_BEIJING = "Pacific/Kiritimati"  # UTC+14: 2026-12-04 at HALF_PAST_ELEVEN

# (moment, the process's zone): at each, the server's own date is not Beijing's.
SERVER_DAY_DIFFERS = (
    pytest.param(HALF_PAST_MIDNIGHT, "UTC", id="00:30-beijing-utc-server"),
    pytest.param(HALF_PAST_ELEVEN, EAST_OF_BEIJING, id="23:30-beijing-utc+14-server"),
)


@contextmanager
def process_zone(zone: str = "UTC") -> Iterator[None]:
    """The process's local zone (what `date.today()` and naive `now()` use) is `zone`."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
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
def at(moment: datetime, zone: str = "UTC") -> Iterator[time_machine.Traveller]:
    """The clock at `moment` (aware; ticking on) in a process whose zone is `zone`. It travels
    to a timestamp: given a datetime, time-machine would set the zone to the datetime's own."""
    assert moment.tzinfo is not None, "give an aware moment"
    with process_zone(zone), time_machine.travel(moment.timestamp(), tick=True) as traveller:
        yield traveller
