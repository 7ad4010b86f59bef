"""Erasure requests (个人信息保护法 第47条) and each service's confirmation of its part."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base


class Erasure(Base):
    """One account's erasure. The id is what the services answer with, and what the person
    keeps to follow it (their account, and so their login, is gone)."""

    __tablename__ = "erasures"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    # The services expected to confirm, fixed when asked (a later setting changes nothing).
    services: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ErasureConfirmation(Base):
    __tablename__ = "erasure_confirmations"

    erasure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("erasures.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(32), primary_key=True)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
