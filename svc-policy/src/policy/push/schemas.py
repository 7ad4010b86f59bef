from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from policy.calculator.schemas import EvidenceOut
from policy.links.schemas import LinkedItemOut


class NoticeOut(BaseModel):
    """政策找企业: a measure pushed to the enterprise, why it qualifies and where to apply."""

    id: uuid.UUID
    measure_id: uuid.UUID
    title: str
    reward_type: str
    amount_text: str | None = None
    policy_id: uuid.UUID
    policy_title: str
    issuing_body: str
    created_at: datetime
    read_at: datetime | None
    reasons: list[EvidenceOut] = Field(
        description="按本企业当前画像满足的条件（画像变化后可能与推送时不同）"
    )
    apply_at: list[LinkedItemOut] = Field(description="申报入口：办事服务信息")
