"""The query log is buffered in memory and written in batches, so a search is read-only;
editors' tables (best bets, site names, synonyms) are read from snapshots that a committed
change refreshes at once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from search_builders import index, item, search, settled, withdrawn
from sqlalchemy import text
from test_search_api import editor
from test_sources import publish_site

from search.app import create_app
from search.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "migrations"


@pytest.fixture
async def held_log_client(service_app, tmp_path) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The service with a query log that is only written when flushed explicitly."""
    async with service_app(
        create_app,
        Settings,
        "search",
        MIGRATIONS,
        index_path=str(tmp_path / "index"),
        query_log_flush_seconds=3600,
    ) as c:
        yield c


async def rows(client: httpx.AsyncClient, sql: str) -> list[tuple[object, ...]]:
    async with client._transport.app.state.db.sessionmaker() as session:  # type: ignore[attr-defined]
        return [tuple(r) for r in (await session.execute(text(sql))).all()]


async def test_a_search_writes_nothing_until_the_log_is_flushed(held_log_client):
    client = held_log_client
    await index(client, item(title="公积金提取"))
    for q in ("公积金", "公积金", "火星签证"):
        await search(client, q=q, site="portal")
    assert await rows(client, "SELECT count(*) FROM query_log") == [(0,)]
    assert await rows(client, "SELECT count(*) FROM query_daily") == [(0,)]

    recorder = client._transport.app.state.recorder
    assert await recorder.flush() == 3
    assert await rows(client, "SELECT count(*) FROM query_log") == [(3,)]
    daily = await rows(
        client, "SELECT query, searches, zero_results FROM query_daily ORDER BY query"
    )
    assert daily == [("公积金", 2, 0), ("火星签证", 1, 1)]


async def test_counts_add_up_across_flushes(held_log_client):
    client = held_log_client
    recorder = client._transport.app.state.recorder
    for _ in range(2):
        await search(client, q="社保卡")
        await recorder.flush()
    assert await rows(client, "SELECT searches FROM query_daily WHERE query = '社保卡'") == [(2,)]


async def test_hot_words_include_searches_not_yet_flushed(held_log_client):
    client = held_log_client
    await search(client, q="不动产登记")
    hot = (await client.get("/analytics/hot")).json()["words"]
    assert hot == [{"query": "不动产登记", "count": 1}]


async def test_searches_do_not_wake_the_indexer(client):
    app = client._transport.app
    nudges: list[int] = []
    original = app.state.indexer.nudge
    app.state.indexer.nudge = lambda: (nudges.append(1), original())
    for _ in range(3):
        await search(client, q="公积金")
    await client.get("/analytics/hot")
    assert nudges == []
    await index(client, item(title="公积金提取"))
    assert nudges


async def test_a_new_best_bet_shows_at_once(client, tokens):
    doc = item(title="社保卡办理网点一览")
    await index(client, doc)
    assert (await search(client, q="社保卡", site="portal"))["best_bets"] == []
    body = {"query": "社保卡", "site": "portal", "doc_id": f"content:{doc.item_id}"}
    created = await client.post("/best-bets", json=body, headers=editor(tokens))
    assert created.status_code == 201, created.text
    bets = (await search(client, q="社保卡", site="portal"))["best_bets"]
    assert [b["id"] for b in bets] == [f"content:{doc.item_id}"]
    deleted = await client.delete(f"/best-bets/{created.json()['id']}", headers=editor(tokens))
    assert deleted.status_code == 204
    assert (await search(client, q="社保卡", site="portal"))["best_bets"] == []


async def test_a_withdrawn_document_leaves_the_best_bets_at_once(client, tokens):
    doc = item(title="社保卡办理网点一览")
    await index(client, doc)
    body = {"query": "社保卡", "site": "portal", "doc_id": f"content:{doc.item_id}"}
    assert (await client.post("/best-bets", json=body, headers=editor(tokens))).status_code == 201
    assert (await search(client, q="社保卡", site="portal"))["best_bets"]
    await index(client, withdrawn(doc, 2))
    assert (await search(client, q="社保卡", site="portal"))["best_bets"] == []


async def test_a_renamed_site_is_labelled_by_its_new_name_at_once(client):
    site_id = uuid.uuid4()
    await index(client, item(title="公积金提取"))

    async def label() -> list[object]:
        return (await search(client, q="公积金", facets="site"))["facets"]["site"]  # type: ignore[no-any-return]

    await publish_site(client, site_id, "市政府门户网站", 1)
    await settled(client, "CONTENT", 2)
    assert await label() == [
        {"value": "portal", "label": "市政府门户网站", "count": 1, "site_name": None}
    ]
    await publish_site(client, site_id, "人民政府门户网站", 2)
    await settled(client, "CONTENT", 3)
    assert await label() == [
        {"value": "portal", "label": "人民政府门户网站", "count": 1, "site_name": None}
    ]
