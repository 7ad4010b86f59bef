"""Rebuild by replaying the streams: every document event still in JetStream is read again
from the start (an ephemeral consumer, no ack, up to the last message at the start) and
re-derived into `search_documents` (an equal version replaces, an older one never does)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable

import structlog
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from pydantic import ValidationError

from govkit.db import Database
from govkit.events import CloudEvent, NatsConnection
from search.documents.service import INDEXED_TYPES, document_of, upsert
from search.events import SUBSCRIPTIONS

log = structlog.get_logger("search.replay")


Progress = Callable[[int], Awaitable[None]]


async def _no_progress(replayed: int) -> None:
    return None


async def replay_streams(
    db: Database, nats: NatsConnection, batch: int = 500, progress: Progress = _no_progress
) -> int:
    """Events replayed; `progress` hears the running count after every batch."""
    replayed = 0
    for _, stream, subjects, _ in SUBSCRIPTIONS:
        try:
            info = await nats.js.stream_info(stream)
        except NotFoundError:
            continue
        last = info.state.last_seq
        if not last:
            continue
        for subject in subjects:
            replayed += await _replay_subject(
                db, nats, stream, subject, last, batch, lambda n, done=replayed: progress(done + n)
            )
    log.info("streams_replayed", events=replayed)
    return replayed


async def _replay_subject(
    db: Database,
    nats: NatsConnection,
    stream: str,
    subject: str,
    last: int,
    batch: int,
    progress: Progress,
) -> int:
    config = ConsumerConfig(
        name=f"search-replay-{uuid.uuid4().hex[:8]}",
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=AckPolicy.NONE,
        inactive_threshold=30.0,
    )
    sub = await nats.js.pull_subscribe(subject, stream=stream, config=config)
    count = 0
    try:
        while True:
            try:
                msgs = await sub.fetch(batch, timeout=0.5)
            except (TimeoutError, NatsTimeoutError):
                return count
            async with db.transaction() as session:
                for msg in msgs:
                    with contextlib.suppress(ValidationError, LookupError):
                        event = CloudEvent.model_validate_json(msg.data)
                        if event.type in INDEXED_TYPES:
                            doc_id, version, doc = document_of(event)
                            await upsert(session, doc_id, version, doc, replace_equal=True)
                            count += 1
            await progress(count)
            if any(m.metadata.sequence.stream >= last for m in msgs):
                return count
    finally:
        with contextlib.suppress(Exception):
            await sub.unsubscribe()
