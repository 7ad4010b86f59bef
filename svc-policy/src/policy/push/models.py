from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from policy.db import Base


class Notice(Base):
    """A measure pushed to an enterprise's inbox. One per (enterprise, measure), ever."""

    __tablename__ = "notices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("credit_code", "measure_id", name="uq_notices_once"),)
