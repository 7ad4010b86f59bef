"""Access tokens that must stop working before they expire: those of an account disabled or
erased, and those exchanged for a revoked partner API key.

Each process keeps the set in memory and follows the IDENTITY stream itself with an
ephemeral ordered consumer (a durable one would hand each event to only one replica), from
`retention` ago: every access token is younger than that, so older events cannot matter, and
a restart rebuilds the set from the stream. An entry denies the tokens of its subject issued
up to the event (`iat` ≤ the event's time): a re-enabled account's new logins work.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from nats.aio.msg import Msg
from nats.js.api import ConsumerConfig, DeliverPolicy
from pydantic import ValidationError

from govkit.contracts.identity import ApiKeyRevoked, UserDeactivated, UserErased, UserUpserted
from govkit.events.envelope import CloudEvent
from govkit.events.nats import NatsConnection
from govkit.tasks import cancel_and_wait

log = structlog.get_logger("govkit.denylist")

# Longer than any access token lives (users 600 s, partners 300 s by default).
DEFAULT_RETENTION_SECONDS = 3600.0
# The gateway's replicas sign tokens and publish events by their own clocks.
CLOCK_SKEW_SECONDS = 1.0


def denied_subject(event: CloudEvent) -> str | None:
    """The token subject an identity event takes access from, if any."""
    try:
        payload = event.payload()
    except (LookupError, ValidationError):
        return None
    if isinstance(payload, UserUpserted):
        return None if payload.active else str(payload.user_id)
    if isinstance(payload, UserDeactivated | UserErased):
        return str(payload.user_id)
    if isinstance(payload, ApiKeyRevoked):
        return f"apikey:{payload.key_id}"  # the `sub` of an exchanged partner token
    return None


class DenyList:
    def __init__(self, retention_seconds: float = DEFAULT_RETENTION_SECONDS) -> None:
        self.retention = retention_seconds
        self._denied: dict[str, float] = {}  # subject → epoch seconds of the event
        self._task: asyncio.Task[None] | None = None

    def deny(self, subject: str, at: float) -> None:
        self._denied[subject] = max(at, self._denied.get(subject, 0.0))
        if len(self._denied) > 1000:
            self._prune()

    def _prune(self) -> None:
        horizon = time.time() - self.retention
        self._denied = {s: at for s, at in self._denied.items() if at >= horizon}

    def is_denied(self, claims: dict[str, Any]) -> bool:
        at = self._denied.get(str(claims.get("sub")))
        if at is None:
            return False
        issued = claims.get("iat")
        return not isinstance(issued, int | float) or issued < at + CLOCK_SKEW_SECONDS

    def apply(self, event: CloudEvent) -> None:
        subject = denied_subject(event)
        if subject is not None:
            self.deny(subject, event.time.timestamp())

    # -- following the stream -------------------------------------------------------------

    def start(self, nats: NatsConnection) -> None:
        self._task = asyncio.create_task(self._follow(nats), name="denylist-follow")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _on_message(self, msg: Msg) -> None:
        try:
            self.apply(CloudEvent.model_validate_json(msg.data))
        except ValidationError:
            return

    async def _follow(self, nats: NatsConnection) -> None:
        while True:
            try:
                await nats.wait_connected()
                since = datetime.now(UTC) - timedelta(seconds=self.retention)
                sub = await nats.js.subscribe(
                    "identity.>",
                    cb=self._on_message,
                    ordered_consumer=True,
                    config=ConsumerConfig(
                        deliver_policy=DeliverPolicy.BY_START_TIME,
                        opt_start_time=since.isoformat().replace("+00:00", "Z"),
                    ),
                )
                try:
                    await asyncio.Event().wait()  # the ordered consumer resets itself
                finally:
                    with contextlib.suppress(Exception):
                        await sub.unsubscribe()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("denylist_follow_failed", error=str(exc))
                await asyncio.sleep(0.5)
