"""内容监测: word lists, a site's problem list and score, the ranking of sites."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from content_support import POLICY_FIELDS, make_desk
from sqlalchemy import select, text

from content.monitoring.scan import scan_site
from content.sites.models import Site


async def _problems(client, desk, kind: str | None = None) -> list[dict]:
    r = await client.post(f"/monitoring/sites/{desk.site}/runs", headers=desk.editor)
    assert r.status_code == 201, r.text
    params = {"kind": kind} if kind else None
    r = await client.get(
        f"/monitoring/sites/{desk.site}/runs/latest", headers=desk.editor, params=params
    )
    return r.json()["problems"]


async def test_empty_columns_are_listed(client, tokens):
    desk = await make_desk(client, tokens)
    await desk.publish()  # fills 新闻动态 only
    empty = {p["column_code"] for p in await _problems(client, desk, "empty_column")}
    assert empty == {"xxgk", "zcwj", "zcjd", "tzgg", "bsfw"}


async def test_a_parent_column_with_content_below_is_not_empty(client, tokens):
    desk = await make_desk(client, tokens)
    await desk.publish(**POLICY_FIELDS)
    empty = {p["column_code"] for p in await _problems(client, desk, "empty_column")}
    assert "xxgk" not in empty and "zcwj" not in empty


async def test_columns_past_their_update_period_are_listed(client, tokens):
    desk = await make_desk(client, tokens)
    await desk.publish()
    db = client._transport.app.state.db
    async with db.transaction() as session:
        site = await session.scalar(select(Site).where(Site.code == "portal"))
        now = datetime.now(UTC) + timedelta(days=10)
        run = await scan_site(session, site, "test", now=now)
        assert run.counts.get("stale_column") == 1
    latest = (
        await client.get(
            "/monitoring/sites/portal/runs/latest",
            params={"kind": "stale_column"},
            headers=desk.editor,
        )
    ).json()
    assert latest["problems"][0]["column_code"] == "news"
    assert "10 天未更新" in latest["problems"][0]["message"]


async def test_mistyped_words_in_published_items_are_found(client, tokens):
    desk = await make_desk(client, tokens)
    await desk.publish(body_html="<p>贯彻落实国务阮部署</p>", confirm=True)
    problems = await _problems(client, desk, "mistyped_word")
    assert len(problems) == 1  # not again in the summary derived from the body
    assert problems[0]["detail"]["suggestion"] == "国务院"


async def test_links_to_withdrawn_items_are_broken(client, tokens):
    desk = await make_desk(client, tokens)
    target = await desk.publish(title="被引用的信息")
    await desk.publish(
        title="引用方", body_html=f'<p><a href="/sites/portal/items/{target["id"]}">详见</a></p>'
    )
    assert await _problems(client, desk, "broken_link") == []
    await desk.act(target["id"], "withdraw", reason="过期")
    broken = await _problems(client, desk, "broken_link")
    assert len(broken) == 1 and "引用方" in broken[0]["message"]


async def test_disclosure_items_missing_mandatory_fields_are_listed(client, tokens):
    desk = await make_desk(client, tokens)
    db = client._transport.app.state.db
    item = await desk.publish(**POLICY_FIELDS)
    async with db.transaction() as session:  # imported data can lack what the editor UI enforces
        await session.execute(
            text("UPDATE editions SET issuing_body = NULL WHERE item_id = :id"),
            {"id": item["id"]},
        )
    missing = await _problems(client, desk, "missing_disclosure")
    assert missing[0]["detail"]["missing"] == ["发布机构"]


async def test_the_score_falls_with_problems_and_sites_are_ranked(client, tokens):
    good = await make_desk(client, tokens, site="good")
    bad = await make_desk(client, tokens, site="bad")
    for code in ("xxgk", "zcwj", "zcjd", "news", "tzgg", "bsfw"):
        await good.publish(column_code=code, title=f"{code} 的信息")
    await bad.publish(body_html="<p>国务阮</p>", confirm=True)
    for desk in (good, bad):
        await client.post(f"/monitoring/sites/{desk.site}/runs", headers=desk.editor)
    r = await client.get("/monitoring/ranking", headers=good.admin)
    ranking = [(e["site_code"], e["score"]) for e in r.json()]
    assert [code for code, _ in ranking] == ["good", "bad"]
    assert ranking[0][1] == 100.0 and ranking[1][1] < 100.0
    assert (await client.get("/monitoring/ranking", headers=good.editor)).status_code == 403


async def test_an_edited_word_list_takes_effect_at_once(client, tokens):
    admin = tokens.bearer(tokens.admin())
    r = await client.post("/monitoring/check", json={"text": "江城市政符办公室"}, headers=admin)
    assert r.json() == []
    r = await client.put(
        "/monitoring/words",
        headers=admin,
        json={"kind": "mistyped", "word": "政符", "suggestion": "政府"},
    )
    assert r.status_code == 200
    r = await client.post("/monitoring/check", json={"text": "江城市政符办公室"}, headers=admin)
    assert [(f["word"], f["suggestion"]) for f in r.json()] == [("政符", "政府")]


async def test_word_list_bad_input_and_permissions(client, tokens):
    admin = tokens.bearer(tokens.admin())
    editor = tokens.bearer(tokens.issue("e", roles=[{"role": "site_editor", "scope": "site:x"}]))
    r = await client.put(
        "/monitoring/words", headers=admin, json={"kind": "mistyped", "word": "政符"}
    )
    assert r.status_code == 422 and "正确写法" in r.json()["detail"]
    r = await client.put(
        "/monitoring/words", headers=editor, json={"kind": "sensitive", "word": "某词", "level": 2}
    )
    assert r.status_code == 403
    r = await client.put(
        "/monitoring/words", headers=admin, json={"kind": "sensitive", "word": "某词", "level": 9}
    )
    assert r.status_code == 422
    citizen = tokens.bearer(tokens.issue("c", kind="citizen"))
    assert (await client.get("/monitoring/words", headers=citizen)).status_code == 403


async def test_another_sites_editor_cannot_scan_or_read_this_site(client, tokens):
    await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="xc")
    r = await client.post("/monitoring/sites/portal/runs", headers=other.editor)
    assert r.status_code == 403
    r = await client.get("/monitoring/sites/portal/runs/latest", headers=other.editor)
    assert r.status_code == 403


async def test_a_portal_link_to_a_withdrawn_item_is_found_as_well(client, tokens):
    from content.monitoring.scan import ITEM_LINK

    item = "0b9d2a52-2f4b-4a8e-9d43-6a1c2f0e7b11"
    for href in (f"/portal/items/{item}", f"/sites/portal/items/{item}", f"/items/{item}"):
        found = ITEM_LINK.match(href)
        assert found is not None and found.group(1) == item, href
