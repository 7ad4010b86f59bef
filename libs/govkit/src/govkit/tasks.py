"""Stopping background tasks reliably.

On Python 3.11, `asyncio.wait_for` (used inside nats-py and elsewhere) can swallow a
cancellation that arrives just as its inner future completes, leaving the task running and
`await task` hanging forever. So: cancel, wait a little, and cancel again until it is done.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog

log = structlog.get_logger(__name__)


async def cancel_and_wait(task: asyncio.Task[object] | None, *, patience: float = 0.5) -> None:
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=patience)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()


PeriodicFn = Callable[[], Awaitable[object]]


class Periodic:
    """Runs `fn` every `interval` seconds until stopped; a failing run is logged, not fatal
    (the next run retries). Used for sweeps such as scheduled publishing."""

    def __init__(self, name: str, interval: float, fn: PeriodicFn) -> None:
        self.name, self.interval, self.fn = name, interval, fn
        self._task: asyncio.Task[object] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name=self.name)

    async def _run(self) -> None:
        while True:
            try:
                await self.fn()
            except Exception:
                log.exception("periodic_job_failed", job=self.name)
            await asyncio.sleep(self.interval)

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None
