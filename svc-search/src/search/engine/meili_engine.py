"""Meilisearch behind the engine interface (compose and cluster). The `meilisearch` client is
blocking (requests), so every call runs in a worker thread, never on the event loop.

- Chinese: `localizedAttributes` = cmn on the text fields (Meilisearch segments with jieba
  itself); title before summary before body in `searchableAttributes` boosts the title.
- Facets: filterable attributes; counts from `facetDistribution`.
- Recency: `published` as the last ranking rule, a tie-breaker like the other engines.
- Alternatives in a clause (synonyms, pinyin readings): one query per combination in a
  federated multi-search (at most 8), which merges and de-duplicates the hits.
- Writes wait for their task, so `apply` returning means searchable, as for tantivy.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from typing import Any

import meilisearch

from search.engine.base import FACETS, EngineQuery, EngineResult, Hit, SearchDoc

TEXT_FIELDS = ["title", "summary", "body"]
MAX_COMBINATIONS = 8
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def meili_id(doc_id: str) -> str:
    """Meilisearch ids allow [A-Za-z0-9_-] only: `content:<uuid>` → `content_<uuid>`."""
    return _UNSAFE_ID.sub("_", doc_id)


def to_record(doc: SearchDoc) -> dict[str, Any]:
    record: dict[str, Any] = {"key": meili_id(doc.id), "doc": doc.to_json()}
    record.update(title=doc.title, summary=doc.summary, body=doc.body)
    for facet in FACETS:
        record[facet] = doc.facet_values(facet)
    record["published"] = int(doc.published_at.timestamp())
    return record


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_expression(filters: dict[str, list[str]]) -> list[list[str]]:
    """AND of ORs, each value quoted and escaped (no injection into the filter language)."""
    return [
        [f"{facet} = {_quote(v)}" for v in values] for facet, values in filters.items() if values
    ]


def query_strings(query: EngineQuery) -> list[str]:
    combos = itertools.islice(
        itertools.product(*(c.alternatives for c in query.clauses)), MAX_COMBINATIONS
    )
    return [" ".join(words) for words in combos] or [""]


class MeiliEngine:
    name = "meilisearch"

    def __init__(self, url: str, key: str | None, index_uid: str, timeout: int = 10) -> None:
        self.client = meilisearch.Client(url, key, timeout=timeout)
        self.uid = index_uid
        self.serving_uid = index_uid

    async def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def _wait(self, task: Any) -> None:
        await self._call(self.client.wait_for_task, task.task_uid, timeout_in_ms=30_000)

    async def open(self) -> None:
        await self._wait(
            await self._call(self.client.create_index, self.uid, {"primaryKey": "key"})
        )
        settings = {
            "searchableAttributes": TEXT_FIELDS,
            "filterableAttributes": list(FACETS),
            "sortableAttributes": ["published"],
            "displayedAttributes": ["key", "doc"],
            "localizedAttributes": [{"attributePatterns": TEXT_FIELDS, "locales": ["cmn"]}],
            "rankingRules": [
                "words",
                "typo",
                "proximity",
                "attribute",
                "sort",
                "exactness",
                "published:desc",
            ],
        }
        index = self.client.index(self.uid)
        await self._wait(await self._call(index.update_settings, settings))

    async def close(self) -> None:
        return None

    async def drop(self) -> None:
        await self._wait(await self._call(self.client.delete_index, self.uid))

    async def apply(self, upserts: list[SearchDoc], deletes: list[str]) -> None:
        index = self.client.index(self.uid)
        if deletes:
            await self._wait(
                await self._call(index.delete_documents, [meili_id(d) for d in deletes])
            )
        if upserts:
            records = [to_record(d) for d in upserts]
            await self._wait(await self._call(index.add_documents, records, "key"))

    async def count(self) -> int:
        stats = await self._call(self.client.index(self.uid).get_stats)
        return int(stats.number_of_documents)

    async def start_rebuild(self) -> MeiliEngine:
        shadow = MeiliEngine.__new__(MeiliEngine)
        shadow.client, shadow.uid, shadow.serving_uid = self.client, f"{self.uid}-next", self.uid
        await shadow.open()
        return shadow

    async def finish_rebuild(self, shadow: MeiliEngine) -> None:  # type: ignore[override]
        """Swap the two indexes atomically (Meilisearch's swap-indexes), drop the old one."""
        await self._wait(
            await self._call(self.client.swap_indexes, [{"indexes": [self.uid, shadow.uid]}])
        )
        await self._wait(await self._call(self.client.delete_index, shadow.uid))

    def _params(self, query: EngineQuery) -> dict[str, Any]:
        params: dict[str, Any] = {
            "attributesToRetrieve": ["doc"],
            "showRankingScore": True,
            "matchingStrategy": "all" if query.match_all else "last",
        }
        if query.title_only:
            params["attributesToSearchOn"] = ["title"]
        expression = filter_expression(query.filters)
        if expression:
            params["filter"] = expression
        if query.sort == "date":
            params["sort"] = ["published:desc"]
        return params

    async def search(self, query: EngineQuery) -> EngineResult:
        strings = query_strings(query)
        params = self._params(query)
        if len(strings) == 1:
            params.update(offset=query.offset, limit=query.limit)
            if query.facets:
                params["facets"] = list(query.facets)
            raw = await self._call(self.client.index(self.uid).search, strings[0], params)
            facets = raw.get("facetDistribution") or {}
        else:
            queries = [{"indexUid": self.uid, "q": s, **params} for s in strings]
            federation: dict[str, Any] = {"offset": query.offset, "limit": query.limit}
            if query.facets:
                federation["facetsByIndex"] = {self.uid: list(query.facets)}
                federation["mergeFacets"] = {}
            raw = await self._call(self.client.multi_search, queries, federation)
            facets = raw.get("facetDistribution") or {}
        hits = [
            Hit(SearchDoc.from_json(h["doc"]), float(h.get("_rankingScore", 0.0)))
            for h in raw["hits"]
        ]
        total = int(raw.get("estimatedTotalHits", raw.get("totalHits", len(hits))))
        counted = {
            f: sorted(((str(v), int(n)) for v, n in facets.get(f, {}).items()), key=lambda x: -x[1])
            for f in query.facets
        }
        return EngineResult(total=total, hits=hits, facets=counted if total else {})
