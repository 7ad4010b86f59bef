from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErasureIn(BaseModel):
    """The password again: erasing cannot be undone, so a borrowed session is not enough."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=128)


class ConfirmationOut(BaseModel):
    service: str
    confirmed_at: datetime
    removed: dict[str, int]


class ErasureOut(BaseModel):
    id: uuid.UUID
    requested_at: datetime
    completed_at: datetime | None
    complete: bool
    # Services still to confirm, and those that have (with what each removed).
    pending: list[str]
    confirmed: list[ConfirmationOut]
    status_url: str


class MyAccount(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    kind: str
    credit_code: str | None
    org_code: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    grants: list[dict[str, str]]


class DataExport(BaseModel):
    """Everything the platform holds about the caller (个人信息保护法 第45条)."""

    generated_at: datetime
    account: MyAccount
    # Per service, what its own `GET /me/data` answered.
    services: dict[str, dict[str, Any]]
