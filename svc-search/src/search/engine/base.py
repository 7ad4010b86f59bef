"""The one engine interface every implementation (tantivy, PostgreSQL FTS, Meilisearch)
honours, and the engine-neutral documents and queries that cross it.

Query analysis (segmentation, synonyms, pinyin) happens before the engine: an engine gets
clauses of alternative words and must match every clause (or any, when relaxed), search
the title boosted over the body, apply the filters, count the facets and sort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from govkit import clock

FACETS = ("site", "kind", "column", "issuing_body", "year", "industry", "reward_type", "tag")
Sort = Literal["relevance", "date"]
_FUZZY_WORD = re.compile(r"[a-z]{5,}")


def fuzzy_candidate(word: str) -> bool:
    """A latin word long enough for typo tolerance (5+ letters) — shorter ones would match
    too much one edit away."""
    return bool(_FUZZY_WORD.fullmatch(word))


# Dates after this get a gentle boost growing with recency (see `recency`).
RECENCY_EPOCH = datetime(2015, 1, 1, tzinfo=UTC)
RECENCY_SPAN_DAYS = 365 * 15


@dataclass
class SearchDoc:
    """What is indexed for one searchable thing (an item, a measure, a ticket, an answer)."""

    id: str  # "content:<uuid>", "measure:<uuid>", "ticket:<uuid>", "knowledge:<uuid>"
    kind: str
    title: str
    body: str = ""
    summary: str = ""
    url: str = ""
    site: str = ""
    site_name: str = ""
    column: str = ""
    column_name: str = ""
    issuing_body: str = ""
    published_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    industries: list[str] = field(default_factory=list)
    reward_type: str = ""
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # service guide, answer, ticket no.

    @property
    def year(self) -> str:
        return str(clock.local_date(self.published_at).year)  # the Beijing year

    @property
    def recency(self) -> float:
        """0 (2015 or older) … 0.5 (15 years later): the score is multiplied by
        log2(2 + recency), at most ×1.32 — recent items win ties, not arguments."""
        days = (self.published_at - RECENCY_EPOCH).days
        return max(0.0, min(1.0, days / RECENCY_SPAN_DAYS)) * 0.5

    def facets(self) -> dict[str, list[str]]:
        """Every facet's non-empty values, built in one go (indexing calls this per doc)."""
        single = {
            "site": self.site,
            "kind": self.kind,
            "column": self.column,
            "issuing_body": self.issuing_body,
            "year": self.year,
            "reward_type": self.reward_type,
        }
        out = {f: [v] for f, v in single.items() if v}
        if industries := [v for v in self.industries if v]:
            out["industry"] = industries
        if tags := [v for v in self.tags if v]:
            out["tag"] = tags
        return out

    def facet_values(self, facet: str) -> list[str]:
        return self.facets().get(facet, [])

    def to_json(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["published_at"] = self.published_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchDoc:
        values = dict(data)
        values["published_at"] = datetime.fromisoformat(values["published_at"])
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Clause:
    """One query word with its equivalents (synonyms, pinyin readings); any may match."""

    alternatives: tuple[str, ...]


@dataclass
class EngineQuery:
    clauses: list[Clause]
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    sort: Sort = "relevance"
    offset: int = 0
    limit: int = 10
    match_all: bool = True  # every clause must match; False = any clause
    title_only: bool = False
    # Also match latin words one or two edits away, where the engine can (tantivy: fuzzy
    # term queries for 5+ letters; Meilisearch always does; PostgreSQL FTS cannot).
    fuzzy: bool = False

    def terms(self) -> list[str]:
        return [a for c in self.clauses for a in c.alternatives]


@dataclass
class Hit:
    doc: SearchDoc
    score: float


@dataclass
class EngineResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class Engine(Protocol):
    name: str

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def apply(self, upserts: list[SearchDoc], deletes: list[str]) -> None:
        """Replace/insert `upserts`, remove `deletes`, and make the result searchable."""
        ...

    async def search(self, query: EngineQuery) -> EngineResult: ...

    async def count(self) -> int: ...

    async def start_rebuild(self) -> Engine:
        """A fresh, empty shadow index that fills while this one keeps serving."""
        ...

    async def finish_rebuild(self, shadow: Engine) -> None:
        """Make `shadow` the serving index (atomically for readers); drop the old one."""
        ...
