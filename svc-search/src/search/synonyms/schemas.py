from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from search.text.analysis import normalize


class SynonymGroupIn(BaseModel):
    terms: list[str] = Field(
        min_length=2, max_length=20, description="互为同义的词，如 公积金、住房公积金"
    )

    @field_validator("terms")
    @classmethod
    def clean(cls, terms: list[str]) -> list[str]:
        cleaned = list(dict.fromkeys(normalize(t)[:50] for t in terms if normalize(t)))
        if len(cleaned) < 2:
            raise ValueError("至少需要两个不同的词")
        return cleaned


class SynonymGroupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    terms: list[str]
    updated_by: str
    updated_at: datetime
