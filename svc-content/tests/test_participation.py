"""Participation on live items: 意见征集 comments (windowed, moderated) and 采纳情况,
在线调查 questions, one answer set per person and results (after the close unless the survey
shows them live), 在线访谈 Q&A, and a site's 政民互动 index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from content_support import Desk, make_desk
from sqlalchemy import select

from content.audit.models import AuditEntry

NOW = datetime.now(UTC)
OPEN = {
    "opens_at": (NOW - timedelta(days=1)).isoformat(),
    "closes_at": (NOW + timedelta(days=7)).isoformat(),
}
CLOSED = {
    "opens_at": (NOW - timedelta(days=30)).isoformat(),
    "closes_at": (NOW - timedelta(days=1)).isoformat(),
}
LATER = {
    "opens_at": (NOW + timedelta(days=1)).isoformat(),
    "closes_at": (NOW + timedelta(days=8)).isoformat(),
}
# A survey that shows its results while open, so tests can read counts as they answer.
OPEN_LIVE = {**OPEN, "live_results": True}
GUESTS = ["市住建局局长 王明", "市住建局副局长 李华"]


def citizen(tokens: Any, subject: str = "citizen-1", name: str = "张三") -> dict[str, str]:
    return tokens.bearer(tokens.issue(subject, kind="citizen", name=name))


async def solicitation(desk: Desk, window: dict[str, str] = OPEN) -> str:
    item = await desk.publish(
        kind="solicitation",
        title="关于《江城市住房保障条例（征求意见稿）》公开征求意见",
        fields=window,
    )
    return str(item["id"])


async def comment(
    desk: Desk, item_id: str, who: dict[str, str], body: str = "建议扩大保障范围"
) -> Any:
    return await desk.client.post(
        f"/solicitations/{item_id}/comments", json={"body": body}, headers=who
    )


async def pending(desk: Desk, item_id: str, state: str = "pending") -> list[dict[str, Any]]:
    r = await desk.client.get(
        f"/editorial/solicitations/{item_id}/comments", params={"state": state}, headers=desk.editor
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


def problem(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code and body["detail"]
    return body


# --- 意见征集 ---------------------------------------------------------------------------


async def test_citizens_comment_while_open_and_comments_wait_for_moderation(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    r = await comment(desk, item_id, citizen(tokens))
    assert r.status_code == 201 and r.json()["state"] == "pending"
    assert (await client.get(f"/solicitations/{item_id}/comments")).json()["items"] == []
    assert [c["body"] for c in await pending(desk, item_id)] == ["建议扩大保障范围"]


async def test_commenting_needs_a_login(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    r = await client.post(f"/solicitations/{item_id}/comments", json={"body": "匿名意见"})
    problem(r, 401, "not_authenticated")
    assert await pending(desk, item_id) == []


async def test_no_comment_after_the_window_closed(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk, CLOSED)
    body = problem(await comment(desk, item_id, citizen(tokens)), 409, "window_closed")
    assert "截止" in body["detail"]
    assert await pending(desk, item_id) == []


async def test_no_comment_before_the_window_opens(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk, LATER)
    body = problem(await comment(desk, item_id, citizen(tokens)), 409, "window_not_open")
    assert "尚未开始" in body["detail"]
    assert await pending(desk, item_id) == []


async def test_only_live_solicitations_take_comments(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    news = await desk.publish()
    problem(await comment(desk, str(news["id"]), citizen(tokens)), 409, "wrong_kind")
    assert (await desk.act(item_id, "withdraw", reason="征集事项调整")).status_code == 200
    problem(await comment(desk, item_id, citizen(tokens)), 404, "item_not_found")
    assert await pending(desk, item_id) == []


async def test_an_oversized_comment_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    problem(await comment(desk, item_id, citizen(tokens), "长" * 2001), 422, "validation_failed")
    assert await pending(desk, item_id) == []


async def test_the_public_sees_only_approved_comments_in_order_with_masked_names(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    for n, (subject, name) in enumerate([("c1", "张三"), ("c2", "李四"), ("c3", "王五")]):
        await comment(desk, item_id, citizen(tokens, subject, name), f"第{n + 1}条意见")
    first, second, third = await pending(desk, item_id)
    for c, action in ((first, "approve"), (second, "reject"), (third, "approve")):
        r = await client.post(
            f"/editorial/comments/{c['id']}/{action}", json={}, headers=desk.reviewer
        )
        assert r.status_code == 200, r.text
    page = (await client.get(f"/solicitations/{item_id}/comments", params={"limit": 1})).json()
    assert [c["body"] for c in page["items"]] == ["第1条意见"]
    assert page["items"][0]["author"] == "张**"
    assert set(page["items"][0]) == {"id", "author", "body", "created_at"}  # no subject
    rest = await client.get(
        f"/solicitations/{item_id}/comments", params={"limit": 1, "cursor": page["next_cursor"]}
    )
    assert [c["body"] for c in rest.json()["items"]] == ["第3条意见"]
    overview = (await client.get(f"/solicitations/{item_id}")).json()
    assert overview["status"] == "open" and overview["approved_comments"] == 2


async def test_a_public_comment_shows_no_name_or_phone_of_its_author(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    body = "我是高峰，建议增加公交线路，电话13812345678。高峰"
    await comment(desk, item_id, citizen(tokens, "c9", "高峰"), body)
    (c,) = await pending(desk, item_id)
    await client.post(f"/editorial/comments/{c['id']}/approve", json={}, headers=desk.reviewer)
    (shown,) = (await client.get(f"/solicitations/{item_id}/comments")).json()["items"]
    assert "高峰" not in shown["body"] and "13812345678" not in shown["body"]
    assert shown["body"].startswith("我是高某，建议增加公交线路")


async def test_moderation_decisions_are_audited(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    await comment(desk, item_id, citizen(tokens))
    (c,) = await pending(desk, item_id)
    await client.post(
        f"/editorial/comments/{c['id']}/reject",
        json={"note": "与征集内容无关"},
        headers=desk.editor,
    )
    async with client._transport.app.state.db.transaction() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.entity_id == c["id"]))
    assert entry is not None and entry.entity == "comment" and entry.action == "reject"
    assert (entry.actor, entry.from_state, entry.to_state) == (
        "portal-editor",
        "pending",
        "rejected",
    )
    assert entry.detail["note"] == "与征集内容无关"


async def test_another_sites_editor_cannot_moderate(client, tokens):
    desk = await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="lianxi")
    item_id = await solicitation(desk)
    await comment(desk, item_id, citizen(tokens))
    (c,) = await pending(desk, item_id)
    r = await client.post(f"/editorial/comments/{c['id']}/approve", json={}, headers=other.editor)
    problem(r, 403, "outside_scope")
    assert [x["id"] for x in await pending(desk, item_id)] == [c["id"]]
    r = await client.get(f"/editorial/solicitations/{item_id}/comments", headers=other.reviewer)
    problem(r, 403, "outside_scope")


async def test_a_rejected_comment_cannot_be_approved(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    await comment(desk, item_id, citizen(tokens))
    (c,) = await pending(desk, item_id)
    await client.post(f"/editorial/comments/{c['id']}/reject", json={}, headers=desk.editor)
    r = await client.post(f"/editorial/comments/{c['id']}/approve", json={}, headers=desk.editor)
    problem(r, 409, "invalid_transition")
    assert (await client.get(f"/solicitations/{item_id}/comments")).json()["items"] == []


async def test_a_page_size_out_of_bounds_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    for limit in (0, 101):
        r = await client.get(f"/solicitations/{item_id}/comments", params={"limit": limit})
        problem(r, 422, "validation_failed")


async def test_feedback_is_published_after_the_window_closes_and_shown_publicly(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk, CLOSED)
    r = await client.put(
        f"/editorial/solicitations/{item_id}/feedback",
        json={
            "received": 37,
            "adopted": 12,
            "text": "共收到意见37条，采纳12条，主要涉及保障范围。",
        },
        headers=desk.editor,
    )
    assert r.status_code == 200, r.text
    overview = (await client.get(f"/solicitations/{item_id}")).json()
    assert overview["status"] == "closed"
    assert overview["feedback"]["received"] == 37 and overview["feedback"]["adopted"] == 12


async def test_feedback_waits_for_the_window_to_close(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk)
    r = await client.put(
        f"/editorial/solicitations/{item_id}/feedback",
        json={"received": 3, "adopted": 1, "text": "采纳一条。"},
        headers=desk.editor,
    )
    problem(r, 409, "solicitation_still_open")
    assert (await client.get(f"/solicitations/{item_id}")).json()["feedback"] is None


async def test_feedback_cannot_adopt_more_than_received(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await solicitation(desk, CLOSED)
    r = await client.put(
        f"/editorial/solicitations/{item_id}/feedback",
        json={"received": 3, "adopted": 4, "text": "采纳四条。"},
        headers=desk.editor,
    )
    assert "采纳条数不能多于" in problem(r, 422, "validation_failed")["detail"]
    assert (await client.get(f"/solicitations/{item_id}")).json()["feedback"] is None


# --- 在线调查 ---------------------------------------------------------------------------

QUESTIONS = [
    {
        "kind": "single",
        "title": "您对本市公租房服务是否满意？",
        "options": ["满意", "一般", "不满意"],
    },
    {"kind": "multi", "title": "您最关心哪些方面？", "options": ["租金", "位置", "配套", "物业"]},
    {"kind": "text", "title": "其他建议", "required": False},
]


async def survey(
    desk: Desk, window: dict[str, Any] = OPEN_LIVE
) -> tuple[str, list[dict[str, Any]]]:
    item = await desk.create(kind="survey", title="公租房服务满意度调查", fields=window)
    r = await desk.client.put(
        f"/editorial/surveys/{item['id']}/questions",
        json={"questions": QUESTIONS},
        headers=desk.editor,
    )
    assert r.status_code == 200, r.text
    for action in ("submit", "approve", "publish"):
        assert (await desk.act(item["id"], action)).status_code == 200
    return str(item["id"]), r.json()


def answers(
    questions: list[dict[str, Any]], single: str = "1", multi: list[str] | None = None
) -> dict[str, Any]:
    return {
        "answers": [
            {"question_id": questions[0]["id"], "options": [single]},
            {"question_id": questions[1]["id"], "options": multi or ["1", "3"]},
        ]
    }


async def respond(desk: Desk, item_id: str, who: dict[str, str], body: dict[str, Any]) -> Any:
    return await desk.client.post(f"/surveys/{item_id}/responses", json=body, headers=who)


async def results(desk: Desk, item_id: str) -> dict[str, Any]:
    r = await desk.client.get(f"/surveys/{item_id}/results")
    assert r.status_code == 200, r.text
    return r.json()


async def test_editors_define_questions_and_the_public_reads_the_questionnaire(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, defined = await survey(desk)
    public = (await client.get(f"/surveys/{item_id}/questions")).json()
    assert [q["title"] for q in public] == [q["title"] for q in QUESTIONS]
    assert public[0]["options"] == [
        {"key": "1", "label": "满意"},
        {"key": "2", "label": "一般"},
        {"key": "3", "label": "不满意"},
    ]
    assert public == defined


async def test_questions_are_frozen_once_the_survey_is_published(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, defined = await survey(desk)
    r = await client.put(
        f"/editorial/surveys/{item_id}/questions",
        json={"questions": QUESTIONS[:1]},
        headers=desk.editor,
    )
    problem(r, 409, "survey_frozen")
    assert (await client.get(f"/surveys/{item_id}/questions")).json() == defined


async def test_a_choice_question_needs_two_distinct_options(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(kind="survey", title="调查", fields=OPEN_LIVE)
    for options in (["满意"], ["满意", "满意"]):
        r = await client.put(
            f"/editorial/surveys/{item['id']}/questions",
            json={"questions": [{"kind": "single", "title": "满意吗", "options": options}]},
            headers=desk.editor,
        )
        problem(r, 422, "validation_failed")
    r = await client.get(f"/editorial/surveys/{item['id']}/questions", headers=desk.editor)
    assert r.json() == []


async def test_only_the_sites_editors_define_questions(client, tokens):
    desk = await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="lianxi")
    item = await desk.create(kind="survey", title="调查", fields=OPEN)
    r = await client.put(
        f"/editorial/surveys/{item['id']}/questions",
        json={"questions": QUESTIONS},
        headers=other.editor,
    )
    problem(r, 403, "outside_scope")


async def test_one_answer_set_per_person(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk)
    who = citizen(tokens)
    assert (await respond(desk, item_id, who, answers(questions))).status_code == 201
    r = await respond(desk, item_id, who, answers(questions, single="2"))
    problem(r, 409, "already_answered")
    outcome = await results(desk, item_id)
    assert outcome["responses"] == 1
    assert [o["count"] for o in outcome["questions"][0]["options"]] == [1, 0, 0]


async def test_an_unknown_option_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk)
    r = await respond(desk, item_id, citizen(tokens), answers(questions, single="9"))
    problem(r, 422, "unknown_option")
    assert (await results(desk, item_id))["responses"] == 0


async def test_an_unknown_question_is_refused(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk)
    _, others = await survey(desk)
    body = answers(questions)
    body["answers"].append({"question_id": others[2]["id"], "text": "别处的问题"})
    problem(await respond(desk, item_id, citizen(tokens), body), 422, "unknown_question")
    assert (await results(desk, item_id))["responses"] == 0


async def test_a_required_question_must_be_answered(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk)
    body = {"answers": [{"question_id": questions[0]["id"], "options": ["1"]}]}
    r = await respond(desk, item_id, citizen(tokens), body)
    assert "您最关心哪些方面" in problem(r, 422, "missing_answer")["detail"]
    assert (await results(desk, item_id))["responses"] == 0


async def test_a_single_choice_question_takes_one_option(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk)
    body = answers(questions)
    body["answers"][0]["options"] = ["1", "2"]
    problem(await respond(desk, item_id, citizen(tokens), body), 422, "invalid_answer")
    assert (await results(desk, item_id))["responses"] == 0


async def test_no_answers_outside_the_survey_window(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk, CLOSED)
    problem(await respond(desk, item_id, citizen(tokens), answers(questions)), 409, "window_closed")
    assert (await results(desk, item_id))["responses"] == 0


async def test_live_results_count_each_option_and_text_answers(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk)
    with_text = answers(questions, "2", ["2"])
    with_text["answers"].append({"question_id": questions[2]["id"], "text": "希望增加房源"})
    for n, body in enumerate([answers(questions), answers(questions, "1", ["1", "4"]), with_text]):
        assert (await respond(desk, item_id, citizen(tokens, f"c{n}"), body)).status_code == 201
    outcome = await results(desk, item_id)
    single, multi, text = outcome["questions"]
    assert outcome["responses"] == 3 and outcome["status"] == "open"
    assert [o["count"] for o in single["options"]] == [2, 1, 0]
    assert [o["count"] for o in multi["options"]] == [2, 1, 1, 1] and multi["answered"] == 3
    assert text["answered"] == 1 and text["options"] == []


async def test_results_of_an_open_survey_wait_for_its_close(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, questions = await survey(desk, OPEN)
    assert (await respond(desk, item_id, citizen(tokens), answers(questions))).status_code == 201
    body = problem(await client.get(f"/surveys/{item_id}/results"), 409, "results_not_public")
    assert "截止后公布" in body["detail"] and "count" not in str(body)
    overview = (await client.get(f"/surveys/{item_id}")).json()
    assert overview["status"] == "open" and overview["results_public"] is False
    assert overview["live_results"] is False and overview["questions"] == len(QUESTIONS)


async def test_results_of_a_closed_survey_are_public(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, _ = await survey(desk, CLOSED)
    outcome = await results(desk, item_id)
    assert outcome["status"] == "closed" and outcome["responses"] == 0
    assert (await client.get(f"/surveys/{item_id}")).json()["results_public"] is True


async def test_a_survey_shows_live_results_when_it_says_so(client, tokens):
    desk = await make_desk(client, tokens)
    item_id, _ = await survey(desk, OPEN_LIVE)
    overview = (await client.get(f"/surveys/{item_id}")).json()
    assert overview["status"] == "open" and overview["results_public"] is True
    assert (await results(desk, item_id))["status"] == "open"


async def test_a_survey_without_questions_cannot_be_published(client, tokens):
    desk = await make_desk(client, tokens)
    item = await desk.create(kind="survey", title="没有问题的调查", fields=OPEN)
    for action in ("submit", "approve"):
        assert (await desk.act(item["id"], action)).status_code == 200
    body = problem(await desk.act(item["id"], "publish"), 409, "survey_without_questions")
    assert "尚未设置问题" in body["detail"]
    assert (await client.get(f"/surveys/{item['id']}")).status_code == 404
    scheduled = {"publish_at": (NOW + timedelta(days=1)).isoformat()}
    problem(await desk.act(item["id"], "publish", **scheduled), 409, "survey_without_questions")


# --- 在线访谈 ---------------------------------------------------------------------------


async def interview(desk: Desk) -> str:
    item = await desk.publish(
        kind="interview",
        title="住房保障政策在线访谈",
        fields={"starts_at": (NOW + timedelta(hours=2)).isoformat(), "guests": GUESTS},
    )
    return str(item["id"])


async def ask(desk: Desk, item_id: str, who: dict[str, str], body: str) -> Any:
    return await desk.client.post(
        f"/interviews/{item_id}/questions", json={"body": body}, headers=who
    )


async def waiting(desk: Desk, item_id: str) -> list[dict[str, Any]]:
    r = await desk.client.get(f"/editorial/interviews/{item_id}/questions", headers=desk.editor)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_an_interview_overview_names_its_guests_and_whether_it_has_ended(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await interview(desk)
    shown = (await client.get(f"/interviews/{item_id}")).json()
    assert shown["guests"] == GUESTS and shown["status"] == "not_started"
    assert shown["answered"] == 0 and shown["closed_at"] is None
    r = await client.post(f"/editorial/interviews/{item_id}/close", headers=desk.editor)
    assert r.status_code == 204
    shown = (await client.get(f"/interviews/{item_id}")).json()
    assert shown["status"] == "closed" and shown["closed_at"]


async def test_the_public_sees_answered_questions_in_the_order_answered(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await interview(desk)
    for n in range(3):
        assert (
            await ask(desk, item_id, citizen(tokens, f"c{n}", "赵六"), f"问题{n + 1}")
        ).status_code == 201
    q1, q2, q3 = await waiting(desk, item_id)
    steps = [
        (q3, "answer", {"answer": "第三问的回答", "guest": GUESTS[0]}),
        (q2, "reject", {}),
        (q1, "answer", {"answer": "第一问的回答"}),
    ]
    for q, action, body in steps:
        r = await client.post(
            f"/editorial/interview-questions/{q['id']}/{action}", json=body, headers=desk.editor
        )
        assert r.status_code == 200, r.text
    qa = (await client.get(f"/interviews/{item_id}/qa")).json()["items"]
    assert [(x["question"], x["answered_by"]) for x in qa] == [
        ("问题3", GUESTS[0]),
        ("问题1", "主持人"),
    ]
    assert qa[0]["asker"] == "赵**"


async def test_an_answer_names_a_guest_of_the_interview(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await interview(desk)
    await ask(desk, item_id, citizen(tokens), "公租房怎么申请？")
    (q,) = await waiting(desk, item_id)
    r = await client.post(
        f"/editorial/interview-questions/{q['id']}/answer",
        json={"answer": "请到政务服务中心申请", "guest": "不存在的嘉宾"},
        headers=desk.editor,
    )
    problem(r, 422, "unknown_guest")
    assert [x["id"] for x in await waiting(desk, item_id)] == [q["id"]]
    assert (await client.get(f"/interviews/{item_id}/qa")).json()["items"] == []


async def test_only_the_sites_editors_enter_answers(client, tokens):
    desk = await make_desk(client, tokens)
    other = await make_desk(client, tokens, site="lianxi")
    item_id = await interview(desk)
    await ask(desk, item_id, citizen(tokens), "公租房怎么申请？")
    (q,) = await waiting(desk, item_id)
    r = await client.post(
        f"/editorial/interview-questions/{q['id']}/answer",
        json={"answer": "答"},
        headers=other.editor,
    )
    problem(r, 403, "outside_scope")
    assert len(await waiting(desk, item_id)) == 1


async def test_a_closed_interview_takes_no_more_questions(client, tokens):
    desk = await make_desk(client, tokens)
    item_id = await interview(desk)
    r = await client.post(f"/editorial/interviews/{item_id}/close", headers=desk.editor)
    assert r.status_code == 204, r.text
    problem(await ask(desk, item_id, citizen(tokens), "还能提问吗？"), 409, "interview_closed")
    assert await waiting(desk, item_id) == []


# --- 政民互动 index ---------------------------------------------------------------------


async def test_the_index_lists_live_participation_with_its_state(client, tokens):
    desk = await make_desk(client, tokens)
    open_id = await solicitation(desk)
    closed_id = await solicitation(desk, CLOSED)
    survey_id, _ = await survey(desk, OPEN)
    interview_id = await interview(desk)
    await desk.create(kind="solicitation", title="未发布的征集", fields=OPEN)
    r = await client.get("/sites/portal/participation")
    assert r.status_code == 200, r.text
    index = r.json()
    states = {e["id"]: e["status"] for e in index["solicitations"]}
    assert states == {open_id: "open", closed_id: "closed"}
    assert index["solicitations"][0]["url"] == f"/portal/solicitations/{closed_id}"
    [listed] = index["surveys"]
    assert listed["id"] == survey_id and listed["closes_at"] and listed["status"] == "open"
    [talk] = index["interviews"]
    assert talk["id"] == interview_id and talk["status"] == "not_started"
    assert talk["closes_at"] is None and talk["url"] == f"/portal/interviews/{interview_id}"


async def test_the_index_of_an_unknown_site_is_404(client, tokens):
    problem(await client.get("/sites/nowhere/participation"), 404, "site_not_found")
