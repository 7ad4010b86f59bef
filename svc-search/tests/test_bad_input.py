"""Whatever a client sends to the public endpoints: a 4xx problem in Chinese or an empty
result, never a 500."""

from __future__ import annotations

import pytest
from search_builders import index, item

ODD = [
    "\u200b\u200d\ufeff",  # zero-width only
    "公积金\u200b提取",
    "𠮷野家😀🇨🇳",
    "\u202eRTL覆盖",
    "e\u0301\u0301\u0301",
    "ｇｊｊ　全角",
    "\x00\x01控制字符",
    "ＡＢＣ１２３",
    "\ud7ff\ue000",
]
INJECTION = [
    "' OR 1=1 --",
    "'; DROP TABLE search_documents; --",
    "公积金 & | ! :* <-> (",
    "title:公积金 AND body:*",
    "<script>alert(1)</script>",
    "%_\\",
    "${jndi:ldap://x}",
    "{{7*7}}",
]


def problem(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["title"] + body["detail"])


@pytest.mark.parametrize("path", ["/qa", "/suggest"])  # /search without one browses
async def test_an_empty_query_is_a_problem(client, path):
    for q in (None, "", "   ", "\u200b"):
        params = {} if q is None else {"q": q}
        problem(await client.get(path, params=params), 422, "query_empty")


@pytest.mark.parametrize("path", ["/search", "/qa", "/suggest"])
async def test_a_thousand_character_query_is_a_problem(client, path):
    response = await client.get(path, params={"q": "公积金" * 334})
    assert response.status_code == 422
    assert response.json()["code"] in ("query_too_long", "validation_failed")


async def test_odd_unicode_gives_a_result_not_an_error(client):
    await index(client, item(title="公积金提取"))
    for q in ODD:
        for path in ("/search", "/qa", "/suggest"):
            response = await client.get(path, params={"q": q})
            assert response.status_code in (200, 422), (path, q, response.text)
            if response.status_code == 422 and "\x00" in q:  # unstorable: refused by name
                assert [e["field"] for e in response.json()["errors"]] == ["q"]
            elif response.status_code == 422:
                assert response.json()["code"] == "query_empty"


async def test_injection_looking_queries_are_plain_text(client):
    await index(client, item(title="公积金提取"))
    for q in INJECTION:
        response = await client.get("/search", params={"q": q})
        assert response.status_code == 200, (q, response.text)
        for hit in response.json()["hits"]:
            assert "<script>" not in hit["title"] + hit["snippet"]
    assert (await client.get("/search", params={"q": "公积金"})).json()["total"] == 1


async def test_unknown_parameters_and_facets_are_problems(client):
    problem(
        await client.get("/search", params={"q": "公积金", "colour": "red"}),
        422,
        "unknown_parameter",
    )
    problem(
        await client.get("/search", params={"q": "公积金", "facets": "site,price"}),
        422,
        "unknown_facet",
    )
    problem(
        await client.get("/search", params={"q": "公积金", "sort": "price"}), 422, "bad_parameter"
    )


async def test_bad_numbers_are_problems(client):
    for page in ("0", "-1", "abc", "1e3", "99999999999999999999"):
        response = await client.get("/search", params={"q": "公积金", "page": page})
        assert response.status_code == 422, page
    problem(
        await client.get("/search", params={"q": "公积金", "page": "101"}), 422, "page_too_deep"
    )
    problem(await client.get("/search", params={"q": "公积金", "size": "51"}), 422, "bad_parameter")


async def test_a_page_beyond_the_end_is_empty(client):
    await index(client, item(title="公积金提取"))
    body = (await client.get("/search", params={"q": "公积金", "page": "100"})).json()
    assert body["hits"] == [] and body["total"] == 1


async def test_an_unknown_filter_value_is_an_empty_result(client):
    await index(client, item(title="公积金提取"))
    body = (await client.get("/search", params={"q": "公积金", "kind": "no-such-kind"})).json()
    assert body["total"] == 0 and body["hits"] == []
    body = (await client.get("/search", params={"q": "公积金", "site": "nowhere"})).json()
    assert body["total"] == 0
    too_long = await client.get("/search", params={"q": "公积金", "site": "x" * 500})
    problem(too_long, 422, "bad_parameter")


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31"])
async def test_analytics_dates_past_the_calendar_bounds_are_422(client, since):
    response = await client.get("/analytics/hot", params={"since": since, "until": since})
    problem(response, 422, "validation_failed")


def test_the_openapi_document_lists_what_search_reads():
    from search.app import create_app
    from search.query.params import KNOWN

    operation = create_app().openapi()["paths"]["/search"]["get"]
    listed = {p["name"] for p in operation["parameters"]}
    assert listed == KNOWN
    assert not next(p for p in operation["parameters"] if p["name"] == "q").get("required")
