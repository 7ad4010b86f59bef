from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govkit import clock
from govkit.contracts import ItemKind, LinkKind, Validity
from govkit.validators import BoundedDate, BoundedDateTime, DocumentNumber

CODE = r"^[a-z0-9][a-z0-9\-_.]{0,63}$"


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: LinkKind
    item_id: uuid.UUID


class EditableFields(BaseModel):
    """What an editor may set on a working edition. Omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=300)
    summary: str | None = Field(default=None, max_length=500)
    body_html: str | None = Field(default=None, max_length=500_000, description="正文（富文本）")
    tag_codes: list[str] | None = Field(default=None, max_length=30)
    topic: str | None = Field(default=None, max_length=32, description="主题分类代码")
    document_number: DocumentNumber | None = Field(default=None, description="文号")
    issuing_body: str | None = Field(default=None, max_length=200, description="发布机构")
    written_on: BoundedDate | None = Field(default=None, description="成文日期")
    validity: Validity | None = Field(default=None, description="有效性")
    valid_from: BoundedDate | None = None
    valid_to: BoundedDate | None = None
    fields: dict[str, Any] | None = Field(default=None, description="信息类别专有字段")
    links: list[LinkIn] | None = Field(default=None, max_length=50)
    placements: list[str] | None = Field(
        default=None, max_length=20, description="同时展示的本站其他栏目代码"
    )

    @model_validator(mode="after")
    def dates_in_order(self) -> EditableFields:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("有效期截止日期不能早于起始日期")
        if self.written_on and self.written_on > clock.today():
            raise ValueError("成文日期不能晚于今天")
        return self


class ItemCreate(EditableFields):
    column_code: str = Field(pattern=CODE, description="所属栏目代码")
    kind: ItemKind
    title: str = Field(min_length=1, max_length=300)  # type: ignore[assignment]


class EditionUpdate(EditableFields):
    revision: int = Field(ge=1, description="所编辑版本的修订号（防止覆盖他人修改）")


class ReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=2, max_length=1000, description="退回理由")


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    publish_at: BoundedDateTime | None = Field(
        default=None, description="定时发布时间，空则立即发布"
    )


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=2, max_length=1000, description="撤回理由")


class EditionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    state: str
    revision: int
    title: str
    summary: str
    body_html: str
    tag_codes: list[str]
    topic: str | None
    document_number: str | None
    issuing_body: str | None
    written_on: date | None
    validity: str | None
    valid_from: date | None
    valid_to: date | None
    fields: dict[str, Any]
    links: list[dict[str, Any]]
    publish_at: datetime | None
    return_reason: str | None
    findings: list[dict[str, Any]]
    created_by: str
    updated_by: str
    updated_at: datetime


class EditorItemOut(BaseModel):
    id: uuid.UUID
    site_code: str
    column_code: str
    kind: ItemKind
    state: str
    live_edition: int | None
    index_number: str | None
    working: EditionOut | None
    editions: list[dict[str, Any]]


class QueueEntry(BaseModel):
    item_id: uuid.UUID
    kind: ItemKind
    title: str
    number: int
    state: str
    updated_by: str
    updated_at: datetime
