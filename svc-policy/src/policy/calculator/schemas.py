from __future__ import annotations

import uuid

from pydantic import BaseModel


class EvidenceOut(BaseModel):
    field: str
    label: str
    required: str
    actual: str | None
    result: bool | None
    message: str


class MatchOut(BaseModel):
    measure_id: uuid.UUID
    title: str
    reward_type: str
    amount_wan: float | None
    verdict: str  # eligible | needs_info | not_eligible
    near_miss: bool
    to_close: list[str]
    missing_fields: list[str]
    evidence: list[EvidenceOut]


class CalculatorOut(BaseModel):
    size_class: str | None
    eligible: int
    needs_info: int
    near_misses: int
    results: list[MatchOut]
