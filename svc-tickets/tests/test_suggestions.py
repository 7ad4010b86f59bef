"""智能派单 in the ticket flow: the model's categories at intake and on demand, and the unit
the routing rules give for them."""

from __future__ import annotations

import pytest
from tickets_support import app_of

from tickets.classify import Classifier, TrainingRecord

TRAINING = [
    TrainingRecord("燃气管道漏气", "小区燃气管道漏气无人维修，物业不管", "城乡建设"),
    TrainingRecord("路灯不亮", "小区路灯坏了很久，晚上很黑，物业推诿", "城乡建设"),
    TrainingRecord("自来水停水", "小区自来水停水三天，物业没有通知", "城乡建设"),
    TrainingRecord("工资拖欠", "公司拖欠工资三个月，社保也没有缴纳", "劳动和社会保障"),
    TrainingRecord("社保转移", "社保关系转移办理困难，养老保险无法接续", "劳动和社会保障"),
    TrainingRecord("失业保险", "失业保险金申领流程复杂，社保窗口推诿", "劳动和社会保障"),
] * 4


@pytest.fixture
def model(client) -> Classifier:  # type: ignore[no-untyped-def]
    trained = Classifier.train(TRAINING)
    app_of(client).state.classifier = trained
    return trained


async def test_intake_records_the_models_category(desk, model):
    t = await desk.submit(title="单位拖欠工资", content="公司已经拖欠工资三个月，社保也停缴了。")
    assert t["suggested_category"] == "15"  # 劳动和社会保障
    assert t["category"] is None  # a suggestion, not a decision


async def test_without_a_model_tickets_are_simply_not_pre_classified(desk):
    t = await desk.submit()
    assert t["suggested_category"] is None


async def test_suggestions_name_the_unit_the_rules_give(desk, client, model):
    await client.put(
        "/routing/rules", json={"category": "01", "unit_code": "zjj"}, headers=desk.dispatcher
    )
    await client.put(
        "/routing/rules",
        json={"category": "01", "area_code": "xc", "unit_code": "xc"},
        headers=desk.dispatcher,
    )
    t = await desk.submit(area_code="xc-01")
    r = await client.get(f"/tickets/{t['id']}/suggestions", headers=desk.dispatcher)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model_ready"] and body["categories"][0]["name"] == "城乡建设"
    assert body["unit"]["unit_code"] == "xc"  # the area rule beats the city-wide one


async def test_the_dispatcher_can_classify_free_text(desk, client, model):
    r = await client.post(
        "/classify", json={"content": "物业不管小区路灯和燃气"}, headers=desk.dispatcher
    )
    assert r.status_code == 200 and r.json()[0]["category"] == "01"
    r = await client.post("/classify", json={"content": "物业"}, headers=desk.citizen())
    assert r.status_code == 403
    r = await client.post("/classify", json={"content": ""}, headers=desk.dispatcher)
    assert r.status_code == 422
