"""Children that do not outlive their parent: if the test run or the devstack supervisor is
killed outright, Linux delivers `sig` to the server instead of leaving it orphaned."""

from __future__ import annotations

import ctypes
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None

    def set_death_signal() -> None:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, sig)

    return set_death_signal
