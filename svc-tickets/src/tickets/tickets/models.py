from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from tickets.db import Base


class Channel(StrEnum):
    phone = "phone"
    email = "email"
    sms = "sms"
    qq = "qq"
    wechat = "wechat"
    weibo = "weibo"
    fax = "fax"
    web = "web"


class Kind(StrEnum):
    consultation = "consultation"  # 咨询
    help = "help"  # 求助
    complaint = "complaint"  # 投诉
    report = "report"  # 举报
    suggestion = "suggestion"  # 建议
    other = "other"  # 其他


class State(StrEnum):
    received = "received"  # 受理
    assigned = "assigned"  # 派单
    accepted = "accepted"  # 签收
    in_progress = "in_progress"  # 办理
    returned = "returned"  # 退回（待重新派单）
    replied = "replied"  # 答复
    rated = "rated"  # 回访/评价
    closed = "closed"  # 办结


OPEN_STATES = (State.received, State.assigned, State.accepted, State.in_progress, State.returned)
# States in which the handling clock runs against the unit.
HANDLING_STATES = (State.assigned, State.accepted, State.in_progress)


class Ticket(Base):
    """One citizen request (工单), whatever channel it came by."""

    __tablename__ = "tickets"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(16))
    # The classifier's suggestion at intake, kept to measure how often dispatchers agree.
    suggested_category: Mapped[str | None] = mapped_column(String(16))
    area_code: Mapped[str | None] = mapped_column(String(32))
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    # Personal data of the caller: never leaves through public endpoints or events.
    citizen_subject: Mapped[str | None] = mapped_column(String(64))
    citizen_name: Mapped[str | None] = mapped_column(String(50))
    citizen_phone: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(16), default=State.received.value)
    unit_code: Mapped[str | None] = mapped_column(String(32))
    # The lead unit's path (root → unit) and the co-handling units: who may see the ticket.
    unit_path: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    assist_units: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    assist_paths: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_on: Mapped[date] = mapped_column(Date)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sign_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_on: Mapped[date | None] = mapped_column(Date)
    due_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_days: Mapped[int] = mapped_column(SmallInteger, default=0)
    # When the reply clock last started (first dispatch, or 重办) and the working days it started
    # with, so that a deadline estimated past the published calendar can be recomputed exactly
    # once a newer calendar covers it (deadlines/redating.py), whatever the settings say by then.
    # NULL on tickets whose clock has not started, and on the closed history before 0007.
    clock_started_on: Mapped[date | None] = mapped_column(Date)
    clock_working_days: Mapped[int | None] = mapped_column(SmallInteger)
    extension_requested: Mapped[int | None] = mapped_column(SmallInteger)
    transfers: Mapped[int] = mapped_column(SmallInteger, default=0)
    urges: Mapped[int] = mapped_column(SmallInteger, default=0)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False)
    reopened: Mapped[int] = mapped_column(SmallInteger, default=0)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replied_on_time: Mapped[bool | None] = mapped_column(Boolean)
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)  # 1–5
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disclosed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    simhash: Mapped[int] = mapped_column(BigInteger)
    # The SimHash's four 16-bit bands, computed by Postgres and indexed, so the duplicate check
    # looks up candidates instead of reading a week of tickets (tickets/fingerprint.py).
    simhash_band0: Mapped[int] = mapped_column(
        Integer, Computed("(simhash & 65535)::integer", persisted=True)
    )
    simhash_band1: Mapped[int] = mapped_column(
        Integer, Computed("((simhash >> 16) & 65535)::integer", persisted=True)
    )
    simhash_band2: Mapped[int] = mapped_column(
        Integer, Computed("((simhash >> 32) & 65535)::integer", persisted=True)
    )
    simhash_band3: Mapped[int] = mapped_column(
        Integer, Computed("((simhash >> 48) & 65535)::integer", persisted=True)
    )
    duplicate_of: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
    __table_args__ = (
        Index("ix_tickets_unit_path", "unit_path", postgresql_using="gin"),
        Index("ix_tickets_assist_paths", "assist_paths", postgresql_using="gin"),
        Index("ix_tickets_created_at", "created_at"),
        Index("ix_tickets_state_due", "state", "due_on"),
        # The few estimated deadlines, for the re-dating sweep (tickets otherwise never are).
        Index("ix_tickets_due_estimated", "id", postgresql_where=text("due_estimated")),
        Index("ix_tickets_citizen", "citizen_subject"),
        Index("ix_tickets_category_created", "category", "created_at"),
        Index("ix_tickets_simhash_band0", "simhash_band0", "created_at"),
        Index("ix_tickets_simhash_band1", "simhash_band1", "created_at"),
        Index("ix_tickets_simhash_band2", "simhash_band2", "created_at"),
        Index("ix_tickets_simhash_band3", "simhash_band3", "created_at"),
    )


class TimelineEntry(Base):
    """Every step of a ticket (who, when, what), in order."""

    __tablename__ = "ticket_timeline"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    actor_unit: Mapped[str | None] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)

    __table_args__ = (Index("ix_ticket_timeline_ticket", "ticket_id", "id"),)


class Photo(Base):
    __tablename__ = "ticket_photos"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IdempotencyKey(Base):
    """A channel's `Idempotency-Key` and the ticket it created, so a retry returns that
    ticket instead of a second one."""

    __tablename__ = "idempotency_keys"

    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
