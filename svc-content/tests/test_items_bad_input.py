"""Bad input to the editorial API: a clear 4xx problem+json in Chinese, and nothing changed."""

from __future__ import annotations

from content_support import GENRE, POLICY_FIELDS, SUBJECT, make_desk


async def _count(client, desk) -> int:
    r = await client.get(
        "/editorial/sites/portal/queue", params={"state": "draft"}, headers=desk.editor
    )
    return len(r.json()["items"])


async def test_unknown_tags_are_refused_and_nothing_is_created(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={
            "column_code": "news",
            "kind": "news",
            "title": "标题",
            "tag_codes": [GENRE, "no.such.tag"],
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_tag"
    assert "no.such.tag" in r.json()["detail"]
    assert await _count(client, desk) == 0


async def test_an_invalid_document_number_is_refused_with_the_expected_form(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={**POLICY_FIELDS, "document_number": "江政发2026第12号"},
    )
    assert r.status_code == 422
    assert "六政办秘〔2021〕148号" in r.json()["detail"]
    assert await _count(client, desk) == 0


async def test_document_number_brackets_are_normalised(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(**{**POLICY_FIELDS, "document_number": "江政发[2026]12号"})
    assert item["working"]["document_number"] == "江政发〔2026〕12号"


async def test_script_in_rich_text_is_removed_on_write(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(
        body_html=(
            '<p onclick="steal()">通知正文<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">链接</a><table><tr><td>表格</td></tr></table>'
        )
    )
    body = item["working"]["body_html"]
    assert "script" not in body and "onclick" not in body and "javascript:" not in body
    assert "通知正文" in body and "<table>" in body


async def test_kind_specific_fields_are_validated(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={
            "column_code": "bsfw",
            "kind": "service",
            "title": "公积金提取",
            "fields": {"materials": ["身份证"]},
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_kind_fields"
    assert "办理地点或网上办理地址" in r.json()["detail"]
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={
            "column_code": "bsfw",
            "kind": "service",
            "title": "公积金提取",
            "fields": {"where": "市民中心", "unknown": 1},
        },
    )
    assert r.status_code == 422
    assert await _count(client, desk) == 0


async def test_links_must_fit_the_kinds(client, tokens):
    desk = await make_desk(client, tokens)
    news = await desk.create()
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={
            "column_code": "zcjd",
            "kind": "interpretation",
            "title": "解读",
            "links": [{"kind": "interprets", "item_id": news["id"]}],
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_link"


async def test_unknown_column_unknown_kind_and_unknown_topic(client, tokens):
    desk = await make_desk(client, tokens)
    base = {"column_code": "news", "kind": "news", "title": "标题"}
    r = await client.post(
        "/editorial/sites/portal/items", headers=desk.editor, json={**base, "column_code": "nope"}
    )
    assert r.status_code == 404 and r.json()["code"] == "column_not_found"
    r = await client.post(
        "/editorial/sites/portal/items", headers=desk.editor, json={**base, "kind": "blog"}
    )
    assert r.status_code == 422
    r = await client.post(
        "/editorial/sites/portal/items", headers=desk.editor, json={**base, "topic": "77"}
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_topic"
    assert await _count(client, desk) == 0


async def test_validity_dates_out_of_order_are_refused(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={
            **POLICY_FIELDS,
            "valid_from": "2026-05-01",
            "valid_to": "2026-01-01",
        },
    )
    assert r.status_code == 422 and "有效期" in r.json()["detail"]


async def test_a_sensitive_word_blocks_submission_even_when_confirmed(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(body_html="<p>本站提供网络赌博信息</p>", tag_codes=[GENRE, SUBJECT])
    r = await desk.act(item["id"], "submit", confirm=True)
    assert r.status_code == 422 and r.json()["code"] == "content_check_failed"
    findings = r.json()["findings"]
    assert any(f["kind"] == "sensitive" for f in findings)


async def test_a_mistyped_word_is_reported_and_may_be_confirmed(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(body_html="<p>根据国务阮有关文件精神</p>")
    r = await desk.act(item["id"], "submit")
    assert r.status_code == 422 and r.json()["code"] == "content_check_failed"
    finding = r.json()["findings"][0]
    assert finding["word"] == "国务阮" and finding["suggestion"] == "国务院"
    r = await desk.act(item["id"], "submit", confirm=True)
    assert r.status_code == 200
    assert r.json()["working"]["findings"][0]["word"] == "国务阮"


async def test_page_size_out_of_bounds_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    for limit in (0, 101, "many"):
        r = await client.get(f"/sites/{desk.site}/items", params={"limit": limit})
        assert r.status_code == 422, limit
    r = await client.get(f"/sites/{desk.site}/items", params={"cursor": "garbage!"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_cursor"


async def test_malformed_ids_and_missing_items(client, tokens):
    desk = await make_desk(client, tokens)
    assert (await client.get("/items/not-a-uuid")).status_code == 422
    r = await client.get("/items/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and r.json()["code"] == "item_not_found"
    r = await desk.act("00000000-0000-0000-0000-000000000000", "submit")
    assert r.status_code == 404


async def test_dates_past_the_calendar_bounds_are_422(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.post(
        "/editorial/sites/portal/items",
        headers=desk.editor,
        json={**POLICY_FIELDS, "valid_to": "9999-12-31"},
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "valid_to"
    assert await _count(client, desk) == 0
