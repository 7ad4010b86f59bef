from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

SCOPE = r"^[a-z0-9_]+:[a-z0-9_]+$"


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100, description="用途，如“市民热线话务系统”")
    org_code: str = Field(min_length=1, max_length=32, description="所属组织机构")
    scopes: list[Annotated[str, Field(pattern=SCOPE, max_length=64)]] = Field(
        min_length=1, max_length=30, description="权限范围，如 tickets:write"
    )
    rate_per_minute: int = Field(default=600, ge=1, le=100_000)

    def normalised_scopes(self) -> list[str]:
        return sorted(set(self.scopes))


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    prefix: str
    name: str
    scopes: list[str]
    rate_per_minute: int
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="完整密钥，仅在创建时显示一次")
