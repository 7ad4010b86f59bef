"""Public content is served stale, marked with `Age` and `Warning: 110`, while its rebuild
fails (the database away), instead of turning into errors as entries expire."""

from __future__ import annotations

import dataclasses
import time

import pytest
from content_support import make_desk

from content.public.cache import STALE_WARNING, ResponseCache
from govkit.errors import NotFound
from govkit.testing.databases import database_away


def _expire(cache: ResponseCache, key: str, *, keep: bool = True) -> None:
    """Age the entry past TTL + stale (and, unless `keep`, past its stale-if-error time)."""
    entry = cache._entries[key]
    past = time.monotonic() - 0.01
    cache._entries[key] = dataclasses.replace(
        entry,
        refresh_at=past,
        expires=past,
        built_at=past - 30,
        keep_until=entry.keep_until if keep else past,
    )


def _headers(entry) -> dict[bytes, bytes]:  # type: ignore[no-untyped-def]
    return dict(entry.raw_headers)


async def _database_down():  # type: ignore[no-untyped-def]
    raise ConnectionRefusedError("connection refused")


async def _fresh():  # type: ignore[no-untyped-def]
    return b'"new"', None, frozenset()


async def test_an_expired_entry_whose_rebuild_fails_is_served_marked_stale():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    _expire(cache, "k")
    served = await cache.get("k", _database_down)
    assert served.body == b'"old"'
    headers = _headers(served)
    assert headers[b"warning"] == STALE_WARNING and int(headers[b"age"]) >= 30


async def test_after_a_failed_rebuild_stale_entries_are_served_without_trying_again_at_once():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    _expire(cache, "k")
    await cache.get("k", _database_down)
    calls: list[int] = []

    async def counted():  # type: ignore[no-untyped-def]
        calls.append(1)
        return await _database_down()

    for _ in range(5):
        assert (await cache.get("k", counted)).body == b'"old"'
    assert calls == []
    cache._failing["k"] = time.monotonic() - 0.01  # the pause is over: the database is back
    fresh = await cache.get("k", _fresh)
    assert fresh.body == b'"new"' and b"warning" not in _headers(fresh)


async def test_one_keys_failing_rebuild_does_not_hold_back_the_others():
    cache = ResponseCache(5.0)
    cache.put("broken", b'"old"', None)
    cache.put("fine", b'"old"', None)
    _expire(cache, "broken")
    _expire(cache, "fine")
    await cache.get("broken", _database_down)
    assert (await cache.get("fine", _fresh)).body == b'"new"'


async def test_a_rebuild_that_finds_the_item_gone_is_not_answered_stale():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    _expire(cache, "k")

    async def gone():  # type: ignore[no-untyped-def]
        raise NotFound("信息不存在或已撤回", code="item_not_found")

    with pytest.raises(NotFound):
        await cache.get("k", gone)


async def test_an_entry_past_its_stale_if_error_time_is_not_served():
    cache = ResponseCache(5.0)
    cache.put("k", b'"old"', None)
    _expire(cache, "k", keep=False)
    with pytest.raises(ConnectionRefusedError):
        await cache.get("k", _database_down)


async def test_a_published_item_is_served_stale_while_the_database_is_away(
    client, tokens, pg_server
):
    app = client._transport.app
    portal = await make_desk(client, tokens)
    item = await portal.publish(title="停水通知")
    path = f"/items/{item['id']}"
    fresh = await client.get(path)
    assert fresh.status_code == 200 and "warning" not in fresh.headers
    cache: ResponseCache = app.state.public_cache
    with database_away(pg_server, app.state.settings.database_url):
        _expire(cache, path)
        for _ in range(3):
            stale = await client.get(path)
            assert stale.status_code == 200, stale.text
            assert stale.json()["title"] == "停水通知"
            assert stale.headers["warning"] == '110 - "Response is Stale"'
            assert int(stale.headers["age"]) >= 30
