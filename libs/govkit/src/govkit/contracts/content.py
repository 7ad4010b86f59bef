"""Events published by svc-content: the public view of sites, tags and items.

`content.item.published` carries what every consumer needs to build its own read model
(search indexes it, policy links 政策文件/政策解读/办事服务 to structured policies), so no
consumer has to call svc-content back.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from govkit.contracts.base import EventPayload, event_type


class ItemKind(StrEnum):
    """The 11 kinds of information item (信息类别)."""

    policy_document = "policy_document"  # 政策文件
    interpretation = "interpretation"  # 政策解读
    news = "news"  # 资讯报道
    qa = "qa"  # 答问知识
    solicitation = "solicitation"  # 意见征集
    survey = "survey"  # 在线调查
    interview = "interview"  # 在线访谈
    disclosure = "disclosure"  # 信息公开
    notice = "notice"  # 通知公告
    open_data = "open_data"  # 政府数据
    service = "service"  # 办事服务


ITEM_KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.policy_document: "政策文件",
    ItemKind.interpretation: "政策解读",
    ItemKind.news: "资讯报道",
    ItemKind.qa: "答问知识",
    ItemKind.solicitation: "意见征集",
    ItemKind.survey: "在线调查",
    ItemKind.interview: "在线访谈",
    ItemKind.disclosure: "信息公开",
    ItemKind.notice: "通知公告",
    ItemKind.open_data: "政府数据",
    ItemKind.service: "办事服务",
}


class LinkKind(StrEnum):
    """Typed explicit links, read as `source <kind> target`; consumers derive the reverse."""

    interprets = "interprets"  # 解读 of a policy document (查看原文 / 查看解读)
    answers = "answers"  # 答问 of a policy document
    serves = "serves"  # 办事 for a policy document (where to apply)
    related = "related"  # editor's plain "see also"


class Validity(StrEnum):
    valid = "valid"  # 有效
    repealed = "repealed"  # 废止
    amended = "amended"  # 修改


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class ItemTag(_Part):
    code: str
    name: str
    facet: str
    audience: str


class ItemLinkRef(_Part):
    kind: LinkKind
    item_id: UUID


class DisclosureMeta(_Part):
    """政府信息公开要素 (on disclosure items and policy documents)."""

    index_number: str | None = None  # 索引号
    document_number: str | None = None  # 文号, canonical 〔〕 brackets
    issuing_body: str | None = None  # 发布机构
    written_on: date | None = None  # 成文日期
    topic: str | None = None  # 主题分类
    validity: Validity | None = None  # 有效性
    valid_from: date | None = None
    valid_to: date | None = None


class ServiceGuide(_Part):
    """What a 办事服务 item tells a citizen: where, how, what to bring, the online link."""

    where: str | None = None
    how: str | None = None
    materials: list[str] = Field(default_factory=list)
    online_url: str | None = None
    hotline: str | None = None
    time_limit: str | None = None
    fee: str | None = None


@event_type("content.site.upserted.v1")
class SiteUpserted(EventPayload):
    site_id: UUID
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)


@event_type("content.tag.upserted.v1")
class TagUpserted(EventPayload):
    tag_id: UUID
    code: str
    name: str
    audience: str
    facet: str
    parent_code: str | None
    active: bool


@event_type("content.item.published.v1")
class ItemPublished(EventPayload):
    """The public view of an item edition that has just been published (or republished)."""

    item_id: UUID
    edition: int = Field(ge=1)
    site_code: str
    site_name: str
    column_code: str
    column_name: str
    kind: ItemKind
    title: str
    summary: str = ""
    text: str = ""  # plain text derived from the sanitised body (no HTML)
    url: str
    published_at: datetime
    tags: list[ItemTag] = Field(default_factory=list)
    disclosure: DisclosureMeta | None = None
    service: ServiceGuide | None = None
    links: list[ItemLinkRef] = Field(default_factory=list)


@event_type("content.item.withdrawn.v1")
class ItemWithdrawn(EventPayload):
    item_id: UUID
    site_code: str
    kind: ItemKind
