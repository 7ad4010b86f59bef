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


@event_type("identity.user.deactivated.v1")
class UserDeactivated(EventPayload):
    """An account of any kind was disabled: services stop accepting the access tokens it
    was issued before now (citizens are not mirrored by `identity.user.upserted`)."""

    user_id: UUID


@event_type("identity.user.erased.v1")
class UserErased(EventPayload):
    """The account asked to be erased (个人信息保护法 第47条). Each service removes or anonymises
    what it holds for `user_id`, then answers `identity.erasure.confirmed` with
    `erasure_id` (not the user id, so the answer itself keeps nothing of the person)."""

    user_id: UUID
    erasure_id: UUID
    kind: str
    # An enterprise's 统一社会信用代码 (a public register's number, not a person's data): svc-policy
    # keys its records by it, and a push subscription may exist without a profile naming the
    # account.
    credit_code: str | None = None


@event_type("identity.erasure.confirmed.v1")
class ErasureConfirmed(EventPayload):
    """One service has done its part of an erasure; `removed` counts what it changed."""

    erasure_id: UUID
    service: str = Field(min_length=1, max_length=32)
    removed: dict[str, int] = Field(default_factory=dict)


@event_type("identity.apikey.revoked.v1")
class ApiKeyRevoked(EventPayload):
    """A partner API key was revoked: the tokens exchanged for it stop working at once."""

    key_id: UUID
