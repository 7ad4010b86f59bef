"""tantivy answers a repeated query from memory until its next commit."""

from __future__ import annotations

from search_builders import index, item, search, withdrawn

from search.engine.base import Clause, EngineQuery, SearchDoc
from search.engine.tantivy_engine import TantivyEngine


def query(**overrides: object) -> EngineQuery:
    return EngineQuery([Clause(("公积金",))], facets=("kind",), **overrides)  # type: ignore[arg-type]


async def test_a_repeated_query_is_answered_from_memory_until_the_index_changes(tmp_path):
    engine = TantivyEngine(tmp_path / "index", result_cache_size=8)
    await engine.open()
    try:
        await engine.apply([SearchDoc(id="a", kind="news", title="公积金提取")], [])
        first = await engine.search(query())
        assert await engine.search(query()) is first
        assert await engine.search(query(offset=10)) is not first  # another page
        await engine.apply([SearchDoc(id="b", kind="notice", title="公积金贷款")], [])
        after = await engine.search(query())
        assert after.total == 2 and dict(after.facets["kind"]) == {"news": 1, "notice": 1}
        await engine.apply([], ["a"])
        assert (await engine.search(query())).total == 1
    finally:
        await engine.close()


async def test_a_withdrawal_shows_in_a_query_asked_just_before(client):
    news = item(title="关于调整公积金缴存基数的通知")
    await index(client, news)
    assert (await search(client, q="公积金缴存"))["total"] == 1
    await index(client, withdrawn(news, 2))
    assert (await search(client, q="公积金缴存"))["total"] == 0
