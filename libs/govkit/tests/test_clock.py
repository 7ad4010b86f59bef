"""govkit.clock: "today" is the Beijing date whatever the server's zone (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from govkit import clock
from govkit.testing.clocks import BEIJING_DAY, HALF_PAST_MIDNIGHT, SERVER_DAY_DIFFERS, at
from govkit.validators import normalise_document_number

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("moment", "zone"), SERVER_DAY_DIFFERS)
def test_today_is_the_beijing_date_whatever_the_servers_zone(moment: datetime, zone: str) -> None:
    with at(moment, zone):
        assert date.today() != BEIJING_DAY  # noqa: DTZ011, TID251 - the server's own date
        assert clock.today() == BEIJING_DAY
        assert clock.now().utcoffset() == timedelta(hours=8)


def test_half_past_midnight_in_beijing_is_yesterday_in_utc() -> None:
    with at(HALF_PAST_MIDNIGHT):
        assert clock.now().replace(tzinfo=None) >= datetime(2026, 12, 3, 0, 30)
        assert datetime.now(UTC).date() == date(2026, 12, 2)


def test_the_beijing_date_of_a_utc_timestamp() -> None:
    assert clock.local_date(datetime(2026, 12, 2, 16, 30, tzinfo=UTC)) == date(2026, 12, 3)
    assert clock.local_date(datetime(2026, 12, 2, 15, 59, tzinfo=UTC)) == date(2026, 12, 2)


def test_a_document_number_of_next_year_is_accepted_on_new_years_morning_in_beijing() -> None:
    # 2027-01-01 00:30 in Beijing: a 文号 of 2028 is "next year"; the UTC year is still 2026.
    with at(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)):
        assert normalise_document_number("国发〔2028〕1号") == "国发〔2028〕1号"


def lint(code: str) -> subprocess.CompletedProcess[str]:
    """Ruff with the repository's configuration, on `code` as if it were service code."""
    name = str(ROOT / "svc-policy/src/policy/example.py")
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--stdin-filename", name, "-"],
        input=code,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    "code",
    [
        "from datetime import date\n\nx = date.today()\n",
        "import datetime\n\nx = datetime.date.today()\n",
        "from datetime import datetime\n\nx = datetime.now()\n",
        "from datetime import datetime\n\nx = datetime.utcnow()\n",
        "from datetime import date\n\nfactory = date.today\n",
    ],
)
def test_the_lint_refuses_the_servers_clock_in_service_code(code: str) -> None:
    found = lint(code)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "DTZ" in found.stdout or "TID251" in found.stdout


def test_the_lint_accepts_the_govkit_clock() -> None:
    found = lint(
        "from datetime import UTC, datetime\n\nfrom govkit import clock\n\n"
        "x = clock.today()\ny = datetime.now(UTC)\n"
    )
    assert found.returncode == 0, found.stdout + found.stderr
