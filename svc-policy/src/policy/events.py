"""What svc-policy publishes and consumes (types in govkit.contracts)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from govkit import clock
from govkit.contracts import MeasurePublished, OrgRemoved, OrgUpserted, UserErased
from govkit.contracts.content import ItemPublished, ItemWithdrawn
from govkit.db import Database
from govkit.erasure import erasure_consumer
from govkit.events import CloudEvent, Consumer, NatsConnection, Outbox

SOURCE = "/svc-policy"
outbox = Outbox(SOURCE)

PUBLISHES = (
    "policy.measure.published.v1",
    "policy.measure.withdrawn.v1",
    "policy.match.found.v1",
    "identity.erasure.confirmed.v1",
)
CONSUMES = (
    "policy.measure.published.v1",  # its own: the push runs after the publish commits
    "content.item.published.v1",  # 政策文件 → policies to structure; 解读/答问/办事 → links
    "content.item.withdrawn.v1",
    "identity.user.erased.v1",  # the account's profile, notices, life events go
    "identity.org.upserted.v1",  # districts: their names for the calculator and policies
    "identity.org.removed.v1",
)
PUSH_CONSUMER = "svc-policy-push"
CONTENT_CONSUMER = "svc-policy-content"
DISTRICTS_CONSUMER = "svc-policy-districts"


async def on_measure_published(session: AsyncSession, event: CloudEvent) -> None:
    from policy.push.service import push_measure  # the push imports this module's outbox

    payload = event.payload()
    assert isinstance(payload, MeasurePublished)
    await push_measure(session, payload.measure_id, clock.today())


async def on_item_published(session: AsyncSession, event: CloudEvent) -> None:
    from policy.links.service import follow_published

    payload = event.payload()
    assert isinstance(payload, ItemPublished)
    await follow_published(session, payload)


async def on_item_withdrawn(session: AsyncSession, event: CloudEvent) -> None:
    from policy.links.service import follow_withdrawn

    payload = event.payload()
    assert isinstance(payload, ItemWithdrawn)
    await follow_withdrawn(session, payload.item_id)


def content_consumer(db: Database, nats: NatsConnection, name: str = CONTENT_CONSUMER) -> Consumer:
    return Consumer(
        db,
        nats,
        name=name,
        stream="CONTENT",
        subjects=("content.item.published", "content.item.withdrawn"),
        handlers={
            ItemPublished.event_type: on_item_published,
            ItemWithdrawn.event_type: on_item_withdrawn,
        },
    )


async def on_org_upserted(session: AsyncSession, event: CloudEvent) -> None:
    from policy.districts.service import apply_upserted

    payload = event.payload()
    assert isinstance(payload, OrgUpserted)
    await apply_upserted(session, payload)


async def on_org_removed(session: AsyncSession, event: CloudEvent) -> None:
    from policy.districts.service import apply_removed

    payload = event.payload()
    assert isinstance(payload, OrgRemoved)
    await apply_removed(session, payload)


def districts_consumer(
    db: Database, nats: NatsConnection, name: str = DISTRICTS_CONSUMER
) -> Consumer:
    return Consumer(
        db,
        nats,
        name=name,
        stream="IDENTITY",
        subjects=("identity.org.upserted", "identity.org.removed"),
        handlers={
            OrgUpserted.event_type: on_org_upserted,
            OrgRemoved.event_type: on_org_removed,
        },
    )


async def erase_account(session: AsyncSession, erased: UserErased) -> dict[str, int]:
    from policy.privacy.service import erase_account as erase

    return await erase(session, erased)


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [
        content_consumer(db, nats),
        districts_consumer(db, nats),
        erasure_consumer(db, nats, service="policy", outbox=outbox, erase=erase_account),
        Consumer(
            db,
            nats,
            name=PUSH_CONSUMER,
            stream="POLICY",
            subjects=("policy.measure.published",),
            handlers={MeasurePublished.event_type: on_measure_published},
        ),
    ]
