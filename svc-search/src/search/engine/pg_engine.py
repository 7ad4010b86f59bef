"""PostgreSQL full-text search behind the same interface (the benchmark's yardstick and a
fallback). No Chinese parser ships with PostgreSQL, so the text is segmented in Python the
same way as for tantivy (jieba title words + bigrams) and stored with the `simple` config.

A rebuild fills `fts_documents_next`, then one transaction replaces the serving table's
rows: readers keep seeing the old rows until that commit (MVCC), never a half-built index.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import text

from govkit.db import Database
from search.engine.base import FACETS, EngineQuery, EngineResult, Hit, SearchDoc
from search.text.analysis import bigram_text, bigrams, index_words, normalize

SERVING, SHADOW = "fts_documents", "fts_documents_next"
_LEXEME = re.compile(r"^[\u3400-\u9fffa-z0-9]+$")
_COLUMNS = {
    "site": "site",
    "kind": "kind",
    "column": "column_code",
    "issuing_body": "issuing_body",
    "year": "year",
    "industry": "industries",
    "reward_type": "reward_type",
    "tag": "tags",
}
_ARRAYS = {"industry", "tag"}


def _lexeme(token: str) -> str | None:
    return f"'{token}'" if _LEXEME.match(token) else None


def tsquery(query: EngineQuery) -> str:
    """`(title_word | 公积 <-> 积金) & (…)`: every token is checked against a strict
    alphabet first, so user input can never inject tsquery syntax."""
    clauses: list[str] = []
    for clause in query.clauses:
        alts: list[str] = []
        for alt in clause.alternatives:
            word = _lexeme(normalize(alt))
            if word:
                alts.append(f"{word}:A" if query.title_only else word)
            grams = [g for g in (_lexeme(b) for b in bigrams(alt)) if g]
            if grams:
                suffix = ":A" if query.title_only else ""
                alts.append("(" + " <-> ".join(g + suffix for g in grams) + ")")
        if alts:
            clauses.append("(" + " | ".join(alts) + ")")
    return (" & " if query.match_all else " | ").join(clauses)


class PgFtsEngine:
    name = "postgres"

    def __init__(self, db: Database, table: str = SERVING) -> None:
        self.db = db
        self.table = table

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def apply(self, upserts: list[SearchDoc], deletes: list[str]) -> None:
        ids = deletes + [d.id for d in upserts]
        rows = [self._row(d) for d in upserts]
        async with self.db.transaction() as session:
            if ids:
                await session.execute(
                    text(f"DELETE FROM {self.table} WHERE doc_id = ANY(:ids)"), {"ids": ids}
                )
            if rows:
                await session.execute(
                    text(
                        f"INSERT INTO {self.table} (doc_id, site, kind, column_code, issuing_body,"
                        " year, industries, reward_type, tags, published_at, recency, tsv, doc)"
                        " VALUES (:doc_id, :site, :kind, :column_code, :issuing_body, :year,"
                        " :industries, :reward_type, :tags, :published_at, :recency,"
                        " setweight(to_tsvector('simple', :title), 'A') ||"
                        " setweight(to_tsvector('simple', :body), 'B'), CAST(:doc AS jsonb))"
                    ),
                    rows,
                )

    @staticmethod
    def _row(doc: SearchDoc) -> dict[str, Any]:
        return {
            "doc_id": doc.id,
            "site": doc.site,
            "kind": doc.kind,
            "column_code": doc.column,
            "issuing_body": doc.issuing_body,
            "year": doc.year,
            "industries": doc.industries,
            "reward_type": doc.reward_type,
            "tags": doc.tags,
            "published_at": doc.published_at,
            "recency": doc.recency,
            "title": " ".join(index_words(doc.title)) + " " + bigram_text(doc.title),
            "body": bigram_text(f"{doc.summary}\n{doc.body}"),
            "doc": json.dumps(doc.to_json(), ensure_ascii=False),
        }

    async def count(self) -> int:
        async with self.db.sessionmaker() as session:
            return int(
                (await session.execute(text(f"SELECT count(*) FROM {self.table}"))).scalar_one()
            )

    async def start_rebuild(self) -> PgFtsEngine:
        async with self.db.transaction() as session:
            await session.execute(text(f"DELETE FROM {SHADOW}"))
        return PgFtsEngine(self.db, SHADOW)

    async def finish_rebuild(self, shadow: PgFtsEngine) -> None:  # type: ignore[override]
        async with self.db.transaction() as session:
            await session.execute(text(f"DELETE FROM {SERVING}"))
            await session.execute(text(f"INSERT INTO {SERVING} SELECT * FROM {SHADOW}"))
            await session.execute(text(f"DELETE FROM {SHADOW}"))

    def _where(self, query: EngineQuery, params: dict[str, Any]) -> str:
        conditions: list[str] = []
        if query.clauses:
            params["q"] = tsquery(query) or "''"
            conditions.append("tsv @@ to_tsquery('simple', :q)")
        for i, (facet, values) in enumerate(sorted(query.filters.items())):
            if not values:
                continue
            params[f"f{i}"] = values
            column = _COLUMNS[facet]
            op = f"{column} && :f{i}" if facet in _ARRAYS else f"{column} = ANY(:f{i})"
            conditions.append(op)
        return " AND ".join(conditions) or "TRUE"

    async def search(self, query: EngineQuery) -> EngineResult:
        params: dict[str, Any] = {"limit": query.limit, "offset": query.offset}
        where = self._where(query, params)
        if query.clauses and query.sort == "relevance":
            score = (
                "ts_rank(CAST('{0.1, 0.2, 0.4, 1.0}' AS float4[]), tsv, to_tsquery('simple', :q))"
                " * log(2, 2 + recency::numeric)"
            )
        else:
            score = "0"
        order = (
            "score DESC, published_at DESC" if query.sort == "relevance" else "published_at DESC"
        )
        async with self.db.sessionmaker() as session:
            rows = (
                await session.execute(
                    text(
                        f"SELECT doc, {score} AS score, count(*) OVER () AS total FROM {self.table}"
                        f" WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset"
                    ),
                    params,
                )
            ).all()
            if rows:
                total = int(rows[0].total)
            else:
                total = int(
                    (
                        await session.execute(
                            text(f"SELECT count(*) FROM {self.table} WHERE {where}"), params
                        )
                    ).scalar_one()
                )
            facets = await self._facets(session, query, where, params) if total else {}
        hits = [Hit(SearchDoc.from_json(r.doc), float(r.score)) for r in rows]
        return EngineResult(total=total, hits=hits, facets=facets)

    async def _facets(
        self, session: Any, query: EngineQuery, where: str, params: dict[str, Any]
    ) -> dict[str, list[tuple[str, int]]]:
        if not query.facets:
            return {}
        parts = []
        for facet in query.facets:
            assert facet in FACETS
            column = _COLUMNS[facet]
            value = f"unnest({column})" if facet in _ARRAYS else column
            parts.append(
                f"(SELECT '{facet}' AS facet, v AS value, count(*) AS n FROM"
                f" (SELECT {value} AS v FROM m) s WHERE v <> ''"
                " GROUP BY v ORDER BY n DESC, v LIMIT 30)"
            )
        sql = (
            f"WITH m AS MATERIALIZED (SELECT * FROM {self.table} WHERE {where}) "
            + " UNION ALL ".join(parts)
        )
        out: dict[str, list[tuple[str, int]]] = {f: [] for f in query.facets}
        for row in (await session.execute(text(sql), params)).all():
            out[row.facet].append((row.value, int(row.n)))
        return out
