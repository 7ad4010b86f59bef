"""The public read cache: a change evicts only what it affects, a withdrawn item is never
served from the cache once the withdraw has committed, entries are refreshed in the
background at jittered points while still being served, and an item view takes few queries."""

from __future__ import annotations

import asyncio
import dataclasses
import time

from content_support import GENRE, POLICY_FIELDS, SUBJECT, make_desk
from sqlalchemy import event

from content.public.cache import ResponseCache, item_tag
from govkit.errors import NotFound

OTHER_SUBJECT = "person.subject.yiliao"  # 医疗


def _cache(client) -> ResponseCache:  # type: ignore[no-untyped-def]
    return client._transport.app.state.public_cache  # type: ignore[no-any-return]


def _builder(body: bytes = b"{}", tags: frozenset[str] = frozenset(), gate=None):  # type: ignore[no-untyped-def]
    calls: list[int] = []

    async def build():  # type: ignore[no-untyped-def]
        calls.append(1)
        if gate is not None:
            await gate.wait()
        return body, None, tags

    return build, calls


def _due(cache: ResponseCache, key: str) -> None:
    """Make the entry due a refresh (still within its lifetime)."""
    entry = cache._entries[key]
    cache._entries[key] = dataclasses.replace(entry, refresh_at=time.monotonic() - 0.01)


# -- through the app ---------------------------------------------------------------------------


async def test_publishing_one_item_keeps_another_items_cached_view(client, tokens):
    portal = await make_desk(client, tokens)
    first = await portal.publish(title="第一条")
    assert (await client.get(f"/items/{first['id']}")).status_code == 200
    builds = _cache(client).builds
    await portal.publish(title="第二条", tag_codes=[GENRE, OTHER_SUBJECT])
    assert (await client.get(f"/items/{first['id']}")).json()["title"] == "第一条"
    assert _cache(client).builds == builds


async def test_a_withdrawn_item_is_not_served_from_the_cache_after_the_withdraw(client, tokens):
    portal = await make_desk(client, tokens)
    item = await portal.publish(title="将被撤回")
    for path in (f"/items/{item['id']}", f"/sites/portal/items/{item['id']}"):
        assert (await client.get(path)).status_code == 200
    assert (await portal.act(item["id"], "withdraw", reason="信息有误")).status_code == 200
    for path in (f"/items/{item['id']}", f"/sites/portal/items/{item['id']}"):
        assert (await client.get(path)).status_code == 404, path


async def test_a_withdraw_evicts_other_items_views_and_other_sites_lists_showing_it(client, tokens):
    portal = await make_desk(client, tokens)
    dept = await make_desk(client, tokens, site="zjj")
    r = await client.put(
        "/sites/portal/columns/tzgg/sources",
        headers=portal.editor,
        json={"sources": [{"site_code": "zjj", "column_code": "news"}]},
    )
    assert r.status_code == 200, r.text
    neighbour = await portal.publish(title="相关的门户信息")
    gone = await dept.publish(title="将被撤回的部门信息")
    view = (await client.get(f"/items/{neighbour['id']}")).json()
    assert [i["title"] for i in view["related"]] == ["将被撤回的部门信息"]
    column = (await client.get("/sites/portal/items", params={"column": "tzgg"})).json()
    assert [i["title"] for i in column["items"]] == ["将被撤回的部门信息"]
    assert (await dept.act(gone["id"], "withdraw", reason="信息有误")).status_code == 200
    assert (await client.get(f"/items/{neighbour['id']}")).json()["related"] == []
    column = (await client.get("/sites/portal/items", params={"column": "tzgg"})).json()
    assert column["items"] == []


async def test_publishing_a_link_evicts_the_linked_items_view(client, tokens):
    portal = await make_desk(client, tokens)
    policy = await portal.publish(**POLICY_FIELDS)
    assert (await client.get(f"/items/{policy['id']}")).json()["links"] == []
    reading = await portal.publish(
        title="政策解读",
        kind="interpretation",
        column_code="zcjd",
        links=[{"kind": "interprets", "item_id": policy["id"]}],
    )
    links = (await client.get(f"/items/{policy['id']}")).json()["links"]
    assert [(link["label"], link["item"]["id"]) for link in links] == [("查看解读", reading["id"])]


async def test_an_attachment_shows_on_the_cached_view_at_once(client, tokens):
    portal = await make_desk(client, tokens)
    item = await portal.publish()
    assert (await client.get(f"/items/{item['id']}")).json()["attachments"] == []
    r = await client.post(
        f"/editorial/items/{item['id']}/attachments",
        files={"file": ("申报表.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n", "application/pdf")},
        headers=portal.editor,
    )
    assert r.status_code == 201, r.text
    attachments = (await client.get(f"/items/{item['id']}")).json()["attachments"]
    assert [a["filename"] for a in attachments] == ["申报表.pdf"]


async def test_an_item_view_takes_at_most_three_queries(client, tokens):
    portal = await make_desk(client, tokens)
    policy = await portal.publish(**{**POLICY_FIELDS, "title": "政策原文"})
    await portal.publish(title="相关一", tag_codes=[GENRE, SUBJECT])
    await portal.publish(title="相关二", tag_codes=[GENRE, OTHER_SUBJECT])
    reading = await portal.publish(
        title="政策解读",
        kind="interpretation",
        column_code="zcjd",
        tag_codes=[GENRE, SUBJECT],
        links=[{"kind": "interprets", "item_id": policy["id"]}],
    )
    _cache(client).clear()
    statements: list[str] = []
    engine = client._transport.app.state.db.engine.sync_engine

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if "outbox" not in statement:  # the relay works beside the request
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        view = (await client.get(f"/sites/portal/items/{reading['id']}")).json()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 3, statements
    assert [link["item"]["title"] for link in view["links"]] == ["政策原文"]
    assert [r["title"] for r in view["related"]] == ["相关一", "政策原文", "相关二"]
    assert [t["code"] for t in view["tags"]] == [GENRE, SUBJECT]
    assert view["column_code"] == "zcjd" and view["site_code"] == "portal"


# -- the cache itself --------------------------------------------------------------------------


async def test_a_due_entry_is_served_while_one_background_refresh_runs():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    _due(cache, "k")
    gate = asyncio.Event()
    build, calls = _builder(b'"new"', gate=gate)
    assert (await cache.get("k", build)).body == b'"old"'
    assert (await cache.get("k", build)).body == b'"old"'
    await asyncio.sleep(0)
    assert calls == [1]
    gate.set()
    for _ in range(3):
        await asyncio.sleep(0)
    assert cache.peek("k") is not None and cache.peek("k").body == b'"new"'  # type: ignore[union-attr]


async def test_concurrent_misses_share_one_build():
    cache = ResponseCache(5.0)
    gate = asyncio.Event()
    build, calls = _builder(gate=gate)
    waiting = [asyncio.ensure_future(cache.get("k", build)) for _ in range(5)]
    await asyncio.sleep(0)
    gate.set()
    entries = await asyncio.gather(*waiting)
    assert calls == [1] and len({id(e) for e in entries}) == 1


async def test_a_build_that_overlaps_an_invalidation_is_not_stored_nor_joined():
    cache = ResponseCache(5.0)
    gate = asyncio.Event()
    tags = frozenset([item_tag("a")])
    build, calls = _builder(b'"before"', tags, gate=gate)
    early = asyncio.ensure_future(cache.get("k", build))
    await asyncio.sleep(0)
    cache.invalidate([item_tag("a")])  # e.g. the withdraw of item a commits now
    after, after_calls = _builder(b'"after"', tags)
    assert (await cache.get("k", after)).body == b'"after"'  # did not wait for the old build
    gate.set()
    assert (await early).body == b'"before"'  # its own caller asked before the commit
    assert calls == [1] and after_calls == [1]
    assert cache.peek("k").body == b'"after"'  # type: ignore[union-attr]


async def test_invalidation_evicts_only_entries_with_the_tags():
    cache = ResponseCache(5.0)
    cache.put("a", b"1", None, [item_tag("a"), "site:portal"])
    cache.put("b", b"2", None, [item_tag("b")])
    cache.put("list", b"3", None, ["site:portal", item_tag("b")])
    assert cache.invalidate([item_tag("a")]) == 1
    assert cache.peek("a") is None and cache.peek("b") and cache.peek("list")
    assert cache.invalidate(["site:portal"]) == 1 and cache.peek("list") is None
    assert cache.peek("b") is not None


async def test_a_refresh_that_finds_the_item_gone_drops_the_entry():
    cache = ResponseCache(5.0)
    cache.put("k", b"{}", None)
    _due(cache, "k")

    async def gone():  # type: ignore[no-untyped-def]
        raise NotFound("信息不存在或已撤回", code="item_not_found")

    assert (await cache.get("k", gone)).body == b"{}"
    for _ in range(3):
        await asyncio.sleep(0)
    assert "k" not in cache._entries


async def test_refresh_points_are_spread_over_the_end_of_the_ttl():
    cache = ResponseCache(10.0)
    now = time.monotonic()
    entries = [cache.put(str(i), b"{}", None) for i in range(200)]
    offsets = [e.refresh_at - now for e in entries]
    assert all(8.4 <= o <= 10.1 for o in offsets)
    assert max(offsets) - min(offsets) > 0.8
    assert all(e.expires - now <= 20.1 for e in entries)  # TTL + the stale window


async def test_an_entry_past_its_ttl_is_served_while_it_is_rebuilt():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    entry = cache._entries["k"]
    cache._entries["k"] = dataclasses.replace(entry, refresh_at=time.monotonic() - 5.5)
    gate = asyncio.Event()
    build, calls = _builder(b'"new"', gate=gate)
    assert (await cache.get("k", build)).body == b'"old"'
    gate.set()
    for _ in range(3):
        await asyncio.sleep(0)
    assert calls == [1] and cache.peek("k").body == b'"new"'  # type: ignore[union-attr]


async def test_an_entry_past_its_stale_window_is_rebuilt_not_served():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    entry = cache._entries["k"]
    past = time.monotonic() - 0.01
    cache._entries["k"] = dataclasses.replace(entry, refresh_at=past, expires=past)
    build, _ = _builder(b'"new"')
    assert (await cache.get("k", build)).body == b'"new"'


async def test_a_cache_hit_is_answered_before_the_parameters_are_solved(
    client, tokens, monkeypatch
):
    import fastapi.routing

    portal = await make_desk(client, tokens)
    item = await portal.publish()
    solved: list[int] = []
    solve = fastapi.routing.solve_dependencies

    async def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        solved.append(1)
        return await solve(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    first = await client.get(f"/sites/portal/items/{item['id']}")
    again = await client.get(f"/sites/portal/items/{item['id']}")
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == "application/json"
    assert len(solved) == 1
    assert (await client.get("/sites/portal/items/not-a-uuid")).status_code == 422
