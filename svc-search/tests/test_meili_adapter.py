"""The Meilisearch adapter against recorded HTTP exchanges (no server can be installed on
this machine; the conformance suite runs against a real one when MEILI_URL is set).

The exchanges follow Meilisearch 1.x's documented API (task objects, search and federated
multi-search responses); each test checks what the adapter sends and how it reads answers.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import meilisearch._httprequests as meili_http
import pytest
import requests

from search.engine.base import Clause, EngineQuery, SearchDoc
from search.engine.meili_engine import MeiliEngine, meili_id

URL = "http://meili.test:7700"
ENQUEUED = "2026-11-23T10:00:00.000000Z"


def task_info(uid: int, kind: str) -> dict[str, Any]:
    return {
        "taskUid": uid,
        "indexUid": "govsearch",
        "status": "enqueued",
        "type": kind,
        "enqueuedAt": ENQUEUED,
    }


def task(uid: int, kind: str) -> dict[str, Any]:
    return {
        "uid": uid,
        "indexUid": "govsearch",
        "status": "succeeded",
        "type": kind,
        "enqueuedAt": ENQUEUED,
    }


DOC = SearchDoc(
    id="content:1f0e",
    kind="service",
    title="住房公积金提取",
    body="线上办理",
    site="portal",
    tags=["住房"],
    published_at=datetime(2026, 1, 1, tzinfo=UTC),
)


class Recorded:
    """Stands in for `requests` inside the client: replays exchanges in order, records
    the thread each call ran on."""

    def __init__(self, exchanges: list[tuple[str, str, Any, int, Any]]) -> None:
        self.exchanges = list(exchanges)
        self.sent: list[tuple[str, str, Any]] = []
        self.threads: set[int] = set()
        self.exceptions = requests.exceptions
        for method in ("get", "post", "put", "patch", "delete"):
            setattr(self, method, self._method(method))

    def _method(self, name: str):  # type: ignore[no-untyped-def]
        def call(url: str, timeout: Any = None, headers: Any = None, data: Any = None, **_: Any):  # type: ignore[no-untyped-def]
            self.threads.add(threading.get_ident())
            body = json.loads(data) if data not in (None, "", "null") else None
            path = url.removeprefix(URL)
            self.sent.append((name.upper(), path, body))
            method, expected_path, expected_body, status, answer = self.exchanges.pop(0)
            assert (method, expected_path) == (name.upper(), path)
            if expected_body is not None:
                assert body == expected_body
            response = requests.Response()
            response.status_code = status
            response._content = json.dumps(answer).encode()
            response.url = url
            return response

        call.__name__ = name
        return call


@pytest.fixture
def recorded(monkeypatch):  # type: ignore[no-untyped-def]
    def install(exchanges):  # type: ignore[no-untyped-def]
        fake = Recorded(exchanges)
        monkeypatch.setattr(
            meili_http,
            "requests",
            SimpleNamespace(
                **{
                    k: getattr(fake, k)
                    for k in ("get", "post", "put", "patch", "delete", "exceptions")
                }
            ),
        )
        return fake

    return install


async def test_open_creates_the_index_with_chinese_facets_and_recency(recorded):
    fake = recorded(
        [
            (
                "POST",
                "/indexes",
                {"uid": "govsearch", "primaryKey": "key"},
                202,
                task_info(1, "indexCreation"),
            ),
            ("GET", "/tasks/1", None, 200, task(1, "indexCreation")),
            ("PATCH", "/indexes/govsearch/settings", None, 202, task_info(2, "settingsUpdate")),
            ("GET", "/tasks/2", None, 200, task(2, "settingsUpdate")),
        ]
    )
    await MeiliEngine(URL, "key", "govsearch").open()
    settings = fake.sent[2][2]
    assert settings["localizedAttributes"] == [
        {"attributePatterns": ["title", "summary", "body"], "locales": ["cmn"]}
    ]
    assert settings["searchableAttributes"][0] == "title"
    assert (
        "tag" in settings["filterableAttributes"]
        and settings["rankingRules"][-1] == "published:desc"
    )
    assert threading.get_ident() not in fake.threads  # blocking calls ran off the event loop


async def test_apply_sends_safe_ids_and_waits_until_searchable(recorded):
    fake = recorded(
        [
            (
                "POST",
                "/indexes/govsearch/documents/delete-batch",
                ["content_old"],
                202,
                task_info(3, "documentDeletion"),
            ),
            ("GET", "/tasks/3", None, 200, task(3, "documentDeletion")),
            (
                "POST",
                "/indexes/govsearch/documents?primaryKey=key",
                None,
                202,
                task_info(4, "documentAdditionOrUpdate"),
            ),
            ("GET", "/tasks/4", None, 200, task(4, "documentAdditionOrUpdate")),
        ]
    )
    await MeiliEngine(URL, None, "govsearch").apply([DOC], ["content:old"])
    record = fake.sent[2][2][0]
    assert record["key"] == meili_id(DOC.id) == "content_1f0e"
    assert record["tag"] == ["住房"] and record["published"] == 1767225600


async def test_search_sends_filters_facets_and_reads_hits(recorded):
    answer = {
        "hits": [{"doc": DOC.to_json(), "_rankingScore": 0.93}],
        "estimatedTotalHits": 1,
        "facetDistribution": {"site": {"portal": 1}, "kind": {"service": 1}},
        "processingTimeMs": 1,
        "query": "公积金 提取",
        "limit": 10,
        "offset": 0,
    }
    fake = recorded([("POST", "/indexes/govsearch/search", None, 200, answer)])
    query = EngineQuery(
        [Clause(("公积金",)), Clause(("提取",))],
        filters={"site": ['po"rtal']},
        facets=("site", "kind"),
    )
    result = await MeiliEngine(URL, None, "govsearch").search(query)
    body = fake.sent[0][2]
    assert body["q"] == "公积金 提取" and body["matchingStrategy"] == "all"
    assert body["filter"] == [['site = "po\\"rtal"']]  # quoted: no filter injection
    assert body["facets"] == ["site", "kind"]
    assert [h.doc.id for h in result.hits] == [DOC.id] and result.total == 1
    assert result.facets == {"site": [("portal", 1)], "kind": [("service", 1)]}


async def test_alternatives_become_a_federated_multi_search(recorded):
    answer = {
        "hits": [{"doc": DOC.to_json(), "_rankingScore": 0.8}],
        "estimatedTotalHits": 1,
        "facetDistribution": {"kind": {"service": 1}},
        "processingTimeMs": 2,
        "limit": 10,
        "offset": 0,
    }
    fake = recorded([("POST", "/multi-search", None, 200, answer)])
    query = EngineQuery(
        [Clause(("医保", "医疗保险"))], facets=("kind",), sort="date", match_all=False
    )
    result = await MeiliEngine(URL, None, "govsearch").search(query)
    body = fake.sent[0][2]
    assert [q["q"] for q in body["queries"]] == ["医保", "医疗保险"]
    assert body["queries"][0]["sort"] == ["published:desc"]
    assert body["federation"]["facetsByIndex"] == {"govsearch": ["kind"]}
    assert result.total == 1 and result.facets == {"kind": [("service", 1)]}


async def test_finish_rebuild_swaps_indexes_atomically(recorded):
    fake = recorded(
        [
            (
                "POST",
                "/swap-indexes",
                [{"indexes": ["govsearch", "govsearch-next"]}],
                202,
                task_info(7, "indexSwap"),
            ),
            ("GET", "/tasks/7", None, 200, task(7, "indexSwap")),
            ("DELETE", "/indexes/govsearch-next", None, 202, task_info(8, "indexDeletion")),
            ("GET", "/tasks/8", None, 200, task(8, "indexDeletion")),
        ]
    )
    engine = MeiliEngine(URL, None, "govsearch")
    shadow = MeiliEngine(URL, None, "govsearch-next")
    await engine.finish_rebuild(shadow)
    assert [s[1] for s in fake.sent] == [
        "/swap-indexes",
        "/tasks/7",
        "/indexes/govsearch-next",
        "/tasks/8",
    ]
