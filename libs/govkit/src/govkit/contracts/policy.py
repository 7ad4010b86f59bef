"""Events published by svc-policy (search indexes measures; content may link back)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from govkit.contracts.base import EventPayload, event_type


@event_type("policy.measure.published.v1")
class MeasurePublished(EventPayload):
    measure_id: UUID
    policy_id: UUID
    policy_title: str
    document_number: str | None
    issuing_body: str
    title: str
    reward_type: str
    amount_wan: float | None
    summary: str
    industries: list[str]
    districts: list[str]
    opens_on: date | None
    closes_on: date | None


@event_type("policy.measure.withdrawn.v1")
class MeasureWithdrawn(EventPayload):
    measure_id: UUID
    policy_id: UUID


@event_type("policy.match.found.v1")
class MatchFound(EventPayload):
    """An enterprise qualifies for a newly published measure (政策找企业)."""

    measure_id: UUID
    credit_code: str
    title: str
    reward_type: str
