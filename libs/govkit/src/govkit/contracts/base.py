from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

_REGISTRY: dict[str, type[EventPayload]] = {}


class EventPayload(BaseModel):
    """Base of every event payload. `payload_version` increases per aggregate, so a consumer
    can drop a stale event that arrives after a newer one."""

    model_config = ConfigDict(extra="allow", frozen=True)
    event_type: ClassVar[str]
    payload_version: int = Field(ge=1)


def event_type(name: str):  # type: ignore[no-untyped-def]
    """Class decorator registering a payload under its CloudEvents type, e.g.
    `content.item.published.v1`."""

    def register(cls: type[EventPayload]) -> type[EventPayload]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"event type {name} registered twice")
        parts = name.split(".")
        if len(parts) < 4 or not parts[-1].startswith("v") or not parts[-1][1:].isdigit():
            raise ValueError(f"event type {name} must look like domain.aggregate.fact.vN")
        cls.event_type = name
        _REGISTRY[name] = cls
        return cls

    return register


def payload_class(name: str) -> type[EventPayload] | None:
    return _REGISTRY.get(name)


def registered_types() -> list[str]:
    return sorted(_REGISTRY)
