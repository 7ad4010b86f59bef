"""Search at scale, on a 100,000-document Chinese corpus: query latency with every facet and
highlighted snippets on tantivy and on PostgreSQL FTS in one run (and their ratio), indexing
throughput of each, GET /search through the whole service on the same index (service cards,
best bets, facet labels, query log), and publish → searchable latency through NATS.

The machine is shared: the two engines' queries are interleaved one by one, so both see the
same load and their ratio holds even when the absolute figures move."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from stats import ratio, summary_ms

from govkit.contracts import ItemKind, ItemPublished
from govkit.db import Database, with_database
from govkit.events import new_event
from govkit.migrations import upgrade
from govkit.servers import NatsServer, PostgresServer, free_port
from govkit.testing import app_client
from search.app import create_app
from search.engine.base import FACETS, Engine, EngineQuery, SearchDoc
from search.engine.pg_engine import PgFtsEngine
from search.engine.tantivy_engine import TantivyEngine
from search.query.analyzer import QueryAnalyzer
from search.query.service import hit_out
from search.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "search_gold"))
from large_corpus import QUERIES, corpus  # noqa: E402

BATCH = 5_000


async def index_all(engine: Engine, docs: list[SearchDoc]) -> float:
    """Docs per second (analysis + engine + commit every BATCH documents)."""
    started = time.perf_counter()
    for i in range(0, len(docs), BATCH):
        await engine.apply(docs[i : i + BATCH], [])
    return len(docs) / (time.perf_counter() - started)


async def timed_query(engine: Engine, analyzer: QueryAnalyzer, i: int) -> float:
    """One query as GET /search asks it: analysed, every facet, 10 hits with snippets."""
    q = QUERIES[i % len(QUERIES)]
    filters = {"site": ["portal"]} if i % 4 == 3 else {}
    started = time.perf_counter()
    clauses = analyzer.clauses(q)
    query = EngineQuery(clauses, filters=filters, facets=FACETS, limit=10)
    result = await engine.search(query)
    terms = query.terms()
    [hit_out(h.doc, h.score, terms) for h in result.hits]
    return time.perf_counter() - started


async def query_latency(engines: list[Engine], rounds: int) -> list[dict[str, float]]:
    """Each round asks every engine the same query, one after the other (warm-up excluded)."""
    analyzer = QueryAnalyzer()
    samples: list[list[float]] = [[] for _ in engines]
    for i in range(len(QUERIES) + rounds):
        for engine, out in zip(engines, samples, strict=True):
            took = await timed_query(engine, analyzer, i)
            if i >= len(QUERIES):
                out.append(took)
    return [summary_ms(s) for s in samples]


def segmentation_cost(titles: list[str]) -> dict[str, float]:
    """µs per title, search-mode segmentation with the domain dictionary: Python jieba (what
    svc-search used) against rjieba (what it uses), interleaved, best of three."""
    import jieba

    from search.text.analysis import DOMAIN_DICT, Segmenter

    py = jieba.Tokenizer()
    py.load_userdict(str(DOMAIN_DICT))
    rs = Segmenter()
    py.cut_for_search(titles[0], HMM=False)
    cost: dict[str, list[float]] = {"jieba_us": [], "rjieba_us": []}
    for _ in range(3):
        for name, cut in (
            ("jieba_us", lambda t: list(py.cut_for_search(t, HMM=False))),
            ("rjieba_us", lambda t: rs.cut_for_search(t, hmm=False)),
        ):
            started = time.perf_counter()
            for title in titles:
                cut(title)
            cost[name].append((time.perf_counter() - started) / len(titles) * 1e6)
    out = {k: round(min(v), 1) for k, v in cost.items()}
    out["ratio"] = ratio(out["jieba_us"], out["rjieba_us"])
    return out


async def service_latency(
    pg_url: str, nats_url: str, index_path: Path, rounds: int, clients: int, cache: int
) -> dict[str, object]:
    """GET /search in process (ASGI, no sockets) on the 100k index: one client, then
    `clients` at once. Every facet, snippets, service cards, best bets, the query log.
    `cache`: the engine's result cache size (0: every query searches the index)."""
    settings = Settings(
        database_url=pg_url,
        nats_url=nats_url,
        index_path=str(index_path),
        log_level="WARNING",
        result_cache_size=cache,
    )
    app = create_app(settings)
    async with app_client(app) as client:

        async def one(i: int) -> float:
            params = {"q": QUERIES[i % len(QUERIES)], **({"site": "portal"} if i % 4 == 3 else {})}
            started = time.perf_counter()
            response = await client.get("/search", params=params)
            assert response.status_code == 200, response.text
            return time.perf_counter() - started

        for i in range(len(QUERIES)):
            await one(i)
        sequential = [await one(i) for i in range(rounds)]
        concurrent: list[float] = []

        async def worker(w: int) -> None:
            for i in range(rounds // clients):
                concurrent.append(await one(w * 7 + i))

        started = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "one_client": summary_ms(sequential),
        f"{clients}_clients": summary_ms(concurrent),
        f"{clients}_clients_searches_per_s": round(len(concurrent) / elapsed),
    }


async def publish_latency(
    pg_url: str, nats_url: str, index_path: Path, samples: int
) -> dict[str, float]:
    settings = Settings(
        database_url=pg_url, nats_url=nats_url, index_path=str(index_path), log_level="WARNING"
    )
    app = create_app(settings)
    out: list[float] = []
    async with app_client(app):
        await app.state.nats.wait_connected(10)
        js, engine = app.state.nats.js, app.state.engine
        analyzer = QueryAnalyzer()
        for i in range(samples):
            marker = f"延迟测试{i:03d}号公告"
            payload = ItemPublished(
                item_id=uuid.uuid4(),
                edition=1,
                payload_version=1,
                site_code="portal",
                site_name="门户",
                column_code="tzgg",
                column_name="通知公告",
                kind=ItemKind.notice,
                title=marker,
                text="用于测量发布到可检索的延迟。",
                url=f"/n/{i}",
                published_at=datetime.now(UTC),
            )
            event = new_event(payload, source="/bench", subject=str(payload.item_id))
            query = EngineQuery(analyzer.clauses(marker), limit=1)
            started = time.perf_counter()
            await js.publish(
                event.nats_subject,
                event.model_dump_json().encode(),
                headers={"Nats-Msg-Id": str(event.id)},
            )
            while not (await engine.search(query)).total:
                if time.perf_counter() - started > 10:
                    break
                await asyncio.sleep(0.002)
            out.append(time.perf_counter() - started)
    return summary_ms(out)


async def measure(pg_url: str, nats_url: str, tmp: Path, n: int) -> dict[str, object]:
    tantivy = TantivyEngine(tmp / "tantivy", writer_heap=256_000_000, threads=2)
    await tantivy.open()
    db = Database(pg_url, pool_size=2)
    pg = PgFtsEngine(db)
    result: dict[str, object] = {"documents": n, "queries": len(QUERIES)}
    docs = list(corpus(n))
    result["title_segmentation"] = segmentation_cost([d.title for d in docs[:5_000]])
    result["tantivy_index_docs_per_s"] = round(await index_all(tantivy, docs))
    result["pg_fts_index_docs_per_s"] = round(await index_all(pg, docs))
    del docs
    async with db.engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(text("ANALYZE fts_documents"))
    # Steady state: the writer's background merges finish before queries are timed.
    await tantivy.close()
    await tantivy.open()
    # Alone first (the absolute figure), then interleaved with PG FTS (the fair ratio: PG's
    # heavier queries also load the machine while tantivy's are timed).
    (result["tantivy_query_alone"],) = await query_latency([tantivy], 400)
    t, p = await query_latency([tantivy, pg], 200)
    result["tantivy_query"] = t
    result["pg_fts_query"] = p
    result["p50_ratio_pg_over_tantivy"] = ratio(p["p50_ms"], t["p50_ms"])
    result["p95_ratio_pg_over_tantivy"] = ratio(p["p95_ms"], t["p95_ms"])
    await tantivy.close()
    await db.dispose()
    # The service on the same 100k index: GET /search end to end, then events through NATS,
    # the consumer and the indexer.
    index = tmp / "tantivy"
    result["service_search"] = await service_latency(pg_url, nats_url, index, 400, 8, cache=0)
    # The same 40 queries over and over: what the result cache does for the hot words.
    result["service_search_repeated_queries_cached"] = await service_latency(
        pg_url, nats_url, index, 400, 8, cache=512
    )
    result["publish_to_searchable"] = await publish_latency(pg_url, nats_url, index, 50)
    return result


def run(n: int = 100_000) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pg = PostgresServer(root / "pg", free_port())
        nats = NatsServer(root / "nats", free_port())
        pg.start()
        nats.start()
        try:
            pg.psql("CREATE DATABASE search_bench")
            url = with_database(pg.url, "search_bench")
            upgrade(ROOT / "svc-search" / "migrations", url)
            return asyncio.run(measure(url, nats.url, root, n))
        finally:
            nats.stop()
            pg.stop()


if __name__ == "__main__":
    import json

    print(
        json.dumps(
            run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2, ensure_ascii=False
        )
    )


def report() -> dict[str, object]:
    """The figures for `make bench`, the gold set's relevance, and the issue's targets."""
    from evaluate import run as gold

    result = run()
    result["gold_set"] = gold()
    tq, pub = result["tantivy_query_alone"], result["publish_to_searchable"]
    svc = result["service_search"]
    result["targets"] = {
        "embedded p95 ≤ 10 ms": tq["p95_ms"] <= 10,  # type: ignore[index]
        "≥ 10× faster than PG FTS (p50)": result["p50_ratio_pg_over_tantivy"] >= 10,  # type: ignore[operator]
        "indexing ≥ 2,000 docs/s": result["tantivy_index_docs_per_s"] >= 2000,  # type: ignore[operator]
        "publish → searchable p95 ≤ 1 s": pub["p95_ms"] <= 1000,  # type: ignore[index]
        # Not in the issue: the same goal held by GET /search through the whole service.
        "GET /search p95 ≤ 10 ms (one client)": svc["one_client"]["p95_ms"] <= 10,  # type: ignore[index]
    }
    return result
