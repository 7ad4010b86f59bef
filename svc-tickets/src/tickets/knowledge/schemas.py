from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Number = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)]


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Text = Field(min_length=4, max_length=500)
    answer: Text = Field(min_length=4, max_length=10000)
    category: str = Field(min_length=2, max_length=16, description="诉求分类编码")
    valid_to: date | None = Field(default=None, description="有效期至（政策到期后需复核）")
    source_tickets: list[Number] = Field(default_factory=list, max_length=50)


class EntryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Text | None = Field(default=None, min_length=4, max_length=500)
    answer: Text | None = Field(default=None, min_length=4, max_length=10000)
    category: str | None = Field(default=None, min_length=2, max_length=16)
    valid_to: date | None = None
    expected_version: int | None = Field(default=None, ge=1)


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    question: str
    answer: str
    category: str
    category_name: str = ""
    valid_to: date | None
    source_tickets: list[str]
    state: str
    created_by: str
    reviewed_by: str | None
    published_at: datetime | None
    updated_at: datetime
    version: int


class PublicEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    question: str
    answer: str
    category_name: str = ""
    valid_to: date | None
    published_at: datetime | None
