"""Admission control: a bound on the requests in flight to each upstream service.

Without it, overload is queued, not shed: aiohttp's connection pool and the service's own
accept queue hold every request, so each waits behind all the others (measured: 128 clients
against reads 8 clients saturate gave the same throughput at ×20 the latency, none refused).
With it, at most `limit` requests are in flight to a service; up to `queue` more wait, first
come first served, for at most `max_wait` seconds; anything beyond is refused at once, so the
requests that are admitted keep their usual latency and the refused ones learn so in
microseconds (503 with Retry-After) instead of timing out.

A slot is handed straight from a finishing request to the oldest waiter, so a queued request
can never be overtaken by one that just arrived. Per gateway replica, like the rate limiter:
with N replicas a service sees up to N × limit. Needs no lock under asyncio: nothing between
a check and its update awaits.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress


class Admission:
    __slots__ = ("_waiters", "in_flight", "limit", "max_wait", "peak", "queue", "refused")

    def __init__(self, limit: int, queue: int = 0, max_wait: float = 0.0) -> None:
        if limit < 1 or queue < 0 or max_wait < 0:
            raise ValueError("admission needs limit >= 1, queue >= 0 and max_wait >= 0")
        self.limit = limit
        self.queue = queue
        self.max_wait = max_wait
        self.in_flight = 0
        self.peak = 0  # the most ever in flight: what tests and metrics look at
        self.refused = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiters)  # a waiter leaves the deque when served or given up

    async def acquire(self) -> bool:
        """Take a slot: True once admitted, False when refused (queue full or waited out)."""
        if self.in_flight < self.limit and not self._waiters:
            self._admit()
            return True
        if self.waiting >= self.queue or self.max_wait <= 0:
            self.refused += 1
            return False
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(self.max_wait):
                await waiter
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():
                return True  # the slot was handed over just as the wait ran out: keep it
            self._forget(waiter)
            self.refused += 1
            return False
        except asyncio.CancelledError:
            # The caller went away: a slot handed to it goes to the next one instead.
            if waiter.done() and not waiter.cancelled():
                self.release()
            else:
                self._forget(waiter)
            raise
        return True

    def release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes on: in_flight stays as it is
                return
        self.in_flight -= 1

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[bool]:
        """`async with admission.slot() as admitted:`, released on the way out if taken."""
        admitted = await self.acquire()
        try:
            yield admitted
        finally:
            if admitted:
                self.release()

    def _admit(self) -> None:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        with suppress(ValueError):  # already handed a slot and gone from the queue
            self._waiters.remove(waiter)
