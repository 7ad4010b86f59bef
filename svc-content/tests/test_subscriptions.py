"""千人千网: following tags and columns, and the feed of 猜你想看 / 猜你想问 / 猜你想办."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from content_support import GENRE, SUBJECT, Desk, make_desk
from sqlalchemy import select

from content.tags.models import Tag

HEALTH = "person.subject.yiliao"  # 医疗 (主题)


def user(tokens: Any, subject: str = "citizen-1") -> dict[str, str]:
    return tokens.bearer(tokens.issue(subject, kind="citizen", name="张三"))


async def follow(
    client: Any,
    who: dict[str, str],
    tags: Sequence[str] = (),
    columns: Sequence[tuple[str, str]] = (),
) -> Any:
    body = {"tags": list(tags), "columns": [{"site_code": s, "column_code": c} for s, c in columns]}
    return await client.put("/subscriptions/me", json=body, headers=who)


async def feed(client: Any, who: dict[str, str], **params: Any) -> dict[str, Any]:
    r = await client.get("/feed/me", params=params, headers=who)
    assert r.status_code == 200, r.text
    return r.json()


def titles(body: dict[str, Any]) -> dict[str, list[str]]:
    return {g["key"]: [i["title"] for i in g["items"]] for g in body["groups"]}


async def publish(desk: Desk, title: str, **fields: Any) -> str:
    return str((await desk.publish(title=title, **fields))["id"])


async def test_a_user_follows_tags_and_columns(client, tokens):
    desk = await make_desk(client, tokens)
    who = user(tokens)
    r = await follow(client, who, [SUBJECT, SUBJECT], [(desk.site, "tzgg")])
    assert r.status_code == 200, r.text
    mine = (await client.get("/subscriptions/me", headers=who)).json()
    assert [t["code"] for t in mine["tags"]] == [SUBJECT] and mine["tags"][0]["name"] == "住房"
    assert mine["columns"] == [{"site_code": "portal", "column_code": "tzgg", "name": "通知公告"}]
    assert mine["limit"] == 50
    other = (await client.get("/subscriptions/me", headers=user(tokens, "citizen-2"))).json()
    assert other["tags"] == [] and other["columns"] == []


async def test_following_needs_a_login(client, tokens):
    await make_desk(client, tokens)
    r = await client.put("/subscriptions/me", json={"tags": [SUBJECT]})
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


async def test_an_unknown_tag_cannot_be_followed(client, tokens):
    await make_desk(client, tokens)
    who = user(tokens)
    await follow(client, who, [SUBJECT])
    r = await follow(client, who, [HEALTH, "person.subject.nonexistent"])
    assert r.status_code == 422 and r.json()["code"] == "unknown_tag"
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "person.subject.nonexistent" in r.json()["detail"]
    assert [
        t["code"] for t in (await client.get("/subscriptions/me", headers=who)).json()["tags"]
    ] == [SUBJECT]


async def test_an_unknown_column_cannot_be_followed(client, tokens):
    desk = await make_desk(client, tokens)
    who = user(tokens)
    r = await follow(client, who, columns=[(desk.site, "no-such-column")])
    assert r.status_code == 422 and r.json()["code"] == "unknown_column"
    assert (await client.get("/subscriptions/me", headers=who)).json()["columns"] == []


async def test_at_most_fifty_tags_and_columns_are_followed(client, tokens):
    desk = await make_desk(client, tokens)
    async with client._transport.app.state.db.transaction() as session:
        codes = list(
            (
                await session.scalars(
                    select(Tag.code).where(Tag.active).order_by(Tag.code).limit(50)
                )
            ).all()
        )
    who = user(tokens)
    assert (await follow(client, who, codes)).status_code == 200
    r = await follow(client, who, codes[:49], [(desk.site, "news"), (desk.site, "tzgg")])
    assert r.status_code == 422 and r.json()["code"] == "too_many_follows"
    mine = (await client.get("/subscriptions/me", headers=who)).json()
    assert len(mine["tags"]) == 50 and mine["columns"] == []


async def test_the_feed_groups_followed_items_into_read_ask_and_do(client, tokens):
    desk = await make_desk(client, tokens)
    await publish(desk, "住房保障新闻")
    await publish(desk, "医疗新闻", tag_codes=[GENRE, HEALTH])
    await publish(desk, "公租房怎么申请？", kind="qa")
    await publish(
        desk,
        "公租房申请",
        kind="service",
        column_code="bsfw",
        fields={"where": "江城市政务服务中心"},
    )
    who = user(tokens)
    await follow(client, who, [SUBJECT])
    body = await feed(client, who)
    assert body["personalised"] is True
    assert [(g["key"], g["label"]) for g in body["groups"]] == [
        ("read", "猜你想看"),
        ("ask", "猜你想问"),
        ("do", "猜你想办"),
    ]
    assert titles(body) == {
        "read": ["住房保障新闻"],
        "ask": ["公租房怎么申请？"],
        "do": ["公租房申请"],
    }


async def test_a_followed_column_brings_its_subcolumns_and_what_it_aggregates(client, tokens):
    desk = await make_desk(client, tokens)
    r = await client.put(
        f"/sites/{desk.site}/columns/tzgg/sources",
        json={"sources": [{"tag_code": HEALTH}]},
        headers=desk.editor,
    )
    assert r.status_code == 200, r.text
    await publish(desk, "停水通知", kind="notice", column_code="tzgg", tag_codes=[GENRE, HEALTH])
    await publish(desk, "医保新闻", tag_codes=[GENRE, HEALTH])  # in news, aggregated by tag
    await publish(desk, "住房新闻")  # neither
    await publish(desk, "政策解读一则", kind="interpretation", column_code="zcjd")  # under xxgk
    who = user(tokens)
    await follow(client, who, columns=[(desk.site, "tzgg"), (desk.site, "xxgk")])
    assert titles(await feed(client, who))["read"] == ["政策解读一则", "医保新闻", "停水通知"]


async def test_the_feed_is_newest_first_and_bounded_per_group(client, tokens):
    desk = await make_desk(client, tokens)
    for n in range(3):
        await publish(desk, f"住房新闻{n + 1}")
    who = user(tokens)
    await follow(client, who, [SUBJECT])
    assert titles(await feed(client, who, limit=2))["read"] == ["住房新闻3", "住房新闻2"]
    for limit in (0, 21):
        r = await client.get("/feed/me", params={"limit": limit}, headers=who)
        assert r.status_code == 422 and r.json()["code"] == "validation_failed"


async def test_withdrawn_items_leave_the_feed(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await publish(desk, "住房新闻")
    who = user(tokens)
    await follow(client, who, [SUBJECT])
    assert (await desk.act(item_id, "withdraw", reason="内容有误")).status_code == 200
    assert titles(await feed(client, who))["read"] == []


async def test_without_follows_the_feed_shows_the_sites_latest_items(client, tokens):
    desk = await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="lianxi")
    await publish(desk, "门户新闻")
    await publish(other, "区县新闻")
    who = user(tokens)
    body = await feed(client, who, site="portal")
    assert body["personalised"] is False and "还没有关注" in body["note"]
    assert titles(body)["read"] == ["门户新闻"]
    body = await feed(client, who)
    assert body["personalised"] is False and all(g["items"] == [] for g in body["groups"])
    r = await client.get("/feed/me", params={"site": "nowhere"}, headers=who)
    assert r.status_code == 404 and r.json()["code"] == "site_not_found"
