"""Stopping background tasks reliably.

On Python 3.11, `asyncio.wait_for` (used inside nats-py and elsewhere) can swallow a
cancellation that arrives just as its inner future completes, leaving the task running and
`await task` hanging forever. So: cancel, wait a little, and cancel again until it is done.
"""

from __future__ import annotations

import asyncio
import contextlib


async def cancel_and_wait(task: asyncio.Task[object] | None, *, patience: float = 0.5) -> None:
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=patience)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()
