"""Events published by the gateway's identity module (no personal data: no phones, no ID
numbers; services mirror only what they need to scope access)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from govkit.contracts.base import EventPayload, event_type


@event_type("identity.org.upserted.v1")
class OrgUpserted(EventPayload):
    org_id: UUID
    code: str = Field(min_length=1, max_length=32)
    name: str
    kind: str
    parent_code: str | None
    # Codes from the root down to this org, e.g. ["city", "xc", "xc-dongjie"].
    path: list[str]


@event_type("identity.org.removed.v1")
class OrgRemoved(EventPayload):
    org_id: UUID
    code: str


class RoleClaim(BaseModel):
    role: str
    scope: str


@event_type("identity.user.upserted.v1")
class UserUpserted(EventPayload):
    user_id: UUID
    username: str
    kind: str
    display_name: str
    org_code: str | None
    roles: list[RoleClaim]
    active: bool
