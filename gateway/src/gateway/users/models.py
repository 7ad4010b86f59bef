from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.db import Base


class UserKind(StrEnum):
    CITIZEN = "citizen"
    ENTERPRISE = "enterprise"
    STAFF = "staff"


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"  # 平台管理员
    SITE_EDITOR = "site_editor"  # 站点采编
    SITE_REVIEWER = "site_reviewer"  # 站点审核
    DISPATCHER = "dispatcher"  # 派单员
    UNIT_HANDLER = "unit_handler"  # 承办人员
    UNIT_SUPERVISOR = "unit_supervisor"  # 督办人员
    POLICY_OFFICER = "policy_officer"  # 政策专员
    ENTERPRISE = "enterprise"  # 企业
    CITIZEN = "citizen"  # 群众


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the person erased their account: the row stays (an id others may still
    # reference, e.g. in the audit log) with every personal field emptied.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", lazy="raise", cascade="all, delete-orphan"
    )


class RoleGrant(Base):
    """A role held within a scope: `*`, `site:<code>` or `org:<code>` (the org's subtree)."""

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(80))

    user: Mapped[User] = relationship(back_populates="grants", lazy="raise")

    __table_args__ = (UniqueConstraint("user_id", "role", "scope", name="uq_role_grants_grant"),)
