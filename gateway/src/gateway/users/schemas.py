from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from gateway import messages
from gateway.users.models import Role, UserKind
from govkit.validators import CreditCode

USERNAME = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{2,63}$"


def _password_strength(value: str) -> str:
    # At least 8 characters with letters and digits: the floor 等保 2.0 asks for.
    if not (any(c.isalpha() for c in value) and any(c.isdigit() for c in value)):
        raise ValueError("密码须同时包含字母和数字")
    return value


Password = Annotated[str, Field(min_length=8, max_length=128), AfterValidator(_password_strength)]


class GrantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    scope: str = Field(
        default="*", max_length=80, pattern=r"^(\*|site:[a-z0-9\-]+|org:[a-z0-9\-]+)$"
    )


class GrantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    role: str
    scope: str


class CitizenRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(pattern=USERNAME, description="用户名，3–64 位字母、数字、下划线")
    display_name: str = Field(min_length=1, max_length=100)
    password: Password


class EnterpriseRegistration(CitizenRegistration):
    credit_code: CreditCode = Field(description="统一社会信用代码")


class UserIn(BaseModel):
    """An account created by a platform admin (staff, or any kind)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(pattern=USERNAME)
    display_name: str = Field(min_length=1, max_length=100)
    kind: UserKind = UserKind.STAFF
    password: Password
    org_code: str | None = Field(default=None, max_length=32)
    credit_code: CreditCode | None = None
    grants: list[GrantIn] = Field(default_factory=list, max_length=50)

    @field_validator("grants")
    @classmethod
    def unique_grants(cls, grants: list[GrantIn]) -> list[GrantIn]:
        return list(dict.fromkeys(grants))

    @model_validator(mode="after")
    def kind_rules(self) -> UserIn:
        if self.kind == UserKind.ENTERPRISE and not self.credit_code:
            raise ValueError(messages.ENTERPRISE_NEEDS_CREDIT_CODE)
        if self.kind == UserKind.STAFF and not self.org_code:
            raise ValueError(messages.STAFF_NEEDS_ORG)
        return self


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    org_code: str | None = Field(default=None, max_length=32)
    active: bool | None = None
    grants: list[GrantIn] | None = Field(default=None, max_length=50)

    @field_validator("grants")
    @classmethod
    def unique_grants(cls, grants: list[GrantIn] | None) -> list[GrantIn] | None:
        return None if grants is None else list(dict.fromkeys(grants))


class OwnUpdate(BaseModel):
    """What a person may correct in their own account: the rest (kind, roles, the credit
    code that ties an enterprise to its records) is the administration's."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    display_name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")


class PasswordChange(BaseModel):
    # Stripped like login and registration, so the password set is the one that logs in.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    old_password: str = Field(min_length=1, max_length=128)
    new_password: Password


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    kind: str
    org_code: str | None
    credit_code: str | None
    active: bool
    locked_until: datetime | None
    grants: list[GrantOut]
