"""One NATS connection per process. It connects in the background and keeps retrying, so a
service starts and takes writes (into its outbox) even while NATS is down."""

from __future__ import annotations

import asyncio
import contextlib

import nats
import structlog
from nats.aio.client import Client
from nats.js import JetStreamContext

from govkit.events.streams import PLATFORM_STREAMS, StreamSpec, ensure_streams
from govkit.tasks import cancel_and_wait

log = structlog.get_logger("govkit.nats")


class NatsConnection:
    def __init__(
        self,
        url: str,
        *,
        name: str,
        streams: tuple[StreamSpec, ...] = PLATFORM_STREAMS,
        retry_seconds: float = 0.5,
    ) -> None:
        self.url = url
        self.name = name
        self.streams = streams
        self.retry_seconds = retry_seconds
        self.nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise ConnectionError("NATS is not connected")
        return self._js

    @property
    def connected(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_forever(), name=f"nats-connect-{self.name}")

    async def wait_connected(self, timeout: float | None = None) -> None:
        async with asyncio.timeout(timeout):
            await self._ready.wait()

    async def _connect_forever(self) -> None:
        while True:
            try:
                nc = await nats.connect(
                    self.url,
                    name=self.name,
                    connect_timeout=2,
                    reconnect_time_wait=0.5,
                    max_reconnect_attempts=-1,
                    allow_reconnect=True,
                    error_cb=self._on_error,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                )
                js = nc.jetstream()
                await ensure_streams(js, self.streams)
            except Exception as exc:
                log.warning("nats_connect_failed", url=self.url, error=str(exc))
                await asyncio.sleep(self.retry_seconds)
                continue
            self.nc, self._js = nc, js
            self._ready.set()
            log.info("nats_connected", url=self.url)
            return

    async def _on_error(self, exc: Exception) -> None:
        log.debug("nats_error", error=str(exc))

    async def _on_disconnected(self) -> None:
        log.warning("nats_disconnected")

    async def _on_reconnected(self) -> None:
        log.info("nats_reconnected")
        # A restarted server with an empty store would have lost the streams.
        with contextlib.suppress(Exception):
            await ensure_streams(self.js, self.streams)

    async def close(self) -> None:
        await cancel_and_wait(self._task)
        if self.nc is not None:
            # close, not drain: publishes are awaited by the relay, and a drain waits on
            # pull subscriptions that never finish on their own.
            with contextlib.suppress(Exception):
                await self.nc.close()
        self.nc, self._js = None, None
        self._ready.clear()
