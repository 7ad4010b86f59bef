from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from search.engine.base import FACETS


class SearchParams(BaseModel):
    """Parsed and validated query string of GET /search."""

    q: str = ""  # empty: browse by the filters, newest first
    site: str | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    sort: Literal["relevance", "date"] = "relevance"
    page: int = 1
    size: int = 10
    correct: bool = True  # False: search the words as typed, even when nothing matches


class HitOut(BaseModel):
    id: str
    kind: str
    kind_label: str
    title: str  # HTML: matched words in <em>, everything else escaped
    snippet: str  # HTML, same rules
    url: str
    site: str
    site_name: str
    column_name: str
    issuing_body: str
    published_at: datetime
    score: float


class ServiceCard(BaseModel):
    """搜索即服务: where, how, what to bring, the online link."""

    id: str
    title: str
    url: str
    where: str | None = None
    how: str | None = None
    materials: list[str] = Field(default_factory=list)
    online_url: str | None = None
    hotline: str | None = None
    time_limit: str | None = None
    fee: str | None = None


class PinnedOut(BaseModel):
    id: str
    title: str
    url: str
    kind: str


class FacetValue(BaseModel):
    value: str
    label: str = Field(description="给人看的名称（站点名、栏目名、GB/T 4754 行业名称……）")
    count: int
    site_name: str | None = Field(
        None, description="栏目分面：只有一个网站有此栏目时，该网站的名称"
    )


class SearchOut(BaseModel):
    query: str
    total: int
    page: int
    size: int
    sort: str
    relaxed: bool = Field(description="没有同时包含所有词的结果时，放宽为包含任一词")
    corrected: bool = Field(
        False, description="原查询无结果时按可能的错别字（同音字、拼音错一个字母）纠正后检索"
    )
    corrected_query: str | None = Field(
        None, description="纠正后的查询（如「公基金」→「公积金」）；只靠引擎容错时为空"
    )
    interpreted: list[list[str]] = Field(description="分词、同义词与拼音扩展后的查询")
    best_bets: list[PinnedOut]
    service_cards: list[ServiceCard]
    hits: list[HitOut]
    facets: dict[str, list[FacetValue]]


class SuggestOut(BaseModel):
    query: str
    suggestions: list[str]


class QaSource(BaseModel):
    """Where the answer comes from: a knowledge entry or a 答问 item, with its portal page."""

    id: str
    kind: str = Field(description="knowledge 知识库 / qa 答问")
    kind_label: str
    title: str
    url: str = Field(description="门户中的页面地址")
    site_name: str | None = None
    valid_to: str | None = Field(None, description="答案有效期至（知识库条目）")


class QaOut(BaseModel):
    query: str
    known: bool
    confidence: float = Field(description="置信度 0–1：问题的主要词语在答案问题与正文中的覆盖程度")
    threshold: float = Field(description="低于此置信度时回答不知道")
    message: str | None = Field(None, description="不知道时的提示")
    question: str | None = None
    answer: str | None = None
    source: QaSource | None = None
    related_policies: list[PinnedOut] = Field(default_factory=list)
    related_services: list[PinnedOut] = Field(default_factory=list)
