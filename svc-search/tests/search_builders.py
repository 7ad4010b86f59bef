"""Builders for the events svc-search consumes, and helpers to publish them and wait."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx

from govkit.contracts import (
    EventPayload,
    ItemKind,
    ItemPublished,
    ItemWithdrawn,
    KnowledgePublished,
    MeasurePublished,
    ServiceGuide,
    TicketDisclosed,
)
from govkit.events import new_event
from govkit.testing import eventually


def item(**overrides: Any) -> ItemPublished:
    values: dict[str, Any] = {
        "item_id": uuid.uuid4(),
        "edition": 1,
        "payload_version": 1,
        "site_code": "portal",
        "site_name": "市政府门户网站",
        "column_code": "news",
        "column_name": "政务动态",
        "kind": ItemKind.news,
        "title": "市政府召开常务会议",
        "text": "会议研究部署近期重点工作。",
        "url": "/portal/news/1",
        "published_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return ItemPublished(**values)


def service_item(title: str, **overrides: Any) -> ItemPublished:
    guide = ServiceGuide(
        where="市政务服务中心一楼 12 号窗口",
        how="线上线下均可办理",
        materials=["居民身份证", "申请表"],
        online_url="https://zwfw.example.gov.cn/item/1",
    )
    return item(
        kind=ItemKind.service,
        title=title,
        column_code="bsfw",
        column_name="办事服务",
        service=guide,
        **overrides,
    )


def withdrawn(published: ItemPublished, version: int) -> ItemWithdrawn:
    return ItemWithdrawn(
        item_id=published.item_id,
        site_code=published.site_code,
        kind=published.kind,
        payload_version=version,
    )


def measure(**overrides: Any) -> MeasurePublished:
    values: dict[str, Any] = {
        "measure_id": uuid.uuid4(),
        "policy_id": uuid.uuid4(),
        "policy_title": "关于支持中小企业高质量发展的若干措施",
        "document_number": "市政发〔2026〕3号",
        "issuing_body": "市人民政府",
        "title": "高新技术企业认定奖励",
        "reward_type": "资金奖励",
        "amount_wan": 20.0,
        "summary": "首次认定为高新技术企业的，一次性奖励20万元。",
        "industries": ["C"],
        "districts": [],
        "opens_on": None,
        "closes_on": None,
        "payload_version": 1,
    }
    values.update(overrides)
    return MeasurePublished(**values)


def ticket(**overrides: Any) -> TicketDisclosed:
    values: dict[str, Any] = {
        "ticket_id": uuid.uuid4(),
        "number": "12345-20261101-0001",
        "title": "小区噪音扰民问题",
        "content": "＊＊小区附近工地夜间施工噪音扰民。",
        "category": "环境保护",
        "answering_unit": "市生态环境局",
        "answer": "已责令施工单位夜间停止高噪声作业。",
        "created_on": date(2026, 10, 30),
        "replied_on": date(2026, 11, 2),
        "payload_version": 1,
    }
    values.update(overrides)
    return TicketDisclosed(**values)


def knowledge(question: str, answer: str, **overrides: Any) -> KnowledgePublished:
    values: dict[str, Any] = {
        "entry_id": uuid.uuid4(),
        "question": question,
        "answer": answer,
        "category": "劳动和社会保障",
        "payload_version": 1,
    }
    values.update(overrides)
    return KnowledgePublished(**values)


def subject_of(payload: EventPayload) -> str:
    for key in ("item_id", "measure_id", "ticket_id", "entry_id"):
        if hasattr(payload, key):
            return str(getattr(payload, key))
    raise ValueError(payload)


async def publish(client: httpx.AsyncClient, *payloads: EventPayload) -> None:
    js = client._transport.app.state.nats.js  # type: ignore[attr-defined]
    for payload in payloads:
        event = new_event(payload, source="/test", subject=subject_of(payload))
        await js.publish(
            event.nats_subject,
            event.model_dump_json().encode(),
            headers={"Nats-Msg-Id": str(event.id)},
        )


async def settled(client: httpx.AsyncClient, stream: str, count: int) -> None:
    """Until the consumers handled `count` messages of `stream` and the indexer is idle."""
    app = client._transport.app  # type: ignore[attr-defined]
    names = {
        "CONTENT": "svc-search-content",
        "POLICY": "svc-search-policy",
        "TICKETS": "svc-search-tickets",
    }

    async def handled() -> bool:
        try:
            info = await app.state.nats.js.consumer_info(stream, names[stream])
        except Exception:
            return False
        return bool(info.ack_floor.stream_seq >= count)

    await eventually(handled)
    await app.state.indexer.wait_idle()


async def index(client: httpx.AsyncClient, *payloads: EventPayload) -> None:
    """Publish and wait until every payload is searchable (or gone)."""
    by_stream: dict[str, int] = {}
    for p in payloads:
        stream = p.event_type.split(".")[0].upper()
        by_stream[stream] = by_stream.get(stream, 0) + 1
    before = {s: await _last_seq(client, s) for s in by_stream}
    await publish(client, *payloads)
    for stream, n in by_stream.items():
        await settled(client, stream, before[stream] + n)


async def _last_seq(client: httpx.AsyncClient, stream: str) -> int:
    js = client._transport.app.state.nats.js  # type: ignore[attr-defined]
    try:
        return int((await js.stream_info(stream)).state.last_seq)
    except Exception:
        return 0


async def search(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def ids(result: dict[str, Any]) -> list[str]:
    return [h["id"] for h in result["hits"]]
