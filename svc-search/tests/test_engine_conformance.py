"""One conformance suite for every engine: tantivy and PostgreSQL FTS always, Meilisearch
when MEILI_URL points at a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govkit.db import Database
from search.engine.base import Clause, Engine, EngineQuery, SearchDoc
from search.engine.pg_engine import PgFtsEngine
from search.engine.tantivy_engine import TantivyEngine

MIGRATIONS = Path(__file__).parents[1] / "migrations"
ENGINES = ["tantivy", "postgres", "meilisearch"]


@pytest.fixture(params=ENGINES)
async def engine(request, fresh_database, tmp_path) -> AsyncIterator[Engine]:  # type: ignore[no-untyped-def]
    db: Database | None = None
    if request.param == "tantivy":
        built: Engine = TantivyEngine(tmp_path / "index", result_cache_size=64)
    elif request.param == "postgres":
        db = Database(await fresh_database("search", MIGRATIONS), pool_size=2)
        built = PgFtsEngine(db)
    else:
        url = os.environ.get("MEILI_URL")
        if not url:
            pytest.skip("MEILI_URL is not set: no Meilisearch server can run on this machine")
        from search.engine.meili_engine import MeiliEngine

        built = MeiliEngine(url, os.environ.get("MEILI_KEY"), f"test-{uuid.uuid4().hex[:8]}")
    await built.open()
    yield built
    await built.close()
    if request.param == "meilisearch":
        await built.drop()  # type: ignore[attr-defined]
    if db is not None:
        await db.dispose()


def doc(n: int, title: str, body: str = "", **kw: object) -> SearchDoc:
    return SearchDoc(
        id=f"content:{n}",
        kind=str(kw.pop("kind", "news")),
        title=title,
        body=body,
        site=str(kw.pop("site", "portal")),
        **kw,
    )  # type: ignore[arg-type]


def q(*words: str | tuple[str, ...], **kw: object) -> EngineQuery:
    clauses = [Clause(w if isinstance(w, tuple) else (w,)) for w in words]
    return EngineQuery(clauses, **kw)  # type: ignore[arg-type]


async def found(engine: Engine, query: EngineQuery) -> list[str]:
    return [h.doc.id for h in (await engine.search(query)).hits]


async def test_indexed_documents_are_found_and_deleted_ones_are_not(engine):
    await engine.apply([doc(1, "住房公积金提取指南"), doc(2, "市政府常务会议")], [])
    assert await found(engine, q("公积金")) == ["content:1"]
    await engine.apply([], ["content:1"])
    assert await found(engine, q("公积金")) == []
    assert await engine.count() == 1


async def test_reindexing_a_document_replaces_it(engine):
    await engine.apply([doc(1, "旧标题公积金")], [])
    await engine.apply([doc(1, "新标题不动产登记")], [])
    assert await found(engine, q("公积金")) == []
    assert await found(engine, q("不动产登记")) == ["content:1"]


async def test_title_matches_rank_above_body_matches(engine):
    await engine.apply(
        [
            doc(1, "市政府常务会议", body="会议还研究了医疗保险工作。" * 2),
            doc(2, "医疗保险报销办法"),
        ],
        [],
    )
    assert await found(engine, q("医疗保险")) == ["content:2", "content:1"]


async def test_recent_items_win_ties(engine):
    old = datetime(2016, 1, 1, tzinfo=UTC)
    new = datetime(2026, 1, 1, tzinfo=UTC)
    await engine.apply(
        [doc(1, "居住证办理须知", published_at=old), doc(2, "居住证办理须知", published_at=new)], []
    )
    assert await found(engine, q("居住证")) == ["content:2", "content:1"]


async def test_every_clause_must_match_unless_relaxed(engine):
    await engine.apply([doc(1, "公积金提取"), doc(2, "公积金贷款")], [])
    assert await found(engine, q("公积金", "提取")) == ["content:1"]
    relaxed = await found(engine, q("提取", "贷款", match_all=False))
    assert sorted(relaxed) == ["content:1", "content:2"]


async def test_a_relaxed_query_with_a_filter_still_needs_a_word(engine):
    await engine.apply([doc(1, "公积金提取"), doc(2, "市政府会议")], [])
    assert (
        await found(engine, q("火星", "签证", match_all=False, filters={"site": ["portal"]})) == []
    )


async def test_alternatives_in_a_clause_are_equivalent(engine):
    await engine.apply([doc(1, "医疗保险报销"), doc(2, "医保卡挂失")], [])
    assert sorted(await found(engine, q(("医保", "医疗保险")))) == ["content:1", "content:2"]


async def test_filters_and_facet_counts(engine):
    await engine.apply(
        [
            doc(1, "公积金政策解读", kind="interpretation", site="portal", tags=["住房", "民生"]),
            doc(2, "公积金提取", kind="service", site="portal", tags=["住房"]),
            doc(3, "公积金新闻", kind="news", site="xc", issuing_body="市住建局"),
            doc(4, "无关文档", kind="news", site="xc"),
        ],
        [],
    )
    result = await engine.search(q("公积金", facets=("site", "kind", "tag", "issuing_body")))
    assert result.total == 3
    assert dict(result.facets["site"]) == {"portal": 2, "xc": 1}
    assert dict(result.facets["kind"]) == {"interpretation": 1, "service": 1, "news": 1}
    assert dict(result.facets["tag"]) == {"住房": 2, "民生": 1}
    assert dict(result.facets["issuing_body"]) == {"市住建局": 1}
    assert await found(engine, q("公积金", filters={"site": ["xc"]})) == ["content:3"]
    tagged = await found(engine, q("公积金", filters={"tag": ["民生"], "site": ["portal"]}))
    assert tagged == ["content:1"]


async def test_sort_by_date_and_paging(engine):
    docs = [
        doc(i, f"社保卡补办第{i}号公告", published_at=datetime(2020 + i, 1, 1, tzinfo=UTC))
        for i in range(1, 6)
    ]
    await engine.apply(docs, [])
    page1 = await engine.search(q("社保卡", sort="date", limit=2))
    page3 = await engine.search(q("社保卡", sort="date", limit=2, offset=4))
    assert page1.total == 5 and [h.doc.id for h in page1.hits] == ["content:5", "content:4"]
    assert [h.doc.id for h in page3.hits] == ["content:1"]
    beyond = await engine.search(q("社保卡", limit=2, offset=40))
    assert beyond.hits == [] and beyond.total == 5


async def test_no_words_browses_the_filtered_documents_newest_first(engine):
    await engine.apply(
        [
            doc(
                1,
                "旧的政策文件",
                kind="policy_document",
                site="fgw",
                column="zcwj",
                published_at=datetime(2024, 1, 1, tzinfo=UTC),
            ),
            doc(
                2,
                "新的政策文件",
                kind="policy_document",
                site="fgw",
                column="zcwj",
                published_at=datetime(2026, 1, 1, tzinfo=UTC),
            ),
            doc(3, "别站的政策文件", kind="policy_document", site="portal", column="zcwj"),
            doc(4, "会议新闻", kind="news", site="fgw"),
        ],
        [],
    )
    browse = q(filters={"site": ["fgw"], "kind": ["policy_document"]}, sort="date")
    result = await engine.search(replace(browse, facets=("column",)))
    assert result.total == 2 and [h.doc.id for h in result.hits] == ["content:2", "content:1"]
    assert dict(result.facets["column"]) == {"zcwj": 2}
    assert (await engine.search(q(sort="date"))).total == 4


async def test_title_only_ignores_the_body(engine):
    await engine.apply([doc(1, "市政府会议", body="公积金提取"), doc(2, "公积金提取")], [])
    assert await found(engine, q("公积金", "提取", title_only=True)) == ["content:2"]


async def test_query_syntax_in_words_is_just_text(engine):
    await engine.apply([doc(1, "公积金提取")], [])
    for word in ("' OR 1=1 --", "a & b | !c", "title:x AND", "公积:*", "<->", "\\", "%_"):
        result = await engine.search(q(word, "公积金", match_all=False))
        assert [h.doc.id for h in result.hits] == ["content:1"]


async def test_a_rebuild_serves_the_old_index_until_it_is_finished(engine):
    await engine.apply([doc(1, "旧的公积金文档")], [])
    shadow = await engine.start_rebuild()
    await shadow.apply([doc(2, "新的公积金文档")], [])
    assert await found(engine, q("公积金")) == ["content:1"]
    await engine.finish_rebuild(shadow)
    assert await found(engine, q("公积金")) == ["content:2"]
