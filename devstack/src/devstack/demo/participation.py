"""Demo 政民互动: survey questionnaires (defined before the first publication), citizens'
comments and a published 采纳情况, answer sets, and an interview's Q&A — all through
svc-content's own service functions, each at a moment inside its window."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity, RoleGrant

BEIJING = timezone(timedelta(hours=8))
DOGS = "关于《江城市养犬管理规定（征求意见稿）》公开征求意见的公告"
WASTE = "关于《江城市生活垃圾分类管理办法（征求意见稿）》公开征求意见的公告"
SERVICE_SURVEY = "江城市政务服务满意度调查"
TRANSIT_SURVEY = "2026年江城市公共交通出行满意度调查"
JOBS_TALK = "在线访谈：解读江城市稳岗就业政策"
HOUSING_TALK = "在线访谈：老旧小区改造惠民生"

NAMES = ["李明", "王芳", "陈刚", "刘洋", "赵敏", "孙磊", "周婷", "吴军", "郑丽", "黄涛"]

SURVEY_QUESTIONS: dict[str, list[dict[str, Any]]] = {
    SERVICE_SURVEY: [
        {
            "kind": "single",
            "title": "您对本市政务服务的总体评价是？",
            "options": ["非常满意", "满意", "一般", "不满意"],
        },
        {
            "kind": "single",
            "title": "您最近一次办事主要通过哪种渠道？",
            "options": ["政务服务大厅", "网上办事大厅", "“赣服通”移动端", "12345 热线"],
        },
        {
            "kind": "multi",
            "title": "您认为哪些方面最需要改进？（可多选）",
            "options": ["办事材料", "办理时限", "窗口服务态度", "网上办理体验", "咨询渠道"],
        },
        {"kind": "text", "title": "您对政务服务还有哪些意见建议？", "required": False},
    ],
    TRANSIT_SURVEY: [
        {
            "kind": "single",
            "title": "您日常出行最常使用的交通方式是？",
            "options": ["公交", "地铁", "出租车或网约车", "自行车或步行"],
        },
        {
            "kind": "single",
            "title": "您对公交准点情况的评价是？",
            "options": ["满意", "基本满意", "不满意"],
        },
        {
            "kind": "multi",
            "title": "您希望优先改善哪些方面？（可多选）",
            "options": ["增加线路", "缩短发车间隔", "改善站台设施", "延长运营时间"],
        },
    ],
}

# Option choices per answer set, cycled through: a plausible spread, the same every time.
SPREAD: dict[str, list[list[list[str]]]] = {
    SERVICE_SURVEY: [
        [["1"], ["2"], ["2"], ["1"], ["3"], ["2"], ["1"], ["2"], ["4"], ["2"], ["3"], ["1"]],
        [["1"], ["2"], ["3"], ["2"], ["1"], ["3"], ["2"], ["4"], ["2"], ["1"], ["3"], ["2"]],
        [["1", "2"], ["4"], ["2", "4"], ["1"], ["5"], ["2"], ["1", "4"], ["3"], ["4", "5"]],
    ],
    TRANSIT_SURVEY: [
        [["1"], ["2"], ["1"], ["3"], ["2"], ["1"], ["4"], ["2"], ["1"], ["1"], ["3"], ["2"]],
        [["1"], ["2"], ["2"], ["1"], ["3"], ["2"], ["2"], ["1"], ["3"], ["2"]],
        [["2"], ["1", "2"], ["4"], ["2", "3"], ["1"], ["2", "4"], ["3"], ["2"], ["1", "4"]],
    ],
}
RESPONSES = {SERVICE_SURVEY: 14, TRANSIT_SURVEY: 63}
SUGGESTIONS = ["希望更多事项能在手机上办理", "建议大厅延长周末服务时间", "材料清单写得再清楚一些"]

COMMENTS: dict[str, list[tuple[str, bool]]] = {
    DOGS: [
        ("建议明确大型犬、烈性犬的目录，并对烈性犬实行更严格的管理。", True),
        ("每户限养一只的规定对已经养了两只犬的家庭，建议给出过渡期。", True),
        ("希望在公园和社区设置专门的遛犬区域，既方便养犬人，也减少矛盾。", True),
        ("小区里犬只粪便不清理的问题很突出，建议写明处罚标准。", False),
    ],
    WASTE: [
        ("建议在小区增设厨余垃圾破袋设施和洗手池，方便居民分类投放。", True),
        ("定时定点投放对上班族不方便，建议早晚各延长一小时。", True),
        ("希望加强对收运环节的监督，避免“先分后混”。", True),
        ("建议对分类做得好的小区给予奖励。", True),
    ],
}
FEEDBACK = {
    "received": 126,
    "adopted": 38,
    "text": (
        "征集期间共收到意见建议 126 条（网上 97 条，信函和座谈会 29 条），采纳 38 条。"
        "主要采纳情况：一是延长定时定点投放时间，早晚各延长一小时；"
        "二是明确居住区应当配置洗手设施；三是增加对收运环节“先分后混”的监督条款。"
        "未采纳的意见主要涉及收费标准，拟在配套文件中另行研究。感谢社会各界的关心和支持！"
    ),
}

QA: list[tuple[str, str, str | None]] = [
    (
        "我家小区建于1995年，今年能纳入改造计划吗？",
        "2000年底前建成、基础设施老化的小区都可以申报。请向所在街道提出申请，"
        "街道汇总后报区住建部门，每年一季度确定当年改造计划。",
        "市住建局副局长 李华",
    ),
    (
        "老旧小区改造能加装电梯吗？费用怎么分担？",
        "可以。加装电梯须经本单元业主表决同意，市级财政每台补助 20 万元，"
        "其余费用由业主按楼层协商分担。",
        "市住建局城建处处长 赵强",
    ),
    (
        "改造期间停水停电会提前通知吗？",
        "施工单位须提前 3 天在小区公告栏和业主群通知，并尽量安排在白天分段施工。",
        "市住建局城建处处长 赵强",
    ),
    (
        "改造后的小区由谁来管理？",
        "改造完成后引导小区引入专业物业服务，暂不具备条件的由社区兜底管理。",
        "市住建局副局长 李华",
    ),
    ("本次访谈的内容在哪里可以回看？", "访谈实录在本页面长期公开，欢迎网友查阅。", None),
]
PENDING_QUESTIONS = {
    JOBS_TALK: ["企业稳岗返还什么时候到账？", "灵活就业人员可以申请社保补贴吗？"],
}


def citizen(n: int) -> Identity:
    return Identity(
        subject=f"demo-citizen-{n:03d}",
        kind="citizen",
        name=NAMES[n % len(NAMES)],
        roles=[RoleGrant(role="citizen", scope="*")],
    )


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=BEIJING)


async def define_survey(
    session: AsyncSession, editor: Identity, item_id: uuid.UUID, title: str
) -> None:
    """The questionnaire of a demo survey, set while it is still a draft."""
    from content.participation.schemas import QuestionIn
    from content.participation.survey import define_questions

    questions = [QuestionIn(**q) for q in SURVEY_QUESTIONS.get(title, [])]
    if questions:
        await define_questions(session, editor, item_id, questions)


async def load_participation(
    session: AsyncSession, editor: Identity, ids: dict[str, uuid.UUID]
) -> None:
    from content.participation import interview, solicitation, survey
    from content.participation.schemas import AnswerIn, FeedbackIn
    from content.participation.survey import public_questions

    for title, comments in COMMENTS.items():
        if title not in ids:
            continue
        inside = at("2026-11-10T09:00:00") if title == DOGS else at("2026-09-15T09:00:00")
        for n, (body, approved) in enumerate(comments):
            comment = await solicitation.post_comment(
                session, citizen(n), ids[title], body, now=inside
            )
            comment.created_at = inside + timedelta(hours=3 * n)
            if approved:
                await solicitation.decide(session, editor, comment.id, "approve")
    if WASTE in ids:
        await solicitation.publish_feedback(session, editor, ids[WASTE], FeedbackIn(**FEEDBACK))

    for title, count in RESPONSES.items():
        if title not in ids:
            continue
        questions = await public_questions(session, ids[title])
        inside = at("2026-11-15T12:00:00")
        for n in range(count):
            answers = [
                AnswerIn(question_id=q.id, options=spread[n % len(spread)])
                for q, spread in zip(questions, SPREAD[title], strict=False)
            ]
            if len(questions) > len(SPREAD[title]) and n % 4 == 0:
                answers.append(
                    AnswerIn(question_id=questions[-1].id, text=SUGGESTIONS[n % len(SUGGESTIONS)])
                )
            response = await survey.answer(session, citizen(n), ids[title], answers, now=inside)
            response.created_at = inside

    if HOUSING_TALK in ids:
        for n, (question, answer, guest) in enumerate(QA):
            asked = await interview.ask(session, citizen(n), ids[HOUSING_TALK], question)
            await interview.decide(session, editor, asked.id, "answer", answer=answer, guest=guest)
        await interview.close(session, editor, ids[HOUSING_TALK], now=at("2026-11-20T17:00:00"))
    for title, questions in PENDING_QUESTIONS.items():
        if title in ids:
            for n, question in enumerate(questions):
                await interview.ask(session, citizen(n + 5), ids[title], question)
