from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from content.db import Base


class Column(Base):
    """A column (栏目) of a site. `path` holds the codes from the site's root column down,
    joined by '/', so a subtree is a prefix scan and breadcrumbs need no recursion."""

    __tablename__ = "columns"
    __table_args__ = (UniqueConstraint("site_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("columns.id"), index=True)
    path: Mapped[str] = mapped_column(String(700))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # 栏目更新周期: the platform office expects something new at least this often.
    update_period_days: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ColumnSource(Base):
    """Aggregation (信息同步、数据同源): a column also shows what another column publishes,
    or everything carrying a tag. Items are stored once; this is a query, not a copy."""

    __tablename__ = "column_sources"
    __table_args__ = (
        CheckConstraint("(source_column_id IS NULL) <> (tag_code IS NULL)", name="one_source"),
        UniqueConstraint("column_id", "source_column_id", "tag_code"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    column_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), index=True
    )
    source_column_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), index=True
    )
    tag_code: Mapped[str | None] = mapped_column(String(64), index=True)
