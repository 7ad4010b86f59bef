"""The portal in a real browser: Playwright (web/tests/e2e) drives Debian's Chromium against
the devstack the other e2e tests use — gateway, services, PostgreSQL, NATS and demo data, no
mocked API — and axe-core checks every page type. Screenshots land in docs/screenshots."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from platform_support import Platform

from devstack.openapi_snapshot import SNAPSHOT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("devstack")]
WEB = Path(__file__).resolve().parents[2] / "web"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


# Every journey at two screen sizes, one browser at a time (they share demo accounts):
# about four minutes, far beyond the suite's per-test limit.
@pytest.mark.timeout(900)
def test_a_citizen_reads_the_cluster_in_a_browser(platform: Platform) -> None:
    # `make test` builds the front end and installs Chromium first (.ci/run on CI): their
    # absence is a broken setup, not a reason to skip.
    assert (WEB / "dist" / "index.html").is_file(), "web/dist 不存在：先运行 make web"
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} 不存在：先运行 make browser"
    npx = shutil.which("npx")
    assert npx, "需要 Node.js（npx）"
    result = subprocess.run(
        [npx, "playwright", "test"],
        cwd=WEB,
        env={**os.environ, "BASE_URL": platform.url, "CHROMIUM_PATH": CHROMIUM, "CI": "1"},
        capture_output=True,
        text=True,
        timeout=840,
    )
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]


def test_the_running_gateway_serves_the_api_the_client_was_generated_from(
    platform: Platform,
) -> None:
    running = httpx.get(platform.url + "/openapi.json", timeout=30).json()
    assert running == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
