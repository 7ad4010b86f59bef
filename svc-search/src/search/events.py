"""What svc-search consumes. It publishes nothing: it only follows the other services."""

from __future__ import annotations

from govkit.contracts import SiteUpserted
from govkit.db import Database
from govkit.events import Consumer, NatsConnection
from search.sources.service import on_site_upserted

CONTENT_CONSUMER = "svc-search-content"


def consumers(db: Database, nats: NatsConnection) -> list[Consumer]:
    return [
        Consumer(
            db,
            nats,
            name=CONTENT_CONSUMER,
            stream="CONTENT",
            subjects=("content.>",),
            handlers={SiteUpserted.event_type: on_site_upserted},
        )
    ]
