"""Events published by svc-content."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from govkit.contracts.base import EventPayload, event_type


@event_type("content.site.upserted.v1")
class SiteUpserted(EventPayload):
    site_id: UUID
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
