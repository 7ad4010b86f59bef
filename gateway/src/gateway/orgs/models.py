from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base


class OrgKind(StrEnum):
    CITY = "city"  # 市
    DEPARTMENT = "department"  # 市直部门
    DISTRICT = "district"  # 区/县
    STREET = "street"  # 街道/乡镇
    COMMUNITY = "community"  # 社区/村
    OTHER = "other"


class Org(Base):
    """A node of the unit tree shared by sites and 12345 handling units.

    `path` is the materialised path of codes (`city/xc/xc-dj/`), so a subtree is one indexed
    prefix scan and the ancestors are in the row itself, at any tree size."""

    __tablename__ = "orgs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    path: Mapped[str] = mapped_column(String(1024))
    depth: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __table_args__ = (
        Index("ix_orgs_path_prefix", "path", postgresql_ops={"path": "text_pattern_ops"}),
    )

    @property
    def path_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]
