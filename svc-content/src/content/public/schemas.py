from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from govkit.contracts import ItemKind


class ItemTagOut(BaseModel):
    code: str
    name: str
    facet: str
    audience: str


class ItemSummary(BaseModel):
    id: uuid.UUID
    site_code: str
    kind: ItemKind
    title: str
    summary: str
    url: str
    published_at: datetime
    issuing_body: str | None = None
    document_number: str | None = None
    index_number: str | None = None


class RelatedItem(ItemSummary):
    shared_tags: int


class LinkedItem(BaseModel):
    kind: str
    label: str
    item: ItemSummary


class AttachmentOut(BaseModel):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    url: str


class DisclosureOut(BaseModel):
    index_number: str | None
    document_number: str | None
    issuing_body: str | None
    written_on: date | None
    topic: str | None
    topic_name: str | None
    validity: str | None
    valid_from: date | None
    valid_to: date | None


class PublicItem(ItemSummary):
    column_code: str
    column_name: str
    body_html: str
    edition: int
    tags: list[ItemTagOut]
    disclosure: DisclosureOut | None
    fields: dict[str, Any]
    attachments: list[AttachmentOut]
    links: list[LinkedItem]
    related: list[RelatedItem]


class CatalogueEntry(BaseModel):
    key: str
    name: str
    count: int
