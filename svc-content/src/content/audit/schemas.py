from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    entity: str
    entity_id: str
    action: str
    actor: str
    actor_name: str | None
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]
    at: datetime
