from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from govkit.contracts.content import ITEM_KIND_LABELS
from policy.links.models import ContentLink

LABELS = {kind.value: label for kind, label in ITEM_KIND_LABELS.items()}


class LinkedItemOut(BaseModel):
    """A 政策解读/答问/办事服务 item of svc-content, as this service last heard of it."""

    item_id: uuid.UUID
    link: str = Field(description="interprets 解读 / answers 答问 / serves 办事")
    item_kind: str
    item_kind_label: str
    title: str
    url: str

    @classmethod
    def of(cls, link: ContentLink) -> LinkedItemOut:
        return cls(
            item_id=link.item_id,
            link=link.kind,
            item_kind=link.item_kind,
            item_kind_label=LABELS.get(link.item_kind, link.item_kind),
            title=link.title,
            url=link.url,
        )


class OriginalOut(BaseModel):
    """The policy's own 政策文件 item (查看原文)."""

    item_id: uuid.UUID
    title: str
    url: str | None
    state: str | None = Field(description="published 已发布 / withdrawn 已撤回 / repealed 已废止")


class ItemPolicyOut(BaseModel):
    policy_id: uuid.UUID
    title: str
    document_number: str | None
    status: str
    relation: str = Field(
        description="original 原文 / interprets 解读 / answers 答问 / serves 办事"
    )


class ItemPoliciesOut(BaseModel):
    """Which policies a content item belongs to."""

    item_id: uuid.UUID
    policies: list[ItemPolicyOut]
