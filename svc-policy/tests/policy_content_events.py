"""Builders for svc-content's item events, published to the test NATS the way content's relay
would (CloudEvent, subject = item id, Nats-Msg-Id = event id)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from govkit.contracts.base import EventPayload
from govkit.contracts.content import (
    DisclosureMeta,
    ItemKind,
    ItemLinkRef,
    ItemPublished,
    ItemWithdrawn,
    LinkKind,
    Validity,
)
from govkit.events import new_event
from govkit.testing import eventually
from policy.events import CONTENT_CONSUMER


def document(item_id: uuid.UUID, version: int = 1, **disclosure: object) -> ItemPublished:
    """A 政策文件 item; disclosure fields override the defaults."""
    meta = {
        "document_number": "江政规〔2026〕7号",
        "issuing_body": "江城市人民政府",
        "validity": Validity.valid,
        "valid_from": date(2026, 1, 1),
        "valid_to": date(2028, 12, 31),
        **disclosure,
    }
    title = str(meta.pop("title", "江城市支持专精特新企业发展若干措施"))
    return _item(item_id, version, ItemKind.policy_document, title, DisclosureMeta(**meta), [])  # type: ignore[arg-type]


def linked(
    item_id: uuid.UUID,
    kind: ItemKind,
    links: list[tuple[LinkKind, uuid.UUID]],
    version: int = 1,
    title: str = "一图读懂",
) -> ItemPublished:
    refs = [ItemLinkRef(kind=k, item_id=target) for k, target in links]
    return _item(item_id, version, kind, title, None, refs)


def withdrawn(item_id: uuid.UUID, version: int, kind: ItemKind) -> ItemWithdrawn:
    return ItemWithdrawn(item_id=item_id, site_code="portal", kind=kind, payload_version=version)


def _item(
    item_id: uuid.UUID,
    version: int,
    kind: ItemKind,
    title: str,
    disclosure: DisclosureMeta | None,
    links: list[ItemLinkRef],
) -> ItemPublished:
    return ItemPublished(
        item_id=item_id,
        edition=version,
        site_code="portal",
        site_name="江城市人民政府门户网站",
        column_code="zcwj",
        column_name="政策文件",
        kind=kind,
        title=title,
        url=f"https://www.jiangcheng.gov.cn/items/{item_id}",
        published_at=datetime(2026, 3, 1, 17, 30, tzinfo=UTC),  # 2026-03-02 in Beijing
        disclosure=disclosure,
        links=links,
        payload_version=version,
    )


async def publish(client, *payloads: EventPayload) -> None:  # type: ignore[no-untyped-def]
    js = client._transport.app.state.nats.js
    for payload in payloads:
        event = new_event(payload, source="/svc-content", subject=str(payload.item_id))  # type: ignore[attr-defined]
        await js.publish(
            event.nats_subject,
            event.model_dump_json().encode(),
            headers={"Nats-Msg-Id": str(event.id)},
        )


async def drained(client, consumer: str = CONTENT_CONSUMER, stream: str = "CONTENT") -> None:  # type: ignore[no-untyped-def]
    """Wait until the consumer has acknowledged everything in its stream."""
    js = client._transport.app.state.nats.js

    async def done() -> bool:
        last = (await js.stream_info(stream)).state.last_seq
        try:
            info = await js.consumer_info(stream, consumer)
        except Exception:
            return False
        return bool(last) and info.ack_floor.stream_seq >= last

    await eventually(done)
