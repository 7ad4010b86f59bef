from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from content.db import Base

DEFAULT_INDEX_RULE = "{org_code}/{year}-{seq:05d}"


class Site(Base):
    """A website of the cluster: the portal, a district/county site, a department site."""

    __tablename__ = "sites"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="department", server_default="department")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sites.id"), index=True)
    # The unit (gateway org code) that runs the site, and its 机构代码 used in 索引号.
    org_code: Mapped[str | None] = mapped_column(String(32))
    org_identifier: Mapped[str | None] = mapped_column(String(32))
    index_rule: Mapped[str] = mapped_column(
        String(100), default=DEFAULT_INDEX_RULE, server_default=DEFAULT_INDEX_RULE
    )
    # The identity block every government site shows in its footer.
    sponsor: Mapped[str | None] = mapped_column(String(200))  # 主办单位
    site_identifier: Mapped[str | None] = mapped_column(String(16))  # 网站标识码
    icp_number: Mapped[str | None] = mapped_column(String(64))  # ICP备案号
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
