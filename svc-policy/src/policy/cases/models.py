from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from policy.db import Base


class MeasureCases(Base):
    """A measure's rule test cases, as the YAML the policy officer wrote (kept verbatim)."""

    __tablename__ = "measure_cases"

    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id"), primary_key=True)
    yaml: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
