"""The whole platform for end-to-end tests, started once and shared by every e2e module (they
run in one xdist group, so on one worker)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from platform_support import Platform, start


@pytest.fixture(scope="session")
def _platforms() -> Iterator[list[Platform]]:
    started: list[Platform] = []
    yield started
    for platform in started:
        if platform.process.poll() is None:
            platform.process.send_signal(signal.SIGINT)
            platform.process.wait(60)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, _platforms: list[Platform]) -> Platform:
    """The running platform, shared by every e2e module; started again only when a module
    before took it down (test_platform ends with `devstack down`)."""
    if not _platforms or _platforms[-1].process.poll() is not None:
        _platforms.append(start(tmp_path_factory))
    return _platforms[-1]
