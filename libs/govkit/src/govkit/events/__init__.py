"""The event bus: CloudEvents envelope, transactional outbox, relay, idempotent consumers."""

from govkit.events.consumer import Consumer, Handler
from govkit.events.envelope import CloudEvent, new_event
from govkit.events.nats import NatsConnection
from govkit.events.outbox import Outbox
from govkit.events.relay import OutboxRelay
from govkit.events.streams import PLATFORM_STREAMS, StreamSpec, ensure_streams
from govkit.events.tables import create_event_tables, drop_event_tables

__all__ = [
    "PLATFORM_STREAMS",
    "CloudEvent",
    "Consumer",
    "Handler",
    "NatsConnection",
    "Outbox",
    "OutboxRelay",
    "StreamSpec",
    "create_event_tables",
    "drop_event_tables",
    "ensure_streams",
    "new_event",
]
