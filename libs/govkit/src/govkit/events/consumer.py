"""Idempotent JetStream consumers.

A durable pull consumer fetches messages; each is applied in one database transaction that
also records its event id in `inbox` (so a redelivery after a crash between commit and ack
changes nothing) and the aggregate's `payload_version` (so a stale event is skipped). The ack
is sent only after the commit. A handler that raises is retried with backoff (`nak(delay)`),
and after `max_attempts` the message is written to `dead_letters` and terminated; an operator
can replay it from there.

The ack wait is short (5 s), so what a crashed process had fetched but not acked is redelivered
to its restarted successor within seconds; while a batch is being worked through, every message
of it not yet settled is marked in progress (`+WPI`) every third of the ack wait, so a slow
handler or a long batch is never redelivered behind its own back.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

import structlog
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError
from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from govkit.errors import Conflict, NotFound
from govkit.events.envelope import CloudEvent
from govkit.events.nats import NatsConnection
from govkit.events.tables import aggregate_versions, dead_letters, inbox
from govkit.metrics import EVENTS_CONSUMED
from govkit.outages import unavailable_dependency
from govkit.tasks import cancel_and_wait

log = structlog.get_logger("govkit.consumer")

Handler = Callable[[AsyncSession, CloudEvent], Awaitable[None]]
# The database or the network failing, rather than the handler rejecting the event.
INFRASTRUCTURE_ERRORS = (OperationalError, InterfaceError, ConnectionError, OSError)
Outcome = Literal["applied", "stale", "ignored", "duplicate"]


class Consumer:
    def __init__(
        self,
        db: Database,
        nats: NatsConnection,
        *,
        name: str,
        stream: str,
        subjects: tuple[str, ...],
        handlers: Mapping[str, Handler],
        max_attempts: int = 5,
        backoff_seconds: tuple[float, ...] = (0.2, 1.0, 5.0, 15.0, 60.0),
        ack_wait_seconds: float = 5.0,
        batch_size: int = 64,
        infrastructure_retry_seconds: float = 5.0,
    ) -> None:
        self.db = db
        self.nats = nats
        self.name = name
        self.stream = stream
        self.subjects = subjects
        self.handlers = dict(handlers)
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.ack_wait_seconds = ack_wait_seconds
        self.batch_size = batch_size
        self.infrastructure_retry_seconds = infrastructure_retry_seconds
        self._task: asyncio.Task[None] | None = None

    # -- running -----------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.name}")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _config(self) -> ConsumerConfig:
        filters = list(self.subjects)
        return ConsumerConfig(
            durable_name=self.name,
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait_seconds,
            # No server cap: we dead-letter handler failures ourselves at max_attempts, while
            # an outage of our own database must never use up a message's deliveries.
            max_deliver=-1,
            filter_subject=filters[0] if len(filters) == 1 else None,
            filter_subjects=filters if len(filters) > 1 else None,
        )

    async def _run(self) -> None:
        while True:
            try:
                await self.nats.wait_connected()
                sub = await self.nats.js.pull_subscribe_bind(
                    durable=await self._ensure_consumer(), stream=self.stream
                )
                while True:
                    try:
                        msgs = await sub.fetch(self.batch_size, timeout=1.0)
                    except (TimeoutError, NatsTimeoutError):
                        continue
                    await self._handle_batch(msgs)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer_failed", consumer=self.name, error=str(exc))
                await asyncio.sleep(0.5)

    async def _handle_batch(self, msgs: list[Msg]) -> None:
        unsettled = collections.deque(msgs)
        keeper = asyncio.create_task(self._keep_in_progress(unsettled))
        try:
            while unsettled:
                await self.handle(unsettled[0])
                unsettled.popleft()
        finally:
            await cancel_and_wait(keeper)

    async def _keep_in_progress(self, unsettled: collections.deque[Msg]) -> None:
        """Reset the ack timer of every fetched message not yet acked, nakked or terminated."""
        while True:
            await asyncio.sleep(self.ack_wait_seconds / 3)
            for msg in list(unsettled):
                if msg.is_acked:  # settled meanwhile: +WPI would undo a nak's delay
                    continue
                try:
                    await msg.in_progress()
                except Exception as exc:  # NATS away: the redelivery that follows is harmless
                    log.warning("consumer_in_progress_failed", consumer=self.name, error=str(exc))
                    break

    async def _ensure_consumer(self) -> str:
        # Creates the durable consumer, or updates its mutable settings if it exists.
        await self.nats.js.add_consumer(self.stream, self._config())
        return self.name

    # -- one message -------------------------------------------------------------------

    async def handle(self, msg: Msg) -> None:
        attempt = msg.metadata.num_delivered or 1
        try:
            event = CloudEvent.model_validate_json(msg.data)
        except ValidationError as exc:
            # Undecodable: no retry can help.
            await self._dead_letter(None, msg.subject, msg.data, exc, attempt)
            await msg.term()
            return
        try:
            outcome = await self.apply(event)
        except Exception as exc:
            if isinstance(exc, INFRASTRUCTURE_ERRORS) or unavailable_dependency(exc):
                # Not the event's fault (a PostgreSQL still starting up, shutting down or
                # unreachable): wait for it to come back, count nothing.
                log.warning("consumer_infrastructure_error", consumer=self.name, error=str(exc))
                await msg.nak(delay=self.infrastructure_retry_seconds)
                return
            if attempt >= self.max_attempts:
                await self._dead_letter(event, msg.subject, msg.data, exc, attempt)
                await msg.term()
                EVENTS_CONSUMED.labels(self.name, "dead_lettered").inc()
            else:
                delay = self.backoff_seconds[min(attempt, len(self.backoff_seconds)) - 1]
                log.warning(
                    "event_handler_failed",
                    consumer=self.name,
                    event_id=str(event.id),
                    type=event.type,
                    attempt=attempt,
                    retry_in=delay,
                    error=str(exc),
                )
                await msg.nak(delay=delay)
                EVENTS_CONSUMED.labels(self.name, "retried").inc()
            return
        await self.acknowledge(msg)
        EVENTS_CONSUMED.labels(self.name, outcome).inc()

    async def acknowledge(self, msg: Msg) -> None:
        """Ack after commit. Separate so tests can simulate a crash between the two."""
        await msg.ack()

    async def apply(self, event: CloudEvent) -> Outcome:
        """Apply one event exactly once, in one transaction with its inbox record."""
        handler = self.handlers.get(event.type)
        async with self.db.transaction() as session:
            claimed = await session.execute(
                pg_insert(inbox)
                .values(consumer=self.name, event_id=event.id, type=event.type, outcome="applied")
                .on_conflict_do_nothing()
                .returning(inbox.c.event_id)
            )
            if claimed.first() is None:
                return "duplicate"
            outcome: Outcome = "applied"
            if handler is None:
                outcome = "ignored"
            elif not await self._is_newer(session, event):
                outcome = "stale"
            else:
                await handler(session, event)
            if outcome != "applied":
                await session.execute(
                    update(inbox)
                    .where(and_(inbox.c.consumer == self.name, inbox.c.event_id == event.id))
                    .values(outcome=outcome)
                )
            return outcome

    async def _is_newer(self, session: AsyncSession, event: CloudEvent) -> bool:
        version, aggregate = event.payload_version, event.aggregate
        if version is None or aggregate is None:
            return True
        stmt = pg_insert(aggregate_versions).values(
            consumer=self.name, aggregate=aggregate, version=version
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["consumer", "aggregate"],
            set_={"version": stmt.excluded.version},
            where=aggregate_versions.c.version < stmt.excluded.version,
        ).returning(aggregate_versions.c.version)
        return (await session.execute(stmt)).first() is not None

    async def _dead_letter(
        self,
        event: CloudEvent | None,
        subject: str,
        raw: bytes,
        exc: Exception,
        attempts: int,
    ) -> None:
        log.error(
            "event_dead_lettered",
            consumer=self.name,
            event_id=str(event.id) if event else None,
            attempts=attempts,
            error=str(exc),
        )
        async with self.db.transaction() as session:
            await session.execute(
                insert(dead_letters).values(
                    consumer=self.name,
                    event_id=event.id if event else None,
                    subject=subject,
                    type=event.type if event else None,
                    raw=raw.decode("utf-8", errors="replace"),
                    error=f"{type(exc).__name__}: {exc}"[:4000],
                    attempts=attempts,
                )
            )

    # -- operator actions --------------------------------------------------------------

    async def replay_dead_letter(self, dead_letter_id: int) -> Outcome:
        """Run a dead-lettered event through the handler again (after a fix). Idempotent:
        the inbox still guards against applying it twice."""
        async with self.db.sessionmaker() as session:
            row = (
                await session.execute(
                    select(dead_letters).where(
                        dead_letters.c.id == dead_letter_id, dead_letters.c.consumer == self.name
                    )
                )
            ).first()
        if row is None:
            raise NotFound("死信记录不存在", code="dead_letter_not_found")
        if row.replayed_at is not None:
            raise Conflict("该死信已重放", code="dead_letter_already_replayed")
        try:
            event = CloudEvent.model_validate_json(row.raw)
        except ValidationError as exc:
            raise Conflict("该消息无法解析，不能重放", code="dead_letter_undecodable") from exc
        outcome = await self.apply(event)
        async with self.db.transaction() as session:
            await session.execute(
                update(dead_letters)
                .where(dead_letters.c.id == dead_letter_id)
                .values(replayed_at=func.now())
            )
        return outcome
