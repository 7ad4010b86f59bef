"""Each service's part of an account erasure: one consumer of `identity.user.erased` that
applies the service's own rule and answers `identity.erasure.confirmed` in the same
transaction (the inbox makes it once; the confirmation commits with the effect)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import ErasureConfirmed, UserErased
from govkit.db import Database
from govkit.events import CloudEvent, Consumer, NatsConnection, Outbox

# (session, the erased account) → what was removed, counted per kind of record.
EraseSubject = Callable[[AsyncSession, UserErased], Awaitable[dict[str, int]]]


def erasure_consumer(
    db: Database,
    nats: NatsConnection,
    *,
    service: str,
    outbox: Outbox,
    erase: EraseSubject,
    name: str | None = None,
) -> Consumer:
    async def on_user_erased(session: AsyncSession, event: CloudEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, UserErased)
        removed = await erase(session, payload)
        await outbox.publish(
            session,
            ErasureConfirmed(
                erasure_id=payload.erasure_id, service=service, removed=removed, payload_version=1
            ),
            subject=None,  # nothing to order, and the user's id stays out of it
        )

    return Consumer(
        db,
        nats,
        name=name or f"svc-{service}-erasure",
        stream="IDENTITY",
        subjects=("identity.user.erased",),
        handlers={UserErased.event_type: on_user_erased},
    )


def scrub(text: str | None, replacements: Iterable[tuple[str, str]]) -> str | None:
    """`text` with each known value of the person (their name, their phone) replaced."""
    if not text:
        return text
    for value, mask in replacements:
        text = text.replace(value, mask)
    return text
