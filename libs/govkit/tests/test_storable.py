"""Text PostgreSQL cannot store (NUL, lone surrogates) is refused with a field-named 422 on
every way in: JSON bodies, urlencoded forms, query strings and paths."""

from __future__ import annotations

import json

from test_http_kernel import assert_problem, client  # noqa: F401 (the fixture)

from govkit.storable import body_errors, unstorable_fields


def fields(r) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    body = assert_problem(r, 422, "validation_failed")
    assert "无法保存" in body["detail"]
    return [(e["in"], e["field"]) for e in body["errors"]]


async def test_nul_in_a_json_field_is_named(client):  # noqa: F811
    r = await client.post("/store", json={"v": "路灯\u0000不亮"})
    assert fields(r) == [("body", "v")]


async def test_a_lone_surrogate_in_json_is_refused(client):  # noqa: F811
    raw = b'{"v": "\\ud800 alone"}'
    r = await client.post("/store", content=raw, headers={"content-type": "application/json"})
    assert fields(r) == [("body", "v")]


async def test_a_valid_surrogate_pair_and_escaped_chinese_pass(client):  # noqa: F811
    raw = json.dumps({"v": "路灯😀"}).encode()  # ensure_ascii: \u8def… and \ud83d\ude00
    r = await client.post("/store", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json() == {"v": "路灯😀"}


async def test_nul_in_a_urlencoded_form_field_is_named(client):  # noqa: F811
    r = await client.post(
        "/store",
        content=b"v=a%00b",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert fields(r) == [("body", "v")]


async def test_nul_in_a_query_parameter_is_named(client):  # noqa: F811
    r = await client.get("/numbers", params={"cursor": "a\x00", "limit": 5})
    assert fields(r) == [("query", "cursor")]


async def test_nul_in_the_path_is_refused(client):  # noqa: F811
    assert fields(await client.get("/things/1%00")) == [("path", "/things/1\\u0000")]


async def test_a_body_over_the_limit_is_still_413(client):  # noqa: F811
    r = await client.post(
        "/store",
        content=b'{"v": "' + b"x" * 5000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert_problem(r, 413, "payload_too_large")


def test_nested_fields_are_named_by_their_path():
    value = {"location": {"address": "a\x00"}, "photos": ["ok", "\ud800"], "k\x00": 1}
    assert list(unstorable_fields(value)) == [
        ("location", "address"),
        ("photos", "1"),
        ("k\\u0000",),
    ]


def test_a_backslash_before_u0000_is_no_nul():
    # "\\u0000" in JSON is the six characters \u0000, which PostgreSQL stores fine.
    assert body_errors("application/json", b'{"v": "\\\\u0000"}') == []
