"""Items and their editions (GOV.UK's model): an `Item` is the stable identity and the live
public projection read by the public API; an `Edition` is one numbered working copy that
goes through the workflow. Publishing copies the edition onto the item."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from content.db import Base

OPEN_STATES = ("draft", "submitted", "returned", "approved", "scheduled")


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_site_live", "site_id", "live", "published_at", "id"),
        Index("ix_items_column_live", "home_column_id", "live", "published_at", "id"),
        Index("ix_items_tag_codes", "tag_codes", postgresql_using="gin"),
        Index("ix_items_issuing_body", "site_id", "issuing_body"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"))
    home_column_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("columns.id"))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    # never_published | published | withdrawn
    state: Mapped[str] = mapped_column(String(16), default="never_published")
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    live_edition: Mapped[int | None] = mapped_column(Integer)
    # payload_version of the item's events: bumped by every publish and withdraw.
    version: Mapped[int] = mapped_column(Integer, default=0)
    # The public projection of the live edition (what lists, filters and feeds read).
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    tag_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    topic: Mapped[str | None] = mapped_column(String(32))
    issuing_body: Mapped[str | None] = mapped_column(String(200))
    document_number: Mapped[str | None] = mapped_column(String(64))
    index_number: Mapped[str | None] = mapped_column(String(100), unique=True)
    year: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Edition(Base):
    __tablename__ = "editions"
    __table_args__ = (
        UniqueConstraint("item_id", "number"),
        # At most one edition of an item is being worked on at a time.
        Index(
            "uq_editions_one_open",
            "item_id",
            unique=True,
            postgresql_where=text(
                "state IN ('draft', 'submitted', 'returned', 'approved', 'scheduled')"
            ),
        ),
        Index("ix_editions_state_publish_at", "state", "publish_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    # draft | submitted | returned | approved | scheduled | published | superseded | withdrawn
    state: Mapped[str] = mapped_column(String(16), default="draft")
    # Optimistic lock for concurrent editors: bumped on every change of the edition.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    tag_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    topic: Mapped[str | None] = mapped_column(String(32))
    document_number: Mapped[str | None] = mapped_column(String(64))
    issuing_body: Mapped[str | None] = mapped_column(String(200))
    written_on: Mapped[date | None] = mapped_column(Date)
    validity: Mapped[str | None] = mapped_column(String(16))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Kind-specific fields (service guide, open data, solicitation window…), validated by
    # the kind's schema in items/kinds.py.
    fields: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    placements: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    return_reason: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_by: Mapped[str] = mapped_column(String(64))
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    published_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ItemLink(Base):
    """An explicit typed link of the live edition, read `source <kind> target`."""

    __tablename__ = "item_links"

    source_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)


class ItemPlacement(Base):
    """The live edition is also shown in this column (explicit aggregation)."""

    __tablename__ = "item_placements"

    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    column_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class IndexCounter(Base):
    """The running 流水号 of 索引号 per site and year."""

    __tablename__ = "index_counters"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # Kept in Postgres for the one-machine run; production points this at object storage.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
