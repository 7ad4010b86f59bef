from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from search.engine.base import FACETS


class SearchParams(BaseModel):
    """Parsed and validated query string of GET /search."""

    q: str
    site: str | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    sort: Literal["relevance", "date"] = "relevance"
    page: int = 1
    size: int = 10


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
    label: str
    count: int


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
    interpreted: list[list[str]] = Field(description="分词、同义词与拼音扩展后的查询")
    best_bets: list[PinnedOut]
    service_cards: list[ServiceCard]
    hits: list[HitOut]
    facets: dict[str, list[FacetValue]]


class SuggestOut(BaseModel):
    query: str
    suggestions: list[str]


class QaOut(BaseModel):
    query: str
    known: bool
    confidence: float
    threshold: float
    message: str | None = None
    question: str | None = None
    answer: str | None = None
    source: dict[str, Any] | None = None
    related_policies: list[PinnedOut] = Field(default_factory=list)
    related_services: list[PinnedOut] = Field(default_factory=list)
