"""The person's own participation and subscriptions (个人信息保护法 第45条), and their
erasure (第47条): comments and questions keep their text (the consultation's record) without
their author and masked, answer sets stay counted but detached, follows are deleted."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from content.columns.models import Column
from content.items.models import Item
from content.participation.models import (
    InterviewQuestion,
    SolicitationComment,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from content.privacy import messages
from content.subscriptions.models import ColumnFollow, TagFollow
from govkit.auth import Identity
from govkit.contracts.mydata import MyData, MyDataSection
from govkit.erasure import scrub
from govkit.masking import SOMEONE, mask

SERVICE = "content"
# Stands for the author once erased (the columns are required; no id is kept).
ERASED_AUTHOR = "erased"


async def _comments(session: AsyncSession, subject: str) -> list[dict[str, object]]:
    rows = await session.execute(
        select(SolicitationComment, Item.title)
        .join(Item, Item.id == SolicitationComment.item_id)
        .where(SolicitationComment.author == subject)
        .order_by(SolicitationComment.created_at)
    )
    return [
        {
            "item_id": str(c.item_id),
            "item_title": title,
            "author_name": c.author_name,
            "body": c.body,
            "state": c.state,
            "created_at": c.created_at.isoformat(),
        }
        for c, title in rows.all()
    ]


async def _questions(session: AsyncSession, subject: str) -> list[dict[str, object]]:
    rows = await session.execute(
        select(InterviewQuestion, Item.title)
        .join(Item, Item.id == InterviewQuestion.item_id)
        .where(InterviewQuestion.asker == subject)
        .order_by(InterviewQuestion.created_at)
    )
    return [
        {
            "item_id": str(q.item_id),
            "item_title": title,
            "author_name": q.asker_name,
            "body": q.body,
            "state": q.state,
            "answer": q.answer,
            "created_at": q.created_at.isoformat(),
        }
        for q, title in rows.all()
    ]


async def _surveys(session: AsyncSession, subject: str) -> list[dict[str, object]]:
    responses = (
        await session.execute(
            select(SurveyResponse, Item.title)
            .join(Item, Item.id == SurveyResponse.item_id)
            .where(SurveyResponse.respondent == subject)
            .order_by(SurveyResponse.created_at)
        )
    ).all()
    out = []
    for response, title in responses:
        answers = await session.execute(
            select(SurveyQuestion.title, SurveyAnswer.option_key, SurveyAnswer.text)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .where(SurveyAnswer.response_id == response.id)
            .order_by(SurveyQuestion.position, SurveyAnswer.id)
        )
        out.append(
            {
                "item_id": str(response.item_id),
                "item_title": title,
                "created_at": response.created_at.isoformat(),
                "answers": [
                    {"question": q, "option_key": k, "text": t} for q, k, t in answers.all()
                ],
            }
        )
    return out


async def my_data(session: AsyncSession, identity: Identity) -> MyData:
    subject = identity.subject
    tags = await session.scalars(select(TagFollow.tag_code).where(TagFollow.subject == subject))
    columns = await session.execute(
        select(Column.code, Column.name)
        .join(ColumnFollow, ColumnFollow.column_id == Column.id)
        .where(ColumnFollow.subject == subject)
    )
    sections = [
        ("comments", messages.COMMENTS, await _comments(session, subject)),
        ("interview_questions", messages.QUESTIONS, await _questions(session, subject)),
        ("survey_responses", messages.SURVEYS, await _surveys(session, subject)),
        ("tag_follows", messages.TAG_FOLLOWS, [{"tag_code": t} for t in tags.all()]),
        (
            "column_follows",
            messages.COLUMN_FOLLOWS,
            [{"column": code, "name": name} for code, name in columns.all()],
        ),
    ]
    return MyData(
        service=SERVICE,
        title=messages.SERVICE_TITLE,
        sections=[MyDataSection(key=k, title=t, items=i) for k, t, i in sections],
    )


def _name_masks(names: set[str | None]) -> list[tuple[str, str]]:
    return sorted(
        ((n, n[0] + SOMEONE) for n in names if n and len(n) >= 2), key=lambda p: -len(p[0])
    )


async def erase_subject(session: AsyncSession, subject: str) -> dict[str, int]:
    comments = (
        await session.scalars(
            select(SolicitationComment)
            .where(SolicitationComment.author == subject)
            .with_for_update()
        )
    ).all()
    questions = (
        await session.scalars(
            select(InterviewQuestion).where(InterviewQuestion.asker == subject).with_for_update()
        )
    ).all()
    # Their name wherever they signed the text with it, and whatever else in it identifies
    # them (a phone, an ID number: content never knew those) through the platform's masker.
    names = {c.author_name for c in comments} | {q.asker_name for q in questions}
    masks = _name_masks(names)
    known = sorted(n for n in names if n)

    def anonymous(text: str | None) -> str:
        return mask(scrub(text, masks) or "", known)

    for c in comments:
        c.author, c.author_name, c.body = ERASED_AUTHOR, None, anonymous(c.body)
    for q in questions:
        q.asker, q.asker_name, q.body = ERASED_AUTHOR, None, anonymous(q.body)
        q.answer = anonymous(q.answer) if q.answer else q.answer
    responses = (
        await session.scalars(select(SurveyResponse.id).where(SurveyResponse.respondent == subject))
    ).all()
    for response_id in responses:
        # One random stand-in per answer set: still one per person per survey, tied to no one.
        await session.execute(
            update(SurveyResponse)
            .where(SurveyResponse.id == response_id)
            .values(respondent=f"{ERASED_AUTHOR}:{uuid.uuid4().hex}")
        )
    tags = await session.execute(delete(TagFollow).where(TagFollow.subject == subject))
    cols = await session.execute(delete(ColumnFollow).where(ColumnFollow.subject == subject))
    await session.flush()
    return {
        "comments_detached": len(comments),
        "interview_questions_detached": len(questions),
        "survey_responses_detached": len(responses),
        "follows_deleted": int(tags.rowcount or 0) + int(cols.rowcount or 0),  # type: ignore[attr-defined]
    }
