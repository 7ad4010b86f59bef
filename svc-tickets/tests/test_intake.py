"""受理: channels, kinds, numbers, Idempotency-Key, duplicates, photos and bad input."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from tickets_support import GAS, app_of, insert_rows, ticket_row

from govkit.events.tables import outbox
from tickets.clock import now as clock_now
from tickets.tickets.models import Ticket

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def count_tickets(client) -> int:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Ticket)) or 0)


@pytest.mark.parametrize(
    "channel", ["phone", "email", "sms", "qq", "wechat", "weibo", "fax", "web"]
)
async def test_every_channel_is_accepted(desk, channel):
    t = await desk.submit(desk.dispatcher, channel=channel)
    assert t["channel"] == channel
    assert t["state"] == "received" and t["state_name"] == "已受理"


@pytest.mark.parametrize(
    "kind", ["consultation", "help", "complaint", "report", "suggestion", "other"]
)
async def test_every_kind_is_accepted(desk, kind):
    assert (await desk.submit(kind=kind))["kind"] == kind


async def test_numbers_are_readable_unique_and_count_up_per_day(desk):
    first = await desk.submit()
    second = await desk.submit(
        title="另一件事情需要反映", content="路灯不亮已经一周了，晚上很不安全。"
    )
    pattern = re.compile(r"^12345-\d{8}-\d{6}$")
    assert pattern.match(first["number"]) and pattern.match(second["number"])
    assert int(second["number"][-6:]) == int(first["number"][-6:]) + 1


async def test_the_same_idempotency_key_never_makes_two_tickets(desk, client):
    body = {
        "channel": "phone",
        "kind": "help",
        "title": "求助：老人走失",
        "content": "家中老人早上出门至今未归，请求帮助寻找。",
    }
    headers = {**desk.dispatcher, "Idempotency-Key": "callcentre-7f3a9c21"}
    first = await client.post("/tickets", json=body, headers=headers)
    again = await client.post("/tickets", json=body, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert await count_tickets(client) == 1


async def test_concurrent_retries_with_one_key_make_one_ticket(desk, client):
    body = {
        "channel": "wechat",
        "kind": "complaint",
        "title": "噪音扰民",
        "content": "工地夜间施工噪音很大，影响休息。",
    }
    headers = {**desk.dispatcher, "Idempotency-Key": "wechat-msg-000001"}
    answers = await asyncio.gather(
        *[client.post("/tickets", json=body, headers=headers) for _ in range(5)]
    )
    assert {r.status_code for r in answers} <= {200, 201, 409}
    assert await count_tickets(client) == 1
    assert len({r.json()["id"] for r in answers if r.status_code in (200, 201)}) == 1


async def test_an_idempotency_key_reused_for_another_request_is_422(desk, client):
    headers = {**desk.dispatcher, "Idempotency-Key": "reused-key-0001"}
    base = {
        "channel": "phone",
        "kind": "help",
        "title": "第一件事",
        "content": "第一件事情的详细内容。",
    }
    assert (await client.post("/tickets", json=base, headers=headers)).status_code == 201
    r = await client.post("/tickets", json={**base, "title": "第二件事"}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert await count_tickets(client) == 1


async def test_near_identical_text_is_flagged_as_a_possible_duplicate(desk):
    first = await desk.submit()
    again = await desk.submit(
        desk.citizen("citizen-2"),
        content="东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天了，请尽快处理！",
    )
    other = await desk.submit(
        title="学校门口交通拥堵", content="每天早上七点半学校门口车辆乱停，造成严重拥堵。"
    )
    assert first["number"] in again["duplicate_of"]
    assert other["duplicate_of"] == []


async def test_the_same_text_a_week_ago_is_not_a_duplicate(desk, client):
    content = "东街幸福社区3栋楼下燃气管道有明显气味，已经持续两天，请尽快处理。"
    old = ticket_row(at=clock_now() - timedelta(days=8), title="燃气泄漏", content=content)
    await insert_rows(client, old)
    t = await desk.submit(title="燃气泄漏", content=content)
    assert t["duplicate_of"] == []


async def test_the_created_event_carries_the_number_and_no_caller_data(desk, client):
    t = await desk.submit(citizen_name="张三", citizen_phone="13912345678")
    async with app_of(client).state.db.sessionmaker() as session:
        envelope = await session.scalar(
            select(outbox.c.envelope).where(outbox.c.type == "tickets.ticket.created.v1")
        )
    assert envelope["subject"] == f"ticket/{t['id']}"
    assert envelope["data"]["number"] == t["number"]
    assert "13912345678" not in str(envelope) and "张三" not in str(envelope)


async def test_a_rejected_intake_takes_no_number(desk, client):
    first = await desk.submit()
    body = {"channel": "web", "kind": "complaint", "title": "标题", "content": "内容足够长的诉求。"}
    r = await client.post("/tickets", json={**body, "area_code": "nowhere"}, headers=desk.citizen())
    assert r.status_code == 422
    second = await desk.submit(title="另一件事", content="路灯不亮已经一周了，晚上很不安全。")
    assert int(second["number"][-6:]) == int(first["number"][-6:]) + 1


async def test_same_category_reported_nearby_is_flagged_far_away_is_not(desk):
    here = {"longitude": 114.0001, "latitude": 30.0001, "address": "东街幸福社区"}
    first = await desk.submit(
        category=GAS, location=here, title="井盖缺失", content="路口井盖丢失，非常危险。"
    )
    near = await desk.submit(
        category=GAS,
        location={"longitude": 114.0010, "latitude": 30.0005},
        title="有燃气味道",
        content="早上路过闻到很重的煤气味，不知道哪里泄漏。",
    )
    far = await desk.submit(
        category=GAS,
        location={"longitude": 114.05, "latitude": 30.05},
        title="有燃气味道",
        content="晚上在公园附近闻到燃气味，担心泄漏。",
    )
    assert first["number"] in near["duplicate_of"]
    assert first["number"] not in far["duplicate_of"]


async def test_a_citizen_report_carries_location_and_photos(desk, client):
    t = await desk.submit(location={"longitude": 114.3, "latitude": 30.6, "address": "东街18号"})
    assert (t["longitude"], t["latitude"], t["address"]) == (114.3, 30.6, "东街18号")
    r = await client.post(
        f"/tickets/{t['id']}/photos",
        files={"file": ("a.png", PNG, "image/png")},
        headers=desk.citizen(),
    )
    assert r.status_code == 201, r.text
    detail = (await client.get(f"/tickets/{t['id']}", headers=desk.citizen())).json()
    assert detail["photos"] == [r.json()["id"]]
    img = await client.get(f"/tickets/{t['id']}/photos/{r.json()['id']}", headers=desk.dispatcher)
    assert img.content == PNG and img.headers["content-type"] == "image/png"


async def test_a_non_image_photo_is_415_and_nothing_is_stored(desk, client):
    t = await desk.submit()
    r = await client.post(
        f"/tickets/{t['id']}/photos",
        files={"file": ("a.png", b"<script>alert(1)</script>", "image/png")},
        headers=desk.citizen(),
    )
    assert r.status_code == 415 and r.json()["code"] == "not_an_image"
    assert (await client.get(f"/tickets/{t['id']}", headers=desk.citizen())).json()["photos"] == []


async def test_an_oversized_photo_is_413(desk, client):
    t = await desk.submit()
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    r = await client.post(
        f"/tickets/{t['id']}/photos",
        files={"file": ("a.png", big, "image/png")},
        headers=desk.citizen(),
    )
    assert r.status_code == 413
    assert r.json()["code"] in ("photo_too_large", "payload_too_large")


async def test_someone_elses_ticket_takes_no_photos(desk, client):
    t = await desk.submit()
    r = await client.post(
        f"/tickets/{t['id']}/photos",
        files={"file": ("a.png", PNG, "image/png")},
        headers=desk.citizen("other"),
    )
    assert r.status_code == 403


async def test_a_photo_on_a_ticket_out_of_scope_answers_like_a_missing_one(desk, client):
    t = await desk.submit()
    photo = await client.post(
        f"/tickets/{t['id']}/photos",
        files={"file": ("a.png", PNG, "image/png")},
        headers=desk.citizen(),
    )
    other = desk.citizen("other")
    real = await client.get(f"/tickets/{t['id']}/photos/{photo.json()['id']}", headers=other)
    made_up = await client.get(f"/tickets/{t['id']}/photos/{uuid.uuid4()}", headers=other)
    assert real.status_code == made_up.status_code == 403
    assert real.json()["code"] == made_up.json()["code"] == "outside_scope"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"category": "99.99"}, "unknown_category"),
        ({"area_code": "nowhere"}, "unknown_unit"),
        ({"location": {"longitude": 200, "latitude": 30}}, "validation_failed"),
        ({"location": {"longitude": 114, "latitude": -91}}, "validation_failed"),
        ({"channel": "telegram"}, "validation_failed"),
        ({"kind": "praise"}, "validation_failed"),
        ({"title": ""}, "validation_failed"),
        ({"content": "x" * 5001}, "validation_failed"),
        ({"citizen_phone": "12345"}, "validation_failed"),
        ({"extra_field": 1}, "validation_failed"),
    ],
)
async def test_bad_intake_is_422_in_chinese_and_creates_nothing(desk, client, fields, code):
    body = {
        "channel": "web",
        "kind": "complaint",
        "title": "标题",
        "content": "内容足够长的诉求。",
        **fields,
    }
    r = await client.post("/tickets", json=body, headers=desk.citizen())
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code
    assert await count_tickets(client) == 0


async def test_submitting_needs_a_login(desk, client):
    body = {"channel": "web", "kind": "complaint", "title": "标题", "content": "内容足够长的诉求。"}
    assert (await client.post("/tickets", json=body)).status_code == 401


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "路灯\u0000不亮"}, "title"),
        ({"content": "路灯坏了一周\u0000请尽快维修"}, "content"),
        ({"citizen_name": "张\u0000三"}, "citizen_name"),
        ({"area_code": "xc-01\u0000"}, "area_code"),
        (
            {"location": {"longitude": 114, "latitude": 30, "address": "东街\u0000"}},
            "location.address",
        ),
        ({"title": "路灯\ud800不亮"}, "title"),  # a lone surrogate has no UTF-8 form
    ],
)
async def test_text_the_database_cannot_store_is_422_naming_the_field(desk, client, fields, field):
    # The intake writes with hand-written SQL: this was a 500 from the driver (issue 15).
    body = {"channel": "web", "kind": "complaint", "title": "标题", "content": "内容足够长的诉求。"}
    raw = json.dumps({**body, **fields}).encode()  # ensure_ascii: the lone surrogate survives
    headers = {**desk.citizen(), "content-type": "application/json"}
    r = await client.post("/tickets", content=raw, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation_failed"
    assert [e["field"] for e in r.json()["errors"]] == [field]
    assert await count_tickets(client) == 0


async def test_a_long_message_is_classified_off_the_event_loop(desk, monkeypatch):
    import threading

    from tickets.tickets import submission

    threads: list[threading.Thread] = []

    def record(app, title, content):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return None

    monkeypatch.setattr(submission, "suggest_category_code", record)
    await desk.submit(content="短诉求内容足够长")
    await desk.submit(content="路灯不亮。" * 400)  # 2,000 characters
    assert threads[0] is threading.main_thread()
    assert threads[1] is not threading.main_thread()


async def test_an_enterprise_files_its_own_request_and_sees_only_its_own(desk, client, tokens):
    """企业诉求: an enterprise account writes like a citizen, and sees, rates and reopens
    only what it wrote."""
    firm = tokens.bearer(tokens.enterprise("91350100MA2XXXXX1A", subject="ent-a"))
    other = tokens.bearer(tokens.enterprise("91350100MA2YYYYY2B", subject="ent-b"))
    mine = await desk.submit(headers=firm, kind="help", title="企业用电增容办理进度咨询")
    await desk.submit()  # a citizen's letter
    listed = (await client.get("/tickets", headers=firm)).json()
    assert [t["id"] for t in listed["items"]] == [mine["id"]]
    assert (await client.get(f"/tickets/{mine['id']}", headers=firm)).status_code == 200
    assert (await client.get(f"/tickets/{mine['id']}", headers=other)).status_code == 403
    assert (await client.get("/tickets", headers=other)).json()["items"] == []


async def test_a_form_may_send_the_chinese_labels_of_kind_and_channel(desk, client):
    ticket = await desk.submit(kind="咨询", channel="网站")
    assert ticket["kind"] == "consultation" and ticket["channel"] == "web"
    wrong = await client.post(
        "/tickets",
        json={
            "channel": "web",
            "kind": "问问",
            "title": "标题两字",
            "content": "内容足够长的诉求。",
        },
        headers=desk.citizen(),
    )
    assert wrong.status_code == 422
    message = wrong.json()["errors"][0]["message"]
    assert "consultation（咨询）" in message and "other（其他）" in message


async def test_the_caller_sees_what_they_may_do_and_not_who_acted_inside(desk, client):
    ticket = await desk.replied()
    mine = (await client.get(f"/tickets/{ticket['id']}", headers=desk.citizen())).json()
    assert mine["available_actions"] == ["rate", "reopen"]
    assert mine["kind_name"] == "投诉" and mine["state_name"] == "已答复"
    assert mine["unit_name"]  # the answering unit by name, not its code only
    assert {step["actor"] for step in mine["timeline"]} == {""}
    staff = (await client.get(f"/tickets/{ticket['id']}", headers=desk.dispatcher)).json()
    assert staff["available_actions"] == ["rate", "reopen", "close"]  # 回访 by phone too
    assert any(step["actor"] for step in staff["timeline"])
