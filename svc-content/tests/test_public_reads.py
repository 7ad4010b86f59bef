"""What the public sees: lists with aggregation, one item with related content and typed
links, the disclosure catalogue, caching headers."""

from __future__ import annotations

from content_support import GENRE, POLICY_FIELDS, SUBJECT, make_desk

OTHER_SUBJECT = "person.subject.yiliao"  # 医疗


def titles(page: dict) -> list[str]:
    return [i["title"] for i in page["items"]]


async def test_a_column_shows_its_own_placed_and_aggregated_items_stored_once(client, tokens):
    portal = await make_desk(client, tokens)
    dept = await make_desk(client, tokens, site="zjj")
    await client.put(
        "/sites/portal/columns",
        headers=portal.editor,
        json={"code": "yshj", "name": "优化营商环境"},
    )
    r = await client.put(
        "/sites/portal/columns/yshj/sources",
        headers=portal.editor,
        json={
            "sources": [{"site_code": "zjj", "column_code": "tzgg"}, {"tag_code": OTHER_SUBJECT}],
        },
    )
    assert r.status_code == 200, r.text
    await portal.publish(title="门户自有", column_code="yshj")
    await portal.publish(title="门户放置", placements=["yshj"])
    await dept.publish(title="部门通知", column_code="tzgg")
    await dept.publish(title="带标签的部门新闻", tag_codes=[GENRE, OTHER_SUBJECT])
    await dept.publish(title="无关的部门新闻")
    page = (await client.get("/sites/portal/items", params={"column": "yshj"})).json()
    assert sorted(titles(page)) == sorted(["门户自有", "门户放置", "部门通知", "带标签的部门新闻"])


async def test_a_withdrawn_item_disappears_from_every_column_at_once(client, tokens):
    portal = await make_desk(client, tokens)
    await client.put(
        "/sites/portal/columns/tzgg/sources",
        headers=portal.editor,
        json={"sources": [{"site_code": "portal", "column_code": "news"}]},
    )
    item = await portal.publish(title="将被撤回", placements=["bsfw"])
    for column in ("news", "tzgg", "bsfw"):
        page = (await client.get("/sites/portal/items", params={"column": column})).json()
        assert titles(page) == ["将被撤回"], column
    await portal.act(item["id"], "withdraw", reason="信息有误")
    for column in ("news", "tzgg", "bsfw"):
        page = (await client.get("/sites/portal/items", params={"column": column})).json()
        assert titles(page) == [], column


async def test_subtree_lists_include_child_columns(client, tokens):
    portal = await make_desk(client, tokens)
    await portal.publish(**POLICY_FIELDS)
    only = (await client.get("/sites/portal/items", params={"column": "xxgk"})).json()
    assert titles(only) == []
    tree = (
        await client.get("/sites/portal/items", params={"column": "xxgk", "subtree": "true"})
    ).json()
    assert titles(tree) == [POLICY_FIELDS["title"]]


async def test_lists_filter_by_kind_tag_year_and_issuing_body(client, tokens):
    portal = await make_desk(client, tokens)
    await portal.publish(**POLICY_FIELDS)
    await portal.publish(title="医疗新闻", tag_codes=[GENRE, OTHER_SUBJECT])

    async def by(**params: str) -> list[str]:
        return titles((await client.get("/sites/portal/items", params=params)).json())

    assert await by(kind="policy_document") == [POLICY_FIELDS["title"]]
    assert await by(tag=OTHER_SUBJECT) == ["医疗新闻"]
    assert await by(year="2026") == ["医疗新闻", POLICY_FIELDS["title"]]
    assert await by(year="2019") == []
    assert await by(issuing_body="江城市人民政府") == [POLICY_FIELDS["title"]]


async def test_items_sharing_more_tags_rank_higher_among_related(client, tokens):
    portal = await make_desk(client, tokens)
    third = "person.subject.jiaoyu"
    main = await portal.publish(title="主文", tag_codes=[GENRE, SUBJECT, third])
    await portal.publish(title="共享一个", tag_codes=[GENRE, OTHER_SUBJECT])
    await portal.publish(title="共享三个", tag_codes=[GENRE, SUBJECT, third])
    await portal.publish(title="共享两个", tag_codes=[GENRE, SUBJECT])
    view = (await client.get(f"/items/{main['id']}")).json()
    assert [r["title"] for r in view["related"]] == ["共享三个", "共享两个", "共享一个"]
    assert [r["shared_tags"] for r in view["related"]] == [3, 2, 1]


async def test_a_policy_and_its_interpretation_link_both_ways(client, tokens):
    portal = await make_desk(client, tokens)
    policy = await portal.publish(**POLICY_FIELDS)
    reading = await portal.publish(
        column_code="zcjd",
        kind="interpretation",
        title="一图读懂中小企业若干措施",
        links=[{"kind": "interprets", "item_id": policy["id"]}],
    )
    of_reading = (await client.get(f"/items/{reading['id']}")).json()["links"]
    assert [(link["label"], link["item"]["id"]) for link in of_reading] == [
        ("查看原文", policy["id"])
    ]
    of_policy = (await client.get(f"/items/{policy['id']}")).json()["links"]
    assert [(link["label"], link["item"]["id"]) for link in of_policy] == [
        ("查看解读", reading["id"])
    ]


async def test_disclosure_items_get_an_index_number_from_the_site_rule(client, tokens):
    portal = await make_desk(client, tokens)
    first = await portal.publish(**POLICY_FIELDS)
    second = await portal.publish(
        **{**POLICY_FIELDS, "title": "第二份文件", "document_number": "江政发〔2026〕13号"}
    )
    news = await portal.publish()
    assert first["index_number"] == "PORTAL/2026-00001"
    assert second["index_number"] == "PORTAL/2026-00002"
    assert news["index_number"] is None
    view = (await client.get(f"/items/{first['id']}")).json()
    assert view["disclosure"]["topic_name"] == "工业、交通"
    assert view["disclosure"]["document_number"] == "江政发〔2026〕12号"


async def test_the_disclosure_catalogue_counts_by_topic_and_by_body(client, tokens):
    portal = await make_desk(client, tokens)
    await portal.publish(**POLICY_FIELDS)
    await portal.publish(
        **{
            **POLICY_FIELDS,
            "title": "另一份",
            "issuing_body": "江城市发展和改革委员会",
            "topic": "02",
            "document_number": "江发改〔2026〕3号",
        }
    )
    await portal.publish()  # news is not part of the catalogue
    topics = (await client.get("/sites/portal/catalogue", params={"by": "topic"})).json()
    assert {(e["name"], e["count"]) for e in topics} == {
        ("工业、交通", 1),
        ("国民经济管理、国有资产监管", 1),
    }
    bodies = (await client.get("/sites/portal/catalogue", params={"by": "issuing_body"})).json()
    assert {e["key"] for e in bodies} == {"江城市人民政府", "江城市发展和改革委员会"}


async def test_public_reads_carry_an_etag_and_answer_304_when_unchanged(client, tokens):
    portal = await make_desk(client, tokens)
    item = await portal.publish()
    r = await client.get(f"/sites/portal/items/{item['id']}")
    assert r.status_code == 200 and r.headers["etag"] and r.headers["last-modified"]
    again = await client.get(
        f"/sites/portal/items/{item['id']}", headers={"If-None-Match": r.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


async def test_publishing_clears_the_cached_lists(client, tokens):
    portal = await make_desk(client, tokens)
    await portal.publish(title="第一条")
    assert titles((await client.get("/sites/portal/latest")).json()) == ["第一条"]
    await portal.publish(title="第二条")
    assert titles((await client.get("/sites/portal/latest")).json()) == ["第二条", "第一条"]


async def test_an_item_is_not_served_under_another_site(client, tokens):
    portal = await make_desk(client, tokens)
    await make_desk(client, tokens, site="xc")
    item = await portal.publish()
    assert (await client.get(f"/sites/xc/items/{item['id']}")).status_code == 404


async def test_a_list_pages_by_number_with_its_total_the_way_government_sites_show_it(
    client, tokens
):
    portal = await make_desk(client, tokens)
    for n in range(5):
        await portal.publish(title=f"通知第{n + 1}条", column_code="tzgg")
    first = (await client.get("/sites/portal/items", params={"column": "tzgg", "limit": 2})).json()
    assert first["total"] is None and first["page"] is None  # cursor paging says no total
    numbered = {"column": "tzgg", "limit": 2}
    pages = [
        (await client.get("/sites/portal/items", params={**numbered, "page": p})).json()
        for p in (1, 2, 3, 4)
    ]
    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert [titles(p) for p in pages] == [
        ["通知第5条", "通知第4条"],
        ["通知第3条", "通知第2条"],
        ["通知第1条"],
        [],
    ]
    assert all(p["next_cursor"] is None for p in pages)


async def test_a_page_number_out_of_range_is_422(client, tokens):
    for page in ("0", "-1", "10001", "abc"):
        r = await client.get("/sites/portal/items", params={"page": page})
        assert r.status_code == 422, page
        assert r.headers["content-type"].startswith("application/problem+json")
