from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class DisclosureEdit(BaseModel):
    """A reviewer's corrections to the masked text before it goes public (masked again)."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = Field(default=None, min_length=2, max_length=200)
    content: Text | None = Field(default=None, min_length=2, max_length=5000)
    answer: Text | None = Field(default=None, min_length=2, max_length=10000)
    expected_version: int | None = Field(default=None, ge=1)


class PublicDisclosureOut(BaseModel):
    """What anyone may read: masked question and answer, no staff names."""

    model_config = ConfigDict(from_attributes=True)

    number: str
    title: str
    content: str
    answer: str
    category: str
    answering_unit: str
    created_on: date
    replied_on: date | None
    published_at: datetime | None


class DisclosureOut(PublicDisclosureOut):
    """The reviewers' view: the public copy plus its workflow."""

    id: uuid.UUID
    ticket_id: uuid.UUID
    state: str
    prepared_by: str
    published_by: str | None
    version: int
