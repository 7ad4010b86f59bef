"""The outbox relay: publishes committed outbox rows to JetStream and marks them sent.

It wakes on every commit that wrote an event (an after-commit hook), so the path from commit
to publish has no polling lag; a slow poll remains only as a safety net for rows left by a
crash or by NATS being down. `Nats-Msg-Id` = event id lets JetStream drop a re-send after a
relay crashed between publishing and marking the row.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import timedelta

import structlog
from nats.errors import MaxPayloadError
from nats.js.errors import APIError, NoStreamResponseError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from govkit.db import Database
from govkit.events.nats import NatsConnection
from govkit.events.outbox import PENDING_FLAG
from govkit.events.tables import outbox
from govkit.metrics import EVENTS_PUBLISHED, OUTBOX_LAG
from govkit.tasks import cancel_and_wait

log = structlog.get_logger("govkit.relay")
# JetStream refusing this particular message, as opposed to NATS being unreachable.
MESSAGE_ERRORS = (NoStreamResponseError, APIError, MaxPayloadError)


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        nats: NatsConnection,
        *,
        batch_size: int = 200,
        poll_seconds: float = 1.0,
        publish_timeout: float = 2.0,
        retention: timedelta = timedelta(days=3),
        park_after: int = 25,
    ) -> None:
        self.db = db
        self.nats = nats
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.publish_timeout = publish_timeout
        self.retention = retention
        self.park_after = park_after
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        db.on_commit(self._after_commit)
        db.on_events_written(self.wake)

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(PENDING_FLAG, False):
            self.wake()

    def wake(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        backoff = 0.1
        last_purge = 0.0
        loop = asyncio.get_running_loop()
        while True:
            # asyncio.timeout, not wait_for: wait_for can swallow a cancellation on 3.11.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self.nats.wait_connected()
                while await self.publish_batch() == self.batch_size:
                    pass
                backoff = 0.1
                if loop.time() - last_purge > 3600:
                    await self.purge_sent()
                    last_purge = loop.time()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox_relay_failed", error=str(exc), retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                self._wake.set()

    async def publish_batch(self) -> int:
        """Publish up to one batch of unsent rows; returns how many were claimed. Rows are
        claimed with SKIP LOCKED so several relays (replicas) never send the same row."""
        js = self.nats.js
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(outbox.c.id, outbox.c.event_id, outbox.c.subject, outbox.c.envelope)
                    .where(outbox.c.sent_at.is_(None), outbox.c.attempts < self.park_after)
                    .order_by(outbox.c.id)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            # Published concurrently (awaiting each ack in turn capped the relay at a few
            # hundred events a second); the PUBs still leave in row order, and consumers drop
            # any stale version that would overtake a newer one.
            results = await asyncio.gather(
                *(
                    js.publish(
                        row.subject,
                        _encode(row.envelope),
                        timeout=self.publish_timeout,
                        headers={"Nats-Msg-Id": str(row.event_id)},
                    )
                    for row in rows
                ),
                return_exceptions=True,
            )
            sent: list[int] = []
            error: BaseException | None = None
            for row, result in zip(rows, results, strict=True):
                if not isinstance(result, BaseException):
                    sent.append(row.id)
                elif isinstance(result, MESSAGE_ERRORS):
                    # This row cannot go out (no stream takes its subject, too large…): count
                    # it against the row. After `park_after` such failures it is left for an
                    # operator (last_error) and no longer holds anything up.
                    error = result
                    await session.execute(
                        update(outbox)
                        .where(outbox.c.id == row.id)
                        .values(
                            attempts=outbox.c.attempts + 1,
                            last_error=str(result)[:1000] or repr(result),
                        )
                    )
                    log.error(
                        "outbox_row_refused",
                        outbox_id=row.id,
                        subject=row.subject,
                        error=repr(result),
                    )
                else:
                    # NATS unreachable or slow: nothing is wrong with the row; retry later.
                    error = result
            # Whatever went out is marked, even when a later publish in the batch failed.
            if sent:
                await session.execute(
                    update(outbox).where(outbox.c.id.in_(sent)).values(sent_at=func.now())
                )
        EVENTS_PUBLISHED.inc(len(sent))
        if error is not None:
            raise error
        return len(rows)

    async def pending(self) -> int:
        async with self.db.sessionmaker() as session:
            count = await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            )
        OUTBOX_LAG.set(count or 0)
        return int(count or 0)

    async def purge_sent(self) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                delete(outbox).where(
                    outbox.c.sent_at.is_not(None),
                    outbox.c.sent_at < func.now() - self.retention,
                )
            )


def _encode(envelope: object) -> bytes:
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
