from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout: float = 15.0, interval: float = 0.05
) -> None:
    """Wait for a condition driven by background work (relay, consumers); fails on timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(interval)


async def stream_messages(js, stream: str) -> int:  # type: ignore[no-untyped-def]
    """Messages in a JetStream stream, 0 while it does not exist yet."""
    try:
        return int((await js.stream_info(stream)).state.messages)
    except Exception:
        return 0
