"""What the gateway publishes and consumes (types in govkit.contracts)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import ErasureConfirmed
from govkit.db import Database
from govkit.events import CloudEvent, Consumer, NatsConnection, Outbox

SOURCE = "/gateway"
outbox = Outbox(SOURCE)

PUBLISHES = (
    "identity.org.upserted.v1",
    "identity.org.removed.v1",
    "identity.user.upserted.v1",
    "identity.user.deactivated.v1",
    "identity.user.erased.v1",
    "identity.apikey.revoked.v1",
)
CONSUMES = ("identity.erasure.confirmed.v1",)  # each service's part of an erasure done
ERASURE_CONSUMER = "gateway-erasure"


async def on_erasure_confirmed(session: AsyncSession, event: CloudEvent) -> None:
    from gateway.privacy.service import confirm  # imports this module's outbox

    payload = event.payload()
    assert isinstance(payload, ErasureConfirmed)
    await confirm(session, payload, event.time)


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [
        Consumer(
            db,
            nats,
            name=ERASURE_CONSUMER,
            stream="IDENTITY",
            subjects=("identity.erasure.confirmed",),
            handlers={ErasureConfirmed.event_type: on_erasure_confirmed},
        )
    ]
