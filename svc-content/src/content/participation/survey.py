"""在线调查: the questionnaire, one answer set per person, live results.

Questions are defined on the item while it has never been published and are frozen from the
first publication on. Answers refer to question ids and option keys; letting a live survey's
questions change (even through a reviewed edition) would make earlier answer sets answer a
different questionnaire and the published results meaningless. A survey that needs other
questions is withdrawn and replaced by a new one."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import delete, distinct, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.audit import service as audit
from content.participation.models import SurveyAnswer, SurveyQuestion, SurveyResponse
from content.participation.schemas import (
    AnswerIn,
    OptionOut,
    OptionResult,
    QuestionIn,
    QuestionOut,
    QuestionResult,
    SurveyOut,
    SurveyResults,
)
from content.participation.service import (
    Live,
    ensure_open,
    live_item,
    moderated_item,
    shown,
    window,
    window_status,
)
from govkit.auth import Identity
from govkit.contracts import ItemKind
from govkit.errors import Conflict, ValidationFailed

KIND = ItemKind.survey


def question_out(q: SurveyQuestion) -> QuestionOut:
    return QuestionOut(
        id=q.id,
        position=q.position,
        kind=q.kind,  # type: ignore[arg-type]
        title=q.title,
        required=q.required,
        options=[OptionOut.model_validate(o) for o in q.options],
    )


async def _questions(session: AsyncSession, item_id: uuid.UUID) -> list[SurveyQuestion]:
    return list(
        (
            await session.scalars(
                select(SurveyQuestion)
                .where(SurveyQuestion.item_id == item_id)
                .order_by(SurveyQuestion.position)
            )
        ).all()
    )


async def define_questions(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID, questions: list[QuestionIn]
) -> list[SurveyQuestion]:
    """Replace the questionnaire of a survey that has never been published."""
    item = await moderated_item(session, actor, item_id, KIND, "site_editor")
    if item.state != "never_published":
        raise Conflict(
            "调查发布后问题不能再修改（已有答卷须对应同一份问卷）；如需调整请撤回后另建调查",
            code="survey_frozen",
        )
    await session.execute(delete(SurveyQuestion).where(SurveyQuestion.item_id == item.id))
    rows = [
        SurveyQuestion(
            item_id=item.id,
            position=n,
            kind=q.kind,
            title=q.title,
            required=q.required,
            options=[{"key": str(k), "label": label} for k, label in enumerate(q.options, 1)],
        )
        for n, q in enumerate(questions, 1)
    ]
    session.add_all(rows)
    await session.flush()
    audit.record(
        session,
        actor,
        entity="item",
        entity_id=item.id,
        action="define_survey",
        questions=[q.title for q in questions],
    )
    return rows


async def editor_questions(
    session: AsyncSession, actor: Identity, item_id: uuid.UUID
) -> list[SurveyQuestion]:
    item = await moderated_item(session, actor, item_id, KIND)
    return await _questions(session, item.id)


async def public_questions(session: AsyncSession, item_id: uuid.UUID) -> list[SurveyQuestion]:
    live = await live_item(session, item_id, KIND)
    return await _questions(session, live.item.id)


def _rows_of(question: SurveyQuestion, answer: AnswerIn) -> list[tuple[str | None, str | None]]:
    """(option_key, text) rows of one answer, or 422 saying what is wrong with it."""
    if question.kind == "text":
        if answer.options:
            raise ValidationFailed(
                f"“{question.title}”是填空题，不能选择选项", code="invalid_answer"
            )
        return [(None, answer.text)] if answer.text else []
    if answer.text:
        raise ValidationFailed(f"“{question.title}”是选择题，请选择选项", code="invalid_answer")
    keys = {o["key"] for o in question.options}
    unknown = [k for k in answer.options if k not in keys]
    if unknown:
        raise ValidationFailed(
            f"“{question.title}”没有选项 {'、'.join(unknown)}",
            code="unknown_option",
            extra={"question_id": str(question.id), "options": unknown},
        )
    if len(set(answer.options)) != len(answer.options):
        raise ValidationFailed(f"“{question.title}”的选项重复", code="invalid_answer")
    if question.kind == "single" and len(answer.options) > 1:
        raise ValidationFailed(f"“{question.title}”是单选题，只能选一项", code="invalid_answer")
    return [(k, None) for k in answer.options]


async def answer(
    session: AsyncSession,
    actor: Identity,
    item_id: uuid.UUID,
    answers: list[AnswerIn],
    now: datetime | None = None,
) -> SurveyResponse:
    live = await live_item(session, item_id, KIND)
    ensure_open(live.fields, "在线调查", now)
    questions = {q.id: q for q in await _questions(session, live.item.id)}
    if not questions:
        raise Conflict("该调查尚未设置问题", code="survey_without_questions")
    already = await session.scalar(
        select(SurveyResponse.id).where(
            SurveyResponse.item_id == live.item.id, SurveyResponse.respondent == actor.subject
        )
    )
    if already is not None:
        raise Conflict("您已参与过本次调查，每人限答一次", code="already_answered")

    rows: list[tuple[uuid.UUID, str | None, str | None]] = []
    seen: set[uuid.UUID] = set()
    for a in answers:
        question = questions.get(a.question_id)
        if question is None:
            raise ValidationFailed(
                "答卷包含本调查没有的问题",
                code="unknown_question",
                extra={"question_id": str(a.question_id)},
            )
        if a.question_id in seen:
            raise ValidationFailed(f"“{question.title}”重复作答", code="invalid_answer")
        seen.add(a.question_id)
        rows += [(question.id, key, text) for key, text in _rows_of(question, a)]
    answered = {qid for qid, _, _ in rows}
    missing = [q.title for q in questions.values() if q.required and q.id not in answered]
    if missing:
        raise ValidationFailed(
            "以下必答题未作答：" + "；".join(missing),
            code="missing_answer",
            extra={"missing": missing},
        )
    if not rows:
        raise ValidationFailed("答卷是空的", code="missing_answer")

    response = SurveyResponse(id=uuid.uuid4(), item_id=live.item.id, respondent=actor.subject)
    session.add(response)
    await session.flush()  # the unique constraint settles a race between two tabs
    await session.execute(
        insert(SurveyAnswer),
        [
            {"response_id": response.id, "question_id": q, "option_key": k, "text": t}
            for q, k, t in rows
        ],
    )
    await session.refresh(response)
    return response


def results_public(live: Live, now: datetime) -> bool:
    """Results show once the survey has closed, or all along if it says so (live_results)."""
    return bool(live.fields.get("live_results")) or window_status(live.fields, now) == "closed"


async def overview(
    session: AsyncSession, item_id: uuid.UUID, now: datetime | None = None
) -> SurveyOut:
    now = now or datetime.now(UTC)
    live = await live_item(session, item_id, KIND)
    opens, closes = window(live.fields)
    count = await session.scalar(select(func.count()).where(SurveyQuestion.item_id == live.item.id))
    return SurveyOut(
        item_id=live.item.id,
        title=live.item.title,
        opens_at=opens,
        closes_at=closes,
        status=window_status(live.fields, now),  # type: ignore[arg-type]
        live_results=bool(live.fields.get("live_results")),
        results_public=results_public(live, now),
        questions=count or 0,
    )


async def results(
    session: AsyncSession, item_id: uuid.UUID, now: datetime | None = None
) -> SurveyResults:
    """The counts, once public: 409 results_not_public while an ordinary survey is open (so
    early figures cannot steer later answers)."""
    now = now or datetime.now(UTC)
    live = await live_item(session, item_id, KIND)
    if not results_public(live, now):
        _, closes = window(live.fields)
        raise Conflict(
            f"调查结果将于 {shown(closes)} 调查截止后公布",
            code="results_not_public",
            extra={"closes_at": closes.isoformat()},
        )
    questions = await _questions(session, live.item.id)
    of_item = select(SurveyResponse.id).where(SurveyResponse.item_id == live.item.id)
    total = await session.scalar(select(func.count()).select_from(of_item.subquery()))
    answered: dict[uuid.UUID, int] = {
        question_id: n
        for question_id, n in await session.execute(
            select(SurveyAnswer.question_id, func.count(distinct(SurveyAnswer.response_id)))
            .where(SurveyAnswer.response_id.in_(of_item))
            .group_by(SurveyAnswer.question_id)
        )
    }
    counts: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for question_id, key, n in await session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.option_key, func.count())
        .where(SurveyAnswer.response_id.in_(of_item), SurveyAnswer.option_key.is_not(None))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.option_key)
    ):
        counts[question_id][key] = n
    opens, closes = window(live.fields)
    return SurveyResults(
        item_id=live.item.id,
        title=live.item.title,
        opens_at=opens,
        closes_at=closes,
        status=window_status(live.fields, now),  # type: ignore[arg-type]
        responses=total or 0,
        questions=[
            QuestionResult(
                id=q.id,
                kind=q.kind,  # type: ignore[arg-type]
                title=q.title,
                answered=answered.get(q.id, 0),
                options=[OptionResult(**o, count=counts[q.id].get(o["key"], 0)) for o in q.options],
            )
            for q in questions
        ],
    )
