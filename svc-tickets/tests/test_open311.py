"""Open311 GeoReport v2: services, definitions, requests in and out, tokens, both formats,
and every refusal in the spec's own error shape with nothing created."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select, update
from tickets_support import GAS, app_of

from tickets.clock import CHINA
from tickets.tickets.models import Ticket, TimelineEntry

GAS_SERVICE = "01.02"  # 城乡建设 / 城市建设和市政管理 (GAS's level-2 parent)
PHONE = "13912345678"
FORM = {
    "service_code": GAS_SERVICE,
    "lat": "37.8702",
    "long": "112.5489",
    "address_string": "东街幸福社区3栋",
    "description": "楼下燃气管道有明显气味，已经持续两天，请尽快处理。",
    "first_name": "三",
    "last_name": "张",
    "phone": PHONE,
    "email": "zhangsan@example.com",
}


def partner(desk, scope: str = "tickets:write") -> dict[str, str]:  # type: ignore[no-untyped-def]
    token = desk.tokens.issue("apikey:partner-1", kind="partner", scope=scope, org="city")
    return desk.tokens.bearer(token)  # type: ignore[no-any-return]


async def post(client, headers, fmt: str = "json", **fields: Any):  # type: ignore[no-untyped-def]
    body = {**FORM, **fields}
    body = {k: v for k, v in body.items() if v is not None}
    return await client.post(f"/open311/v2/requests.{fmt}", data=body, headers=headers)


async def count_tickets(client) -> int:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Ticket)) or 0)


async def stored(client, number: str) -> Ticket:  # type: ignore[no-untyped-def]
    async with app_of(client).state.db.sessionmaker() as session:
        ticket = await session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        return ticket


def assert_open311_error(r, status: int, fragment: str = "") -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    body = r.json()
    assert isinstance(body, list) and len(body) == 1
    assert body[0]["code"] == status and fragment in body[0]["description"]


# Services


async def test_services_are_level_two_categories_grouped_by_level_one(client):
    r = await client.get("/open311/v2/services.json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    services = r.json()
    assert len(services) == 118
    gas = next(s for s in services if s["service_code"] == GAS_SERVICE)
    assert gas == {
        "service_code": GAS_SERVICE,
        "service_name": "城市建设和市政管理",
        "description": "城乡建设 / 城市建设和市政管理",
        "metadata": True,
        "type": "realtime",
        "keywords": gas["keywords"],
        "group": "城乡建设",
    }
    assert "燃气供应" in gas["keywords"].split(",")


async def test_services_in_xml_have_the_declaration_and_spec_elements(client):
    r = await client.get("/open311/v2/services.xml")
    assert r.headers["content-type"] == "text/xml; charset=utf-8"
    assert r.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = ElementTree.fromstring(r.content)
    assert root.tag == "services"
    first = root.find("service")
    assert first is not None
    assert [c.tag for c in first] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert first.findtext("metadata") == "true" and first.findtext("type") == "realtime"


async def test_service_definition_offers_kind_subcategory_and_channel(client):
    r = await client.get(f"/open311/v2/services/{GAS_SERVICE}.json")
    assert r.status_code == 200
    definition = r.json()
    assert definition["service_code"] == GAS_SERVICE
    by_code = {a["code"]: a for a in definition["attributes"]}
    assert list(by_code) == ["kind", "subcategory", "channel"]
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3]
    for a in definition["attributes"]:
        assert a["datatype"] == "singlevaluelist" and a["required"] is False
        assert a["variable"] is True
    assert {"key": "complaint", "name": "投诉"} in by_code["kind"]["values"]
    assert {"key": GAS, "name": "燃气供应"} in by_code["subcategory"]["values"]
    xml = await client.get(f"/open311/v2/services/{GAS_SERVICE}.xml")
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key") is not None


@pytest.mark.parametrize("code", ["99.99", "01", GAS, "nonsense"])
async def test_unknown_service_definition_is_404_in_spec_format(client, code):
    assert_open311_error(await client.get(f"/open311/v2/services/{code}.json"), 404, "service_code")


async def test_errors_in_xml_are_an_errors_document(client):
    r = await client.get("/open311/v2/services/99.99.xml")
    assert r.status_code == 404 and r.headers["content-type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(r.content)
    assert root.tag == "errors" and root.findtext("error/code") == "404"
    assert "service_code" in (root.findtext("error/description") or "")


async def test_discovery_names_the_spec_and_formats(client):
    body = (await client.get("/open311/v2/discovery.json")).json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["application/json", "text/xml"]


# POST requests


async def test_a_partner_request_becomes_a_ticket_through_intake(client, desk):
    r = await post(client, partner(desk))
    assert r.status_code == 200, r.text
    [created] = r.json()
    assert set(created) == {"service_request_id", "token", "service_notice", "account_id"}
    assert re.match(r"^12345-\d{8}-\d{6}$", created["service_request_id"])
    assert created["account_id"] is None and "3 个工作日" in created["service_notice"]
    ticket = await stored(client, created["service_request_id"])
    assert str(ticket.id) == created["token"]
    assert (ticket.channel, ticket.kind, ticket.category) == ("web", "help", GAS_SERVICE)
    assert (ticket.citizen_name, ticket.citizen_phone) == ("张三", PHONE)
    assert (ticket.latitude, ticket.longitude, ticket.address) == (
        37.8702,
        112.5489,
        "东街幸福社区3栋",
    )
    assert ticket.title == "楼下燃气管道有明显气味，已经持续两天，请尽快处理。"
    assert ticket.state == "received"


async def test_attributes_set_kind_subcategory_and_channel(client, desk):
    r = await post(
        client,
        partner(desk),
        **{
            "attribute[kind]": "complaint",
            "attribute[subcategory]": GAS,
            "attribute[channel]": "wechat",
        },
    )
    ticket = await stored(client, r.json()[0]["service_request_id"])
    assert (ticket.kind, ticket.category, ticket.channel) == ("complaint", GAS, "wechat")


async def test_email_and_media_url_are_kept_on_the_intake_step_for_staff(client, desk):
    r = await post(client, partner(desk), media_url="https://partner.example.com/p/1.jpg")
    number = r.json()[0]["service_request_id"]
    ticket = await stored(client, number)
    detail = (await client.get(f"/tickets/{ticket.id}", headers=desk.dispatcher)).json()
    assert detail["timeline"][0]["data"]["open311"] == {
        "api": "GeoReport v2",
        "email": "zhangsan@example.com",
        "media_url": "https://partner.example.com/p/1.jpg",
    }


async def test_description_is_optional_and_an_address_alone_locates(client, desk):
    r = await post(client, partner(desk), description=None, lat=None, long=None)
    assert r.status_code == 200, r.text
    ticket = await stored(client, r.json()[0]["service_request_id"])
    assert ticket.address == "东街幸福社区3栋" and ticket.latitude is None
    assert ticket.title == "城市建设和市政管理" and "东街幸福社区3栋" in ticket.content


async def test_the_same_idempotency_key_never_makes_two_tickets(client, desk):
    headers = {**partner(desk), "Idempotency-Key": "partner-retry-0001"}
    first = await post(client, headers)
    again = await post(client, headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert await count_tickets(client) == 1


async def test_an_idempotency_key_reused_for_another_request_is_400(client, desk):
    headers = {**partner(desk), "Idempotency-Key": "partner-retry-0002"}
    assert (await post(client, headers)).status_code == 200
    r = await post(client, headers, description="另一件事：路灯不亮已经一周了。")
    assert_open311_error(r, 400, "Idempotency-Key")
    assert await count_tickets(client) == 1


async def test_xml_post_answers_service_requests(client, desk):
    r = await post(client, partner(desk), fmt="xml")
    root = ElementTree.fromstring(r.content)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id", "").startswith("12345-")


async def test_a_named_jurisdiction_must_be_ours(client, desk):
    ok = await post(client, partner(desk), jurisdiction_id="jiangcheng.gov.cn")
    assert ok.status_code == 200
    wrong = await post(client, partner(desk), jurisdiction_id="elsewhere.gov.cn")
    assert_open311_error(wrong, 404, "jurisdiction_id")
    assert await count_tickets(client) == 1


async def test_post_without_api_key_is_403_and_creates_nothing(client, desk):
    assert_open311_error(await post(client, {}), 403, "api_key")
    assert await count_tickets(client) == 0


@pytest.mark.parametrize("who", ["citizen", "dispatcher", "bad_token", "no_scope"])
async def test_only_a_partner_key_with_write_scope_may_post(client, desk, who):
    headers = {
        "citizen": desk.citizen(),
        "dispatcher": desk.dispatcher,
        "bad_token": {"Authorization": "Bearer not-a-token"},
        "no_scope": partner(desk, scope="tickets:read"),
    }[who]
    r = await post(client, headers)
    assert_open311_error(r, 403)
    assert await count_tickets(client) == 0


BAD_FIELDS: list[tuple[dict[str, Any], str]] = [
    ({"service_code": None}, "service_code"),
    ({"service_code": "99.99"}, "service_code"),
    ({"service_code": GAS}, "service_code"),  # level 3 is an attribute, not a service
    ({"lat": "91"}, "lat"),
    ({"long": "-181"}, "long"),
    ({"lat": "north"}, "lat"),
    ({"lat": "nan"}, "lat"),
    ({"long": None}, "lat"),
    ({"lat": None, "long": None, "address_string": None}, "位置"),
    ({"lat": None, "long": None, "address_string": None, "address_id": "A-1"}, "address_id"),
    ({"attribute[kind]": "praise"}, "attribute[kind]"),
    ({"attribute[subcategory]": "02.01.01"}, "attribute[subcategory]"),
    ({"phone": "12345"}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"description": "长" * 4001}, "description"),
    ({"description": "燃气\x00泄漏"}, "description"),
]


@pytest.mark.parametrize(("fields", "fragment"), BAD_FIELDS)
async def test_bad_fields_are_400_in_spec_format_and_create_nothing(client, desk, fields, fragment):
    r = await post(client, partner(desk), **fields)
    assert_open311_error(r, 400, fragment)
    assert await count_tickets(client) == 0


async def test_json_body_is_refused_since_the_spec_posts_a_form(client, desk):
    r = await client.post("/open311/v2/requests.json", json=FORM, headers=partner(desk))
    assert_open311_error(r, 400, "x-www-form-urlencoded")
    assert await count_tickets(client) == 0


async def test_a_short_idempotency_key_is_400(client, desk):
    r = await post(client, {**partner(desk), "Idempotency-Key": "short"})
    assert_open311_error(r, 400)
    assert await count_tickets(client) == 0


# GET requests


async def handled(desk, **fields: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A ticket (with the caller's name and phone) dispatched, answered by the unit."""
    return await desk.replied(**fields)


async def test_a_request_reads_with_the_standard_fields_and_no_caller_data(client, desk):
    t = await handled(
        desk,
        content="我叫张三，电话13800138000，东街幸福社区3栋楼下燃气管道有明显气味。",
        location={"longitude": 112.548912, "latitude": 37.870234, "address": "东街幸福社区3栋"},
    )
    r = await client.get(f"/open311/v2/requests/{t['number']}.json")
    assert r.status_code == 200
    [request] = r.json()
    assert list(request) == [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]
    assert request["service_request_id"] == t["number"]
    assert request["status"] == "closed"  # answered
    assert request["service_code"] == GAS_SERVICE
    assert request["service_name"] == "城市建设和市政管理"
    assert request["agency_responsible"] == "东街街道"
    assert (request["lat"], request["long"]) == (37.87, 112.549)
    assert request["expected_datetime"].endswith("T23:59:59+08:00")
    assert request["requested_datetime"].endswith("+08:00")
    # Nothing the caller wrote is public before the two-person review of 留言公开.
    assert request["description"] is None and request["address"] is None
    assert request["status_notes"] == "已答复"
    text = r.text
    assert "13800138000" not in text and "张三" not in text
    assert "13800138000" not in (await client.get("/open311/v2/requests.json")).text


async def test_personal_data_from_a_partner_never_comes_back(client, desk):
    r = await post(client, partner(desk), description="我是张三，手机13700137000，燃气泄漏。")
    number = r.json()[0]["service_request_id"]
    out = (await client.get(f"/open311/v2/requests/{number}.json")).text
    for secret in ("13700137000", PHONE, "zhangsan@example.com", "张三"):
        assert secret not in out
    assert (await client.get(f"/open311/v2/requests/{number}.json")).json()[0]["status"] == "open"


async def disclose(client, desk, ticket: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    r = await client.post(f"/tickets/{ticket['id']}/disclosure", headers=desk.dispatcher)
    assert r.status_code == 201, r.text
    r = await client.post(f"/disclosures/{r.json()['id']}/publish", headers=desk.supervisor)
    assert r.status_code == 200, r.text


async def test_description_and_reply_are_public_only_once_the_disclosure_is_published(client, desk):
    t = await handled(
        desk, content="高峰反映：燃气管道漏气，回电0351-7654321。", citizen_name="高峰"
    )
    url = f"/open311/v2/requests/{t['number']}.json"
    [before] = (await client.get(url)).json()
    assert before["description"] is None and before["status_notes"] == "已答复"
    await disclose(client, desk, t)
    [after] = (await client.get(url)).json()
    # The reviewed, masked copy: the caller's own name (known to the ticket) and number gone.
    assert "高峰" not in after["description"] and "高某反映" in after["description"]
    assert "7654321" not in after["description"]
    assert after["status_notes"] == "已联系燃气公司上门检修，漏点已修复。"
    listed = (await client.get("/open311/v2/requests.json")).json()
    assert [r["description"] for r in listed] == [after["description"]]


async def test_a_long_description_is_cut_to_georeport_limit(client, desk):
    t = await handled(desk, content="燃气管道漏气。" + "楼下气味很重，" * 700)
    await disclose(client, desk, t)
    [request] = (await client.get(f"/open311/v2/requests/{t['number']}.json")).json()
    assert len(request["description"]) == 4000 and request["description"].endswith("…")
    root = ElementTree.fromstring(
        (await client.get(f"/open311/v2/requests/{t['number']}.xml")).content
    )
    assert len(root.findtext("request/description") or "") == 4000


async def test_media_url_given_by_the_partner_is_not_public(client, desk):
    url = "https://partner.example.com/p/2.jpg"
    r = await post(client, partner(desk), media_url=url)
    number = r.json()[0]["service_request_id"]
    [request] = (await client.get(f"/open311/v2/requests/{number}.json")).json()
    assert request["media_url"] is None and request["agency_responsible"] is None


async def test_status_maps_open_and_closed_and_filters(client, desk):
    answered = await handled(desk)
    waiting = await desk.assigned()
    closed = (await client.get("/open311/v2/requests.json?status=closed")).json()
    open_ = (await client.get("/open311/v2/requests.json?status=open")).json()
    both = (await client.get("/open311/v2/requests.json?status=open,closed")).json()
    assert [r["service_request_id"] for r in closed] == [answered["number"]]
    assert [r["service_request_id"] for r in open_] == [waiting["number"]]
    assert {r["service_request_id"] for r in both} == {answered["number"], waiting["number"]}
    assert closed[0]["status_notes"] == "已答复"  # the reply itself only once disclosed
    assert open_[0]["status_notes"] == "已派单"


async def test_filters_by_service_code_and_ids(client, desk):
    gas = await desk.assigned()
    mine = await post(client, partner(desk), **{"service_code": "01.01"})
    other = mine.json()[0]["service_request_id"]
    by_code = (await client.get(f"/open311/v2/requests.json?service_code={GAS_SERVICE}")).json()
    assert [r["service_request_id"] for r in by_code] == [gas["number"]]
    both = f"{gas['number']},{other},12345-20000101-000001"
    by_ids = (await client.get(f"/open311/v2/requests.json?service_request_id={both}")).json()
    assert {r["service_request_id"] for r in by_ids} == {gas["number"], other}


async def test_date_range_limits_the_list(client, desk):
    t = await desk.assigned()
    now = datetime.now(CHINA)
    inside = {"start_date": (now - timedelta(days=1)).isoformat(), "end_date": now.isoformat()}
    before = {
        "start_date": (now - timedelta(days=30)).isoformat(),
        "end_date": (now - timedelta(days=20)).isoformat(),
    }
    found = (await client.get("/open311/v2/requests.json", params=inside)).json()
    assert [r["service_request_id"] for r in found] == [t["number"]]
    assert (await client.get("/open311/v2/requests.json", params=before)).json() == []


async def test_unclassified_tickets_and_undisclosed_reports_are_not_public(client, desk):
    unclassified = await desk.submit()
    report = await desk.assigned(kind="report")
    listed = (await client.get("/open311/v2/requests.json")).json()
    assert listed == []
    for t in (unclassified, report):
        r = await client.get(f"/open311/v2/requests/{t['number']}.json")
        assert_open311_error(r, 404, t["number"])
    async with app_of(client).state.db.transaction() as session:
        await session.execute(
            update(Ticket)
            .where(Ticket.number == report["number"])
            .values(disclosed_at=datetime.now(CHINA))
        )
    r = await client.get(f"/open311/v2/requests/{report['number']}.json")
    assert r.status_code == 200


async def test_requests_list_in_xml(client, desk):
    await desk.assigned()
    root = ElementTree.fromstring((await client.get("/open311/v2/requests.xml")).content)
    assert root.tag == "service_requests" and root.findtext("request/status") == "open"


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("start_date=yesterday", "start_date"),
        ("end_date=2026-13-01T00:00:00Z", "end_date"),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "90"),
        ("start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z", "end_date"),
        ("status=pending", "status"),
        ("service_code=99.99", "service_code"),
        ("service_request_id=" + ",".join(str(i) for i in range(101)), "100"),
    ],
)
async def test_bad_filters_are_400_in_spec_format(client, query, fragment):
    assert_open311_error(await client.get(f"/open311/v2/requests.json?{query}"), 400, fragment)


async def test_a_wrong_jurisdiction_on_reads_is_404(client):
    for path in ("services.json", "requests.json", f"services/{GAS_SERVICE}.json"):
        r = await client.get(f"/open311/v2/{path}?jurisdiction_id=elsewhere")
        assert_open311_error(r, 404, "jurisdiction_id")


async def test_unknown_request_is_404(client):
    assert_open311_error(await client.get("/open311/v2/requests/12345-20000101-000001.json"), 404)


# Tokens


async def test_a_token_does_not_reveal_a_ticket_the_requests_hide(client, desk):
    report = await desk.assigned(kind="report")
    assert_open311_error(await client.get(f"/open311/v2/tokens/{report['id']}.json"), 404)
    assert (
        report["number"] not in (await client.get(f"/open311/v2/tokens/{report['id']}.json")).text
    )


async def test_a_token_resolves_to_the_request_id(client, desk):
    created = (await post(client, partner(desk))).json()[0]
    r = await client.get(f"/open311/v2/tokens/{created['token']}.json")
    assert r.json() == [
        {"service_request_id": created["service_request_id"], "token": created["token"]}
    ]


@pytest.mark.parametrize("token", ["not-a-uuid", "6f1c0d3e-8a51-4b7e-9d55-1a2b3c4d5e6f"])
async def test_unknown_token_is_404(client, token):
    assert_open311_error(await client.get(f"/open311/v2/tokens/{token}.json"), 404, "token")


# Routing


async def test_unknown_resources_formats_and_methods_answer_in_spec_format(client):
    assert_open311_error(await client.get("/open311/v2/nothing.json"), 404)
    assert_open311_error(await client.get("/open311/v2/services.csv"), 404, ".json")
    assert_open311_error(await client.delete("/open311/v2/requests.json"), 405)
    assert_open311_error(await client.post("/open311/v2/services.json"), 405)


async def test_intake_step_is_the_one_timeline_entry(client, desk):
    r = await post(client, partner(desk))
    ticket = await stored(client, r.json()[0]["service_request_id"])
    async with app_of(client).state.db.sessionmaker() as session:
        steps = (
            await session.scalars(select(TimelineEntry).where(TimelineEntry.ticket_id == ticket.id))
        ).all()
    assert [s.action for s in steps] == ["create"]
    assert steps[0].actor == "apikey:partner-1"
