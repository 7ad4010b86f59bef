from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class IndexStatus(BaseModel):
    engine: str
    documents: int
    pending: int
    rebuilding: bool
    rebuild_started_at: datetime | None
    rebuild_finished_at: datetime | None
    replayed_events: int
    rebuilt_documents: int
    rebuild_error: str | None
