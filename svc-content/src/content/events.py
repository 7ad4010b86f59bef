"""What svc-content publishes (types in govkit.contracts) and consumes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.contracts import UserErased
from govkit.db import Database
from govkit.erasure import erasure_consumer
from govkit.events import Consumer, NatsConnection, Outbox

SOURCE = "/svc-content"
outbox = Outbox(SOURCE)

PUBLISHES = ("content.site.upserted.v1", "identity.erasure.confirmed.v1")
# identity.org.* arrives with the gateway issue
CONSUMES: tuple[str, ...] = ("identity.user.erased.v1",)


async def erase_subject(session: AsyncSession, erased: UserErased) -> dict[str, int]:
    from content.privacy.service import erase_subject as erase

    return await erase(session, str(erased.user_id))


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [erasure_consumer(db, nats, service="content", outbox=outbox, erase=erase_subject)]
