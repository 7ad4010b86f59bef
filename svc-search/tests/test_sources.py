"""svc-search follows content's sites through events only."""

from __future__ import annotations

import uuid

from govkit.contracts import SiteUpserted
from govkit.events import new_event
from govkit.testing import eventually


async def publish_site(
    client, site_id: uuid.UUID, name: str, version: int, code: str = "portal"
) -> None:  # type: ignore[no-untyped-def]
    js = client._transport.app.state.nats.js
    event = new_event(
        SiteUpserted(site_id=site_id, code=code, name=name, payload_version=version),
        source="/svc-content",
        subject=str(site_id),
    )
    await js.publish(
        event.nats_subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": str(event.id)}
    )


async def site_names(client) -> list[str]:  # type: ignore[no-untyped-def]
    return [s["name"] for s in (await client.get("/sites")).json()["items"]]


async def test_site_event_reaches_the_read_model(client):
    site_id = uuid.uuid4()
    await publish_site(client, site_id, "市政府门户网站", 1)

    async def indexed() -> bool:
        return await site_names(client) == ["市政府门户网站"]

    await eventually(indexed)


async def test_a_late_stale_site_event_does_not_overwrite_a_newer_one(client):
    site_id = uuid.uuid4()
    await publish_site(client, site_id, "新名称", 2)
    await publish_site(client, site_id, "旧名称", 1)
    await publish_site(client, uuid.uuid4(), "区政府网站", 1, code="district")

    async def settled() -> bool:
        info = await client._transport.app.state.nats.js.consumer_info(
            "CONTENT", "svc-search-content"
        )
        return info.ack_floor.stream_seq == 3

    await eventually(settled)
    assert "新名称" in await site_names(client)
    assert "旧名称" not in await site_names(client)
