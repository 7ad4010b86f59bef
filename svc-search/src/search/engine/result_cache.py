"""Answers of the embedded index, kept until its next commit.

Citizens' queries are very unequal — 公积金, 社保卡 and a few dozen others make most of a
government site's searches — and the index changes only when something is published or
withdrawn. So a repeated query (same words, filters, facets, sort and page) between two
commits is answered from memory. Every commit makes a new generation and empties the cache;
a search that began before a commit never stores its (older) answer after it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from search.engine.base import EngineQuery, EngineResult


def cache_key(query: EngineQuery) -> Hashable:
    return (
        tuple(c.alternatives for c in query.clauses),
        tuple(sorted((k, tuple(v)) for k, v in query.filters.items() if v)),
        query.facets,
        query.sort,
        query.offset,
        query.limit,
        query.match_all,
        query.title_only,
        query.fuzzy,
    )


class ResultCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self.generation = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, EngineResult] = OrderedDict()

    def get(self, key: Hashable) -> EngineResult | None:
        result = self._entries.get(key)
        if result is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return result

    def put(self, key: Hashable, result: EngineResult, generation: int) -> None:
        if self.size <= 0 or generation != self.generation:
            return
        self._entries[key] = result
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def new_generation(self) -> None:
        """The index changed: forget every answer."""
        self.generation += 1
        self._entries.clear()
