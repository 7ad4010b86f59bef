"""GET /search, /suggest and /qa: facets, synonyms, pinyin, service cards, best bets, Q&A
and the query log."""

from __future__ import annotations

from search_builders import ids, index, item, knowledge, measure, search, service_item

from govkit.contracts import ItemKind, ItemTag


def editor(tokens, site: str = "portal") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return tokens.bearer(
        tokens.issue("ed-1", roles=[{"role": "site_editor", "scope": f"site:{site}"}])
    )


async def test_facets_come_with_counts_and_labels(client):
    tag = ItemTag(code="housing", name="住房保障", facet="topic", audience="citizen")
    await index(
        client,
        item(title="公积金政策解读", kind=ItemKind.interpretation, tags=[tag]),
        item(title="公积金新闻", site_code="xc", site_name="西城区政府网站"),
        measure(title="公积金缴存补贴", reward_type="资金补贴", industries=["C13"]),
    )
    result = await search(client, q="公积金")
    assert result["total"] == 3
    kinds = {f["value"]: (f["label"], f["count"]) for f in result["facets"]["kind"]}
    assert kinds["interpretation"] == ("政策解读", 1) and kinds["measure"] == ("惠企政策", 1)
    assert {f["value"]: f["count"] for f in result["facets"]["tag"]} == {"住房保障": 1}
    assert {f["value"]: f["count"] for f in result["facets"]["reward_type"]} == {"资金补贴": 1}
    assert {f["value"]: f["count"] for f in result["facets"]["industry"]} == {"C13": 1}
    only = await search(client, q="公积金", kind="measure", facets="kind")
    assert only["total"] == 1 and list(only["facets"]) == ["kind"]


async def test_hits_carry_highlighted_title_and_snippet(client):
    await index(client, item(title="<b>公积金</b>提取", text="在职职工购房可以提取公积金。"))
    hit = (await search(client, q="公积金"))["hits"][0]
    assert hit["title"] == "&lt;b&gt;<em>公积金</em>&lt;/b&gt;提取"
    assert "<em>公积金</em>" in hit["snippet"]


async def test_editors_synonyms_expand_queries_at_once(client, tokens):
    await index(client, item(title="城乡居民医疗保险缴费通知"))
    assert (await search(client, q="医保"))["total"] == 1  # seeded: 医保 = 医疗保险
    assert (await search(client, q="看病报销"))["total"] == 0
    response = await client.post(
        "/synonyms", json={"terms": ["看病报销", "医疗保险"]}, headers=editor(tokens)
    )
    assert response.status_code == 201, response.text
    assert (await search(client, q="看病报销"))["total"] == 1


async def test_only_editors_manage_synonyms(client, tokens):
    citizen = tokens.bearer(tokens.issue("c-1", kind="citizen"))
    response = await client.post("/synonyms", json={"terms": ["甲", "乙"]}, headers=citizen)
    assert response.status_code == 403
    response = await client.post(
        "/synonyms", json={"terms": ["同一个", "同一个"]}, headers=editor(tokens)
    )
    assert response.status_code == 422


async def test_pinyin_and_initials_find_chinese_words(client):
    doc = item(title="住房公积金提取办理指南")
    await index(client, doc)
    for typed in ("gongjijin", "gjj", "GJJ"):
        assert ids(await search(client, q=typed)) == [f"content:{doc.item_id}"], typed


async def test_a_homophone_typo_is_corrected_only_when_nothing_matches(client):
    doc = service_item("住房公积金提取")
    await index(client, doc)
    result = await search(client, q="公基金提取")
    assert result["corrected"] and [c["id"] for c in result["service_cards"]] == [
        f"content:{doc.item_id}"
    ]
    assert ["公积金"] in result["interpreted"] or ["公积金", "住房公积金"] in result["interpreted"]
    assert not (await search(client, q="公积金提取"))["corrected"]


async def test_pinyin_and_latin_words_a_letter_off_still_match(client):
    housing = item(title="住房公积金提取办理指南")
    app = item(title="政务服务 wechat 小程序上线")
    await index(client, housing, app)
    assert ids(await search(client, q="gongjjin")) == [f"content:{housing.item_id}"]
    found = await search(client, q="wechta")
    assert found["corrected"] and ids(found) == [f"content:{app.item_id}"]
    assert (await search(client, q="wxyzq"))["total"] == 0


async def test_a_query_naming_a_service_shows_its_card_first(client):
    card = service_item("住房公积金提取")
    await index(client, card, item(title="公积金提取新规解读", kind=ItemKind.interpretation))
    result = await search(client, q="公积金提取")
    assert [c["id"] for c in result["service_cards"]] == [f"content:{card.item_id}"]
    assert result["service_cards"][0]["where"] == "市政务服务中心一楼 12 号窗口"
    assert (await search(client, q="公积金新规"))["service_cards"] == []


async def test_a_service_shown_as_a_card_is_not_repeated_in_the_hits(client):
    card = service_item("社保卡补办")
    other = item(title="社保卡补办网点调整", kind=ItemKind.notice)
    await index(client, card, other)
    result = await search(client, q="社保卡补办")
    assert [c["id"] for c in result["service_cards"]] == [f"content:{card.item_id}"]
    assert ids(result) == [f"content:{other.item_id}"]
    assert result["total"] == 2
    assert {f["value"]: f["count"] for f in result["facets"]["kind"]} == {"service": 1, "notice": 1}


async def test_editors_pin_best_bets_per_query(client, tokens):
    pinned, other = item(title="社保卡办理网点一览"), item(title="社保卡补办流程")
    await index(client, pinned, other)
    body = {"query": "社保卡", "site": "portal", "doc_id": f"content:{pinned.item_id}"}
    response = await client.post("/best-bets", json=body, headers=editor(tokens))
    assert response.status_code == 201, response.text
    result = await search(client, q="社保卡", site="portal")
    assert [b["id"] for b in result["best_bets"]] == [f"content:{pinned.item_id}"]
    assert (await search(client, q="社保卡补办", site="portal"))["best_bets"] == []
    assert (await search(client, q="社保卡"))["best_bets"] == []  # all sites: not this site's pin


async def test_an_editor_cannot_pin_on_another_site_or_a_missing_document(client, tokens):
    doc = item(title="社保卡办理网点一览")
    await index(client, doc)
    body = {"query": "社保卡", "site": "xc", "doc_id": f"content:{doc.item_id}"}
    assert (await client.post("/best-bets", json=body, headers=editor(tokens))).status_code == 403
    body = {"query": "社保卡", "site": "portal", "doc_id": "content:missing"}
    response = await client.post("/best-bets", json=body, headers=editor(tokens))
    assert response.status_code == 404 and response.json()["code"] == "document_not_found"


async def test_suggestions_come_from_titles_hot_queries_and_pinyin(client):
    await index(client, item(title="公积金提取办理指南"), item(title="不动产登记预约"))
    await search(client, q="公积金贷款")
    suggestions = (await client.get("/suggest", params={"q": "公积金"})).json()["suggestions"]
    assert "公积金提取办理指南" in suggestions
    assert (await client.get("/suggest", params={"q": "bdc"})).json()["suggestions"] == [
        "不动产登记预约"
    ] or "不动产登记预约" in (await client.get("/suggest", params={"q": "budongchan"})).json()[
        "suggestions"
    ]


async def test_qa_answers_with_confidence_or_says_it_does_not_know(client):
    entry = knowledge("失业保险金怎么申领", "登录人社网上服务大厅，选择失业保险金申领。")
    await index(client, entry, service_item("失业保险金申领"))
    answer = (await client.get("/qa", params={"q": "怎么申领失业保险金"})).json()
    assert answer["known"] and answer["confidence"] >= answer["threshold"]
    assert answer["answer"].startswith("登录人社网上服务大厅")
    assert answer["related_services"][0]["title"] == "失业保险金申领"
    unknown = (await client.get("/qa", params={"q": "火星移民签证"})).json()
    assert not unknown["known"] and unknown["message"].startswith("不知道")


async def test_qa_names_its_source_with_the_portal_page_to_read_it_on(client):
    entry = knowledge("公积金贷款额度怎么算", "按缴存余额的 15 倍计算，最高 60 万元。")
    await index(client, entry)
    answer = (await client.get("/qa", params={"q": "公积金贷款额度"})).json()
    assert answer["known"], answer
    source = answer["source"]
    assert source["kind"] == "knowledge" and source["kind_label"]
    assert source["title"] == "公积金贷款额度怎么算"
    assert source["url"] == f"/portal/knowledge/{entry.entry_id}"
    assert source["id"] == f"knowledge:{entry.entry_id}"


async def test_queries_are_logged_without_personal_data_and_counted_per_site(client, tokens):
    await index(client, item(title="公积金提取"))
    await search(client, q="公积金", site="portal")
    await search(client, q="公积金", site="portal")
    await search(client, q="火星签证", site="portal")
    await search(client, q="我的电话13812345678查询公积金")
    hot = (await client.get("/analytics/hot", params={"site": "portal"})).json()["words"]
    assert hot[0] == {"query": "公积金", "count": 2}
    zero = await client.get(
        "/analytics/zero-results", params={"site": "portal"}, headers=editor(tokens)
    )
    assert zero.json()["words"] == [{"query": "火星签证", "count": 1}]
    logged = (await client.get("/analytics/hot")).json()["words"]
    assert logged == [{"query": "我的电话＊查询公积金", "count": 1}]
