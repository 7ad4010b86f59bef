from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    computed_field,
    model_validator,
)

from govkit.masking import masked_spans

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
MaskedField = Literal["title", "content", "answer"]


class MaskRange(BaseModel):
    """A piece the reviewer masks by hand: positions in the field's text (after this edit's
    own text changes), `name` keeps the surname (王某), `other` masks every character."""

    model_config = ConfigDict(extra="forbid")

    field: MaskedField = Field(description="title / content / answer")
    start: int = Field(ge=0, le=10000)
    end: int = Field(gt=0, le=10000)
    kind: Literal["name", "other"] = "other"

    @model_validator(mode="after")
    def ends_after_start(self) -> MaskRange:
        if self.end <= self.start:
            raise ValueError("遮盖范围的结束位置必须大于开始位置")
        return self


class DisclosureEdit(BaseModel):
    """A reviewer's corrections to the masked text before it goes public (masked again), and
    pieces to mask by hand."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = Field(default=None, min_length=2, max_length=200)
    content: Text | None = Field(default=None, min_length=2, max_length=5000)
    answer: Text | None = Field(default=None, min_length=2, max_length=10000)
    mask: list[MaskRange] = Field(default_factory=list, max_length=200, description="手工遮盖")
    expected_version: int | None = Field(default=None, ge=1)


class MaskedSpanOut(BaseModel):
    field: MaskedField
    start: int
    end: int
    kind: str


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
    """The reviewers' view: the public copy plus its workflow, and every masked piece so the
    reviewer checks each one (and masks more) before it goes public."""

    id: uuid.UUID
    ticket_id: uuid.UUID
    state: str
    prepared_by: str
    published_by: str | None
    version: int

    @computed_field(description="脱敏位置（在脱敏后文本中的起止位置）")  # type: ignore[prop-decorator]
    @property
    def masked_spans(self) -> list[MaskedSpanOut]:
        fields: list[tuple[MaskedField, str]] = [
            ("title", self.title),
            ("content", self.content),
            ("answer", self.answer),
        ]
        return [
            MaskedSpanOut(field=name, start=s.start, end=s.end, kind=s.kind.value)
            for name, text in fields
            for s in masked_spans(text)
        ]
