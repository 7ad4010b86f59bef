from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from policy.db import Base


class ContentLink(Base):
    """`item <kind> document`: a 政策解读/答问/办事服务 item pointing at a 政策文件 item, as
    published by svc-content. Keyed by content ids, not policy ids, so the order in which the
    two items' events arrive does not matter; a policy joins on its `content_item_id`."""

    __tablename__ = "content_links"

    item_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # interprets|answers|serves
    document_item_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    item_kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
