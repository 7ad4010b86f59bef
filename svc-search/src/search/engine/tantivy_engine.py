"""The embedded engine: tantivy on disk, one writer, readers reloaded after each commit.

Layout under the index path: `gen-000001/`, `gen-000002/`… and a `CURRENT` file naming the
serving generation. A rebuild fills the next generation while the current one serves, then
`CURRENT` is replaced atomically and the old directory removed.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import tantivy
from tantivy import Filter, Occur, Order, Query, TextAnalyzerBuilder, Tokenizer

from search.engine.base import (
    FACETS,
    EngineQuery,
    EngineResult,
    Hit,
    SearchDoc,
    fuzzy_candidate,
)
from search.engine.result_cache import ResultCache, cache_key
from search.text.analysis import bigram_text, bigrams, index_words, normalize

TITLE_BOOST, TITLE_PHRASE_BOOST = 3.0, 2.0
FACET_SIZE = 30
# Typo tolerance: latin words of 5+ letters match one edit away, of 9+ two; scored low.
FUZZY_TWO_EDITS, FUZZY_BOOST = 9, 0.5
FACET_FIELDS = {f: f for f in FACETS}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", tokenizer_name="ws")  # jieba words
    sb.add_text_field("title_bg", tokenizer_name="ws")  # bigrams: exact phrases
    sb.add_text_field("body", tokenizer_name="ws")  # bigrams of summary + body
    for facet in FACETS:
        sb.add_text_field(facet, tokenizer_name="raw", fast=True)
    sb.add_integer_field("published", indexed=True, fast=True)
    sb.add_float_field("recency", fast=True)
    sb.add_bytes_field("doc", stored=True, indexed=False)
    return sb.build()


def _open_index(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(build_schema(), path=str(path), reuse=True)
    index.register_tokenizer(
        "ws", TextAnalyzerBuilder(Tokenizer.whitespace()).filter(Filter.lowercase()).build()
    )
    return index


def to_document(doc: SearchDoc) -> tantivy.Document:
    document = tantivy.Document()
    document.add_text("id", doc.id)
    document.add_text("title", " ".join(index_words(doc.title)))
    document.add_text("title_bg", bigram_text(doc.title))
    document.add_text("body", bigram_text(f"{doc.summary}\n{doc.body}"))
    document.add_integer("published", int(doc.published_at.timestamp()))
    document.add_float("recency", doc.recency)
    document.add_bytes("doc", json.dumps(doc.to_json(), ensure_ascii=False).encode())
    for facet, values in doc.facets().items():
        for value in values:
            document.add_text(FACET_FIELDS[facet], value)
    return document


class TantivyEngine:
    name = "tantivy"

    def __init__(
        self,
        root: Path,
        *,
        writer_heap: int = 64_000_000,
        threads: int = 1,
        result_cache_size: int = 0,
    ) -> None:
        self.root = Path(root)
        self.cache = ResultCache(result_cache_size)
        self.writer_heap = writer_heap
        self.threads = threads
        self.generation = 0
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._schema = build_schema()
        self._lock = asyncio.Lock()

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        current = self.root / "CURRENT"
        self.generation = int(current.read_text().strip()) if current.exists() else 1
        self._open_generation()
        if not current.exists():
            self._write_current()

    def _open_generation(self) -> None:
        self._index = _open_index(self._path(self.generation))
        self._writer = self._index.writer(self.writer_heap, self.threads)

    def _path(self, generation: int) -> Path:
        return self.root / f"gen-{generation:06d}"

    def _write_current(self) -> None:
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(str(self.generation))
        os.replace(tmp, self.root / "CURRENT")

    async def close(self) -> None:
        async with self._lock:
            if self._writer is not None:
                await asyncio.to_thread(self._writer.wait_merging_threads)
            self._writer = None

    @property
    def index(self) -> tantivy.Index:
        assert self._index is not None, "engine not opened"
        return self._index

    # -- writing -----------------------------------------------------------------------

    async def apply(self, upserts: list[SearchDoc], deletes: list[str]) -> None:
        async with self._lock:
            # Text analysis too runs off the event loop: a batch of 500 documents is ~0.1 s of
            # Python that would otherwise stall every search meanwhile.
            await asyncio.to_thread(self._apply, upserts, deletes)
            self.cache.new_generation()  # here, on the loop: the cache is never shared by threads

    def _apply(self, upserts: list[SearchDoc], deletes: list[str]) -> None:
        writer = self._writer
        assert writer is not None
        for doc_id in deletes:
            writer.delete_documents_by_term("id", doc_id)
        for doc in upserts:
            writer.delete_documents_by_term("id", doc.id)
            writer.add_document(to_document(doc))
        writer.commit()
        self.index.reload()

    async def count(self) -> int:
        return int(self.index.searcher().num_docs)

    # -- rebuild -----------------------------------------------------------------------

    async def start_rebuild(self) -> TantivyEngine:
        shadow = TantivyEngine(self.root, writer_heap=self.writer_heap, threads=self.threads)
        shadow.generation = self.generation + 1
        shutil.rmtree(shadow._path(shadow.generation), ignore_errors=True)
        shadow._open_generation()
        return shadow

    async def finish_rebuild(self, shadow: TantivyEngine) -> None:  # type: ignore[override]
        async with self._lock:
            old = self.generation
            if self._writer is not None:
                await asyncio.to_thread(self._writer.wait_merging_threads)
            self._index, self._writer = shadow._index, shadow._writer
            self.generation = shadow.generation
            self.cache.new_generation()
            self._write_current()
        shutil.rmtree(self._path(old), ignore_errors=True)

    # -- searching ---------------------------------------------------------------------

    def _alternative(self, word: str, title_only: bool, fuzzy: bool = False) -> Query:
        word = normalize(word)
        parts: list[tuple[Occur, Query]] = [
            (
                Occur.Should,
                Query.boost_query(Query.term_query(self._schema, "title", word), TITLE_BOOST),
            )
        ]
        if fuzzy and fuzzy_candidate(word):
            distance = 1 if len(word) < FUZZY_TWO_EDITS else 2
            for field in ("title",) if title_only else ("title", "body"):
                q = Query.fuzzy_term_query(
                    self._schema, field, word, distance=distance, transposition_cost_one=True
                )
                parts.append((Occur.Should, Query.boost_query(q, FUZZY_BOOST)))
        grams = bigrams(word)
        if grams:
            fields = [("title_bg", TITLE_PHRASE_BOOST)] + ([] if title_only else [("body", 1.0)])
            for field, boost in fields:
                q = (
                    Query.term_query(self._schema, field, grams[0])
                    if len(grams) == 1
                    else Query.phrase_query(self._schema, field, grams)
                )
                parts.append((Occur.Should, Query.boost_query(q, boost)))
        return Query.boolean_query(parts)

    def build_query(self, query: EngineQuery) -> Query:
        # Any-word clauses are nested in one Must: next to a Must filter, top-level Should
        # clauses would become optional and match everything.
        clauses = [
            Query.boolean_query(
                [
                    (Occur.Should, self._alternative(a, query.title_only, query.fuzzy))
                    for a in c.alternatives
                ]
            )
            for c in query.clauses
        ]
        parts: list[tuple[Occur, Query]] = []
        if query.match_all:
            parts += [(Occur.Must, c) for c in clauses]
        elif clauses:
            parts.append((Occur.Must, Query.boolean_query([(Occur.Should, c) for c in clauses])))
        for facet, values in query.filters.items():
            if values:
                field = FACET_FIELDS[facet]
                parts.append((Occur.Must, Query.term_set_query(self._schema, field, values)))
        if not clauses:
            parts.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(parts)

    async def search(self, query: EngineQuery) -> EngineResult:
        key, generation = cache_key(query), self.cache.generation
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        result = self._search(query)
        self.cache.put(key, result, generation)
        return result

    def _search(self, query: EngineQuery) -> EngineResult:
        searcher = self.index.searcher()
        q = self.build_query(query)
        if query.sort == "date":
            result = searcher.search(
                q,
                query.limit,
                count=True,
                order_by_field="published",
                offset=query.offset,
                order=Order.Desc,
            )
        else:
            result = searcher.search(
                q, query.limit, count=True, offset=query.offset, weight_by_field="recency"
            )
        hits = [
            Hit(SearchDoc.from_json(json.loads(searcher.doc(address)["doc"][0])), float(score))
            for score, address in result.hits
        ]
        facets: dict[str, list[tuple[str, int]]] = {}
        if query.facets and result.count:
            aggs = {
                f: {"terms": {"field": FACET_FIELDS[f], "size": FACET_SIZE}} for f in query.facets
            }
            raw = searcher.aggregate(q, aggs)
            for facet in query.facets:
                buckets = raw.get(facet, {}).get("buckets", [])
                facets[facet] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return EngineResult(total=int(result.count or 0), hits=hits, facets=facets)
