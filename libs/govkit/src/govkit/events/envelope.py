"""CloudEvents 1.0 JSON envelope."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from govkit.contracts.base import EventPayload, payload_class


class CloudEvent(BaseModel):
    model_config = ConfigDict(extra="allow")

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    time: datetime
    subject: str | None = None
    datacontenttype: str = "application/json"
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def nats_subject(self) -> str:
        """The subject names the fact; the version suffix stays in `type` only."""
        return subject_of(self.type)

    @property
    def aggregate(self) -> str | None:
        """`content.item:<id>`: the unit within which payload versions increase."""
        if self.subject is None:
            return None
        return ".".join(self.type.split(".")[:2]) + ":" + self.subject

    @property
    def payload_version(self) -> int | None:
        value = self.data.get("payload_version")
        return value if isinstance(value, int) else None

    def payload(self) -> EventPayload:
        cls = payload_class(self.type)
        if cls is None:
            raise LookupError(f"unknown event type {self.type}")
        return cls.model_validate(self.data)


def subject_of(event_type: str) -> str:
    head, _, version = event_type.rpartition(".")
    return head if version.startswith("v") and version[1:].isdigit() else event_type


def new_event(payload: EventPayload, *, source: str, subject: str | None) -> CloudEvent:
    return CloudEvent(
        id=uuid.uuid4(),
        source=source,
        type=payload.event_type,
        time=datetime.now(UTC),
        subject=subject,
        data=payload.model_dump(mode="json"),
    )
