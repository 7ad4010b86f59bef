"""JetStream streams: one per publishing service, created idempotently at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

# Inside this window JetStream drops a second publish with the same Nats-Msg-Id; beyond it,
# the consumers' inbox table keeps delivery idempotent.
DUPLICATE_WINDOW_SECONDS = 120.0


@dataclass(frozen=True)
class StreamSpec:
    name: str
    subjects: tuple[str, ...]
    replicas: int = 1

    def config(self) -> StreamConfig:
        return StreamConfig(
            name=self.name,
            subjects=list(self.subjects),
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            discard=DiscardPolicy.OLD,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
            num_replicas=self.replicas,
        )


PLATFORM_STREAMS = (
    StreamSpec("IDENTITY", ("identity.>",)),
    StreamSpec("CONTENT", ("content.>",)),
    StreamSpec("TICKETS", ("tickets.>",)),
    StreamSpec("POLICY", ("policy.>",)),
)


async def ensure_streams(js: JetStreamContext, specs: tuple[StreamSpec, ...]) -> None:
    """Create missing streams and bring existing ones to the declared subjects. Every service
    calls this for all platform streams, so start-up order between services never matters."""
    for spec in specs:
        try:
            info = await js.stream_info(spec.name)
        except NotFoundError:
            await js.add_stream(spec.config())
            continue
        if sorted(info.config.subjects or []) != sorted(spec.subjects):
            await js.update_stream(spec.config())
