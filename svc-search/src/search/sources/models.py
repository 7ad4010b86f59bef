from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from search.db import Base


class SourceSite(Base):
    """Read model of content's sites (fed by `content.site.upserted`): names for the site facet."""

    __tablename__ = "source_sites"

    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Not unique here: the owner enforces that, and two renames arriving out of order must
    # not make the read model refuse an event.
    code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
