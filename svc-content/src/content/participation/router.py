"""Participation endpoints: citizens (any logged-in identity) take part in live items; the
public reads what was approved; the site's editors and reviewers moderate."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from content.participation import index, interview, solicitation, survey
from content.participation.schemas import (
    CommentIn,
    CommentOut,
    DecisionIn,
    EditorCommentOut,
    EditorInterviewQuestionOut,
    FeedbackIn,
    FeedbackOut,
    InterviewAnswerIn,
    InterviewOut,
    InterviewQuestionIn,
    ParticipationIndex,
    QaOut,
    QuestionOut,
    QuestionsIn,
    Receipt,
    ResponseIn,
    SolicitationOut,
    SurveyOut,
    SurveyResults,
)
from govkit.auth import CurrentIdentity
from govkit.db import DbSession
from govkit.pagination import Page, Pagination

router = APIRouter(tags=["互动交流"])
ItemId = uuid.UUID


@router.get(
    "/sites/{site_code}/participation",
    response_model=ParticipationIndex,
    summary="政民互动：站点的意见征集、在线调查和在线访谈",
)
async def participation_index(site_code: str, session: DbSession) -> ParticipationIndex:
    return await index.site_index(session, site_code)


# --- 意见征集 ---------------------------------------------------------------------------


@router.get("/solicitations/{item_id}", response_model=SolicitationOut, summary="意见征集概况")
async def solicitation_overview(item_id: ItemId, session: DbSession) -> SolicitationOut:
    return await solicitation.overview(session, item_id)


@router.post(
    "/solicitations/{item_id}/comments",
    response_model=Receipt,
    status_code=201,
    summary="发表意见（审核后公开）",
)
async def post_comment(
    item_id: ItemId, body: CommentIn, session: DbSession, identity: CurrentIdentity
) -> Receipt:
    c = await solicitation.post_comment(session, identity, item_id, body.body)
    return Receipt(id=c.id, state=c.state, created_at=c.created_at)


@router.get(
    "/solicitations/{item_id}/comments", response_model=Page[CommentOut], summary="已公开的意见"
)
async def public_comments(
    item_id: ItemId, session: DbSession, page: Pagination
) -> Page[CommentOut]:
    items, cursor = await solicitation.public_comments(session, item_id, page)
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/editorial/solicitations/{item_id}/comments",
    response_model=Page[EditorCommentOut],
    summary="待审核（或已审核）的意见",
)
async def comments_for_moderation(
    item_id: ItemId,
    session: DbSession,
    identity: CurrentIdentity,
    page: Pagination,
    state: Annotated[Literal["pending", "approved", "rejected"], Query()] = "pending",
) -> Page[EditorCommentOut]:
    rows, cursor = await solicitation.comments_for_moderation(
        session, identity, item_id, state, page
    )
    items = [EditorCommentOut.model_validate(c) for c in rows]
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/editorial/comments/{comment_id}/{action}",
    response_model=EditorCommentOut,
    summary="审核意见：approve 公开 / reject 不予公开",
)
async def decide_comment(
    comment_id: uuid.UUID,
    action: Literal["approve", "reject"],
    body: DecisionIn,
    session: DbSession,
    identity: CurrentIdentity,
) -> EditorCommentOut:
    comment = await solicitation.decide(session, identity, comment_id, action, body.note)
    return EditorCommentOut.model_validate(comment)


@router.put(
    "/editorial/solicitations/{item_id}/feedback",
    response_model=FeedbackOut,
    summary="公布（或更正）意见采纳情况",
)
async def publish_feedback(
    item_id: ItemId, body: FeedbackIn, session: DbSession, identity: CurrentIdentity
) -> FeedbackOut:
    feedback = await solicitation.publish_feedback(session, identity, item_id, body)
    return FeedbackOut.model_validate(feedback)


# --- 在线调查 ---------------------------------------------------------------------------


@router.put(
    "/editorial/surveys/{item_id}/questions",
    response_model=list[QuestionOut],
    summary="设置调查问题（首次发布前）",
)
async def define_questions(
    item_id: ItemId, body: QuestionsIn, session: DbSession, identity: CurrentIdentity
) -> list[QuestionOut]:
    rows = await survey.define_questions(session, identity, item_id, body.questions)
    return [survey.question_out(q) for q in rows]


@router.get(
    "/editorial/surveys/{item_id}/questions",
    response_model=list[QuestionOut],
    summary="调查问题（采编视图）",
)
async def editor_questions(
    item_id: ItemId, session: DbSession, identity: CurrentIdentity
) -> list[QuestionOut]:
    return [
        survey.question_out(q) for q in await survey.editor_questions(session, identity, item_id)
    ]


@router.get("/surveys/{item_id}", response_model=SurveyOut, summary="在线调查概况")
async def survey_overview(item_id: ItemId, session: DbSession) -> SurveyOut:
    return await survey.overview(session, item_id)


@router.get("/surveys/{item_id}/questions", response_model=list[QuestionOut], summary="调查问卷")
async def public_questions(item_id: ItemId, session: DbSession) -> list[QuestionOut]:
    return [survey.question_out(q) for q in await survey.public_questions(session, item_id)]


@router.post(
    "/surveys/{item_id}/responses",
    response_model=Receipt,
    status_code=201,
    summary="提交答卷（每人一次）",
)
async def answer_survey(
    item_id: ItemId, body: ResponseIn, session: DbSession, identity: CurrentIdentity
) -> Receipt:
    response = await survey.answer(session, identity, item_id, body.answers)
    return Receipt(id=response.id, state="received", created_at=response.created_at)


@router.get(
    "/surveys/{item_id}/results",
    response_model=SurveyResults,
    summary="调查结果（截止后公布，除非调查公开实时结果）",
)
async def survey_results(item_id: ItemId, session: DbSession) -> SurveyResults:
    return await survey.results(session, item_id)


# --- 在线访谈 ---------------------------------------------------------------------------


@router.get("/interviews/{item_id}", response_model=InterviewOut, summary="在线访谈概况")
async def interview_overview(item_id: ItemId, session: DbSession) -> InterviewOut:
    return await interview.overview(session, item_id)


@router.post(
    "/interviews/{item_id}/questions",
    response_model=Receipt,
    status_code=201,
    summary="向访谈嘉宾提问（审核后回答）",
)
async def ask(
    item_id: ItemId, body: InterviewQuestionIn, session: DbSession, identity: CurrentIdentity
) -> Receipt:
    q = await interview.ask(session, identity, item_id, body.body)
    return Receipt(id=q.id, state=q.state, created_at=q.created_at)


@router.get("/interviews/{item_id}/qa", response_model=Page[QaOut], summary="访谈问答实录")
async def public_qa(item_id: ItemId, session: DbSession, page: Pagination) -> Page[QaOut]:
    items, cursor = await interview.public_qa(session, item_id, page)
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/editorial/interviews/{item_id}/questions",
    response_model=Page[EditorInterviewQuestionOut],
    summary="网友提问（采编视图）",
)
async def questions_for_editors(
    item_id: ItemId,
    session: DbSession,
    identity: CurrentIdentity,
    page: Pagination,
    state: Annotated[Literal["pending", "answered", "rejected"], Query()] = "pending",
) -> Page[EditorInterviewQuestionOut]:
    rows, cursor = await interview.questions_for_editors(session, identity, item_id, state, page)
    items = [EditorInterviewQuestionOut.model_validate(q) for q in rows]
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/editorial/interview-questions/{question_id}/answer",
    response_model=EditorInterviewQuestionOut,
    summary="录入嘉宾回答",
)
async def answer_question(
    question_id: uuid.UUID, body: InterviewAnswerIn, session: DbSession, identity: CurrentIdentity
) -> EditorInterviewQuestionOut:
    q = await interview.decide(
        session, identity, question_id, "answer", answer=body.answer, guest=body.guest
    )
    return EditorInterviewQuestionOut.model_validate(q)


@router.post(
    "/editorial/interview-questions/{question_id}/reject",
    response_model=EditorInterviewQuestionOut,
    summary="不予回答",
)
async def reject_question(
    question_id: uuid.UUID, body: DecisionIn, session: DbSession, identity: CurrentIdentity
) -> EditorInterviewQuestionOut:
    q = await interview.decide(session, identity, question_id, "reject", note=body.note)
    return EditorInterviewQuestionOut.model_validate(q)


@router.post(
    "/editorial/interviews/{item_id}/close", status_code=204, summary="结束访谈（停止接受提问）"
)
async def close_interview(item_id: ItemId, session: DbSession, identity: CurrentIdentity) -> None:
    await interview.close(session, identity, item_id)
