from __future__ import annotations

import asyncio

from govkit.tasks import cancel_and_wait


async def test_a_task_that_swallows_a_cancellation_is_still_stopped():
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                # What asyncio.wait_for does on 3.11 when cancel races with completion.
                swallowed += 1
                if swallowed > 2:
                    raise

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    await asyncio.wait_for(cancel_and_wait(task, patience=0.05), 5)
    assert task.done() and swallowed == 3


async def test_nothing_to_stop_is_fine():
    await cancel_and_wait(None)
