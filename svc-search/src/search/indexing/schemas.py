from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


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
    rebuild_phase: str | None = Field(
        None, description="replaying | filling | interrupted（进程中断，等待自动重新开始）"
    )
    rebuild_attempts: int = Field(0, description="1；中断后重新开始的每次加 1")
    rebuild_interrupted_at: datetime | None = None
