"""GET /search for journey 4's rest: browsing by facet without a keyword, the corrected
query shown (and searching the words as typed), facet labels that are names, and
suggestions for pinyin and initials."""

from __future__ import annotations

from datetime import UTC, datetime

from search_builders import ids, index, item, measure, search, service_item

from govkit.contracts import ItemKind
from search.documents.columns import SiteColumn, column_label
from search.documents.industries import industry_label


def policy_file(title: str, site: str, day: int, **overrides):  # type: ignore[no-untyped-def]
    return item(
        title=title,
        kind=ItemKind.policy_document,
        site_code=site,
        site_name={"portal": "市政府门户网站", "fgw": "市发展改革委网站"}[site],
        column_code="zcwj",
        column_name="政策文件",
        published_at=datetime(2026, 11, day, tzinfo=UTC),
        **overrides,
    )


async def test_no_keyword_browses_what_the_filters_select_newest_first(client):
    older = policy_file("关于印发营商环境若干措施的通知", "fgw", 2)
    newer = policy_file("关于促进民营经济发展的意见", "fgw", 20)
    other_site = policy_file("市政府关于加强安全生产的通知", "portal", 25)
    news = item(title="发改委召开专题会议", site_code="fgw", site_name="市发展改革委网站")
    await index(client, older, newer, other_site, news)
    result = await search(client, site="fgw", kind="policy_document")
    assert result["query"] == "" and result["sort"] == "date"
    assert ids(result) == [f"content:{newer.item_id}", f"content:{older.item_id}"]
    assert not result["service_cards"] and not result["best_bets"]
    everything = await search(client)
    assert everything["total"] == 4 and ids(everything)[0] == f"content:{other_site.item_id}"
    assert {f["value"] for f in everything["facets"]["kind"]} == {"policy_document", "news"}


async def test_browsing_is_not_counted_as_a_query(client):
    await index(client, item(title="公积金提取"))
    await search(client, kind="news")
    await search(client, q="公积金")
    hot = (await client.get("/analytics/hot")).json()["words"]
    assert [w["query"] for w in hot] == ["公积金"]


async def test_browsing_with_bad_input_is_a_problem_in_chinese(client):
    for params, code in (
        ({"kind": "news", "page": "0"}, "bad_parameter"),
        ({"kind": "news", "sort": "newest"}, "bad_parameter"),
        ({"kind": "news", "correct": "maybe"}, "bad_parameter"),
        ({"kind": "news", "facets": "colour"}, "unknown_facet"),
        ({"kind": "news", "colour": "red"}, "unknown_parameter"),
        ({"site": "x" * 65}, "bad_parameter"),
    ):
        response = await client.get("/search", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert body["code"] == code, params
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["title"] + body["detail"])


async def test_the_corrected_query_is_named_and_the_typed_words_can_still_be_searched(client):
    doc = service_item("住房公积金提取")
    await index(client, doc)
    result = await search(client, q="公基金提取")
    assert result["corrected"] and result["corrected_query"] == "公积金提取"
    assert result["query"] == "公基金提取"
    typed = await search(client, q="公基金提取", correct="false")
    assert not typed["corrected"] and typed["corrected_query"] is None
    assert typed["relaxed"] and "公积金" not in str(typed["interpreted"])  # 提取 alone matched
    assert (await search(client, q="公积金提取"))["corrected_query"] is None


async def test_pinyin_a_letter_off_is_named_by_its_word(client):
    await index(client, item(title="住房公积金提取办理指南"))
    result = await search(client, q="gongjjin")
    assert result["corrected"] and result["corrected_query"] == "公积金"


async def test_column_and_industry_facets_are_labelled_with_names(client):
    await index(
        client,
        policy_file("关于印发营商环境若干措施的通知", "fgw", 2),
        policy_file("市政府关于加强安全生产的通知", "portal", 3),
        item(
            title="发改委专题会议通知",
            site_code="fgw",
            site_name="市发展改革委网站",
            column_code="fgw-hy",
            column_name="会议活动",
        ),
        measure(title="制造业数字化改造通知补贴", industries=["C", "39"]),
    )
    result = await search(client, q="通知")
    columns = {f["value"]: (f["label"], f["site_name"]) for f in result["facets"]["column"]}
    assert columns == {"zcwj": ("政策文件", None), "fgw-hy": ("会议活动", "市发展改革委网站")}
    industries = {f["value"]: f["label"] for f in result["facets"]["industry"]}
    assert industries == {"C": "制造业", "39": "计算机、通信和其他电子设备制造业"}
    on_site = await search(client, q="通知", site="fgw")
    assert {f["value"]: f["site_name"] for f in on_site["facets"]["column"]} == {
        "zcwj": None,
        "fgw-hy": None,
    }


def test_a_column_is_named_as_each_site_names_it():
    uses = [SiteColumn("fgw", "发改委网站", "政策文件"), SiteColumn("portal", "门户", "文件")]
    assert column_label(uses, None) == ("政策文件、文件", None)
    assert column_label(uses, "portal") == ("文件", None)
    assert column_label(uses[:1], None) == ("政策文件", "发改委网站")


def test_industry_codes_read_as_gbt_4754_names():
    assert industry_label("C") == "制造业"
    assert industry_label("c39") == "计算机、通信和其他电子设备制造业"
    assert industry_label("3911") == "计算机整机制造"
    assert industry_label("Z99") == "Z99"


async def test_suggestions_for_full_pinyin_and_initials(client):
    await index(client, item(title="住房公积金提取办理指南"), item(title="社会保障卡申领"))
    for typed in ("gongjijin", "gjj", "GJJ", "gong ji jin"):
        suggestions = (await client.get("/suggest", params={"q": typed})).json()["suggestions"]
        assert suggestions == ["住房公积金提取办理指南"], typed
