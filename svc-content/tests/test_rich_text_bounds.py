"""Rich text is cleaned off the event loop, within a nesting depth and a time bound, before
anything is written (issue 15: 45,000 nested <div>s stalled the service for ~10 s)."""

from __future__ import annotations

import asyncio
import time

from content_support import make_desk

from content.text import bounded
from content.text.bounded import MAX_NESTING, nesting_depth

ITEMS = "/editorial/sites/portal/items"
DEEP = "<div>" * 45_000 + "正文" + "</div>" * 45_000  # 495 KB, inside the field's limit


async def _drafts(client, desk) -> int:  # type: ignore[no-untyped-def]
    r = await client.get(
        "/editorial/sites/portal/queue", params={"state": "draft"}, headers=desk.editor
    )
    return len(r.json()["items"])


def _item(body_html: str) -> dict[str, str]:
    return {"column_code": "news", "kind": "news", "title": "标题", "body_html": body_html}


def test_nesting_is_counted_from_tags_and_flat_elements_do_not_nest():
    assert nesting_depth("<div><p>a<p>b<ul><li>c<li>d</ul></div><br><img src=x>") == 2
    assert nesting_depth("<div>" * 30 + "</div>" * 30 + "<div>" * 5) == 30
    assert nesting_depth("<p>段落" * 10_000) == 0  # unclosed paragraphs close themselves
    assert nesting_depth(DEEP) == MAX_NESTING + 1  # stops counting past the bound


async def test_a_body_nested_past_the_bound_is_refused_at_once_and_nothing_is_stored(
    client, tokens
):
    desk = await make_desk(client, tokens)
    started = time.perf_counter()
    r = await client.post(ITEMS, headers=desk.editor, json=_item(DEEP))
    assert time.perf_counter() - started < 2
    assert r.status_code == 422 and r.json()["code"] == "body_too_deep", r.text
    assert await _drafts(client, desk) == 0
    ok = "<div>" * MAX_NESTING + "正文" + "</div>" * MAX_NESTING
    assert (await client.post(ITEMS, headers=desk.editor, json=_item(ok))).status_code == 201


async def test_cleaning_runs_off_the_event_loop(client, tokens, monkeypatch):
    desk = await make_desk(client, tokens)
    real = bounded._clean

    def slow(html: str) -> tuple[str, str]:
        time.sleep(0.6)  # a long clean, holding its thread (not the loop)
        return real(html)

    monkeypatch.setattr(bounded, "_clean", slow)
    write = asyncio.create_task(client.post(ITEMS, headers=desk.editor, json=_item("<p>正文</p>")))
    await asyncio.sleep(0.1)
    started = time.perf_counter()
    assert (await client.get("/healthz")).status_code == 200
    assert time.perf_counter() - started < 0.3  # answered while the clean still runs
    assert (await write).status_code == 201


async def test_a_clean_over_its_time_bound_is_refused_before_anything_is_written(
    client, tokens, monkeypatch
):
    desk = await make_desk(client, tokens)
    monkeypatch.setattr(bounded, "CLEAN_SECONDS", 0.1)
    monkeypatch.setattr(bounded, "_clean", lambda html: time.sleep(0.5) or ("", ""))
    r = await client.post(ITEMS, headers=desk.editor, json=_item("<p>正文</p>"))
    assert r.status_code == 422 and r.json()["code"] == "body_too_complex", r.text
    assert await _drafts(client, desk) == 0


async def test_the_word_check_runs_off_the_event_loop(client, tokens, monkeypatch):
    import threading

    from content.monitoring.wordcheck import WordChecker

    desk = await make_desk(client, tokens)
    threads: list[threading.Thread] = []
    real = WordChecker.check

    def record(self, text):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(self, text)

    monkeypatch.setattr(WordChecker, "check", record)
    r = await client.post("/monitoring/check", json={"text": "国务院" * 1000}, headers=desk.editor)
    assert r.status_code == 200, r.text
    assert threads and threads[0] is not threading.main_thread()
