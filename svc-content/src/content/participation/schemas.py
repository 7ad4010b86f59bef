from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_In = ConfigDict(extra="forbid", str_strip_whitespace=True)

# --- 意见征集 ---------------------------------------------------------------------------


class CommentIn(BaseModel):
    model_config = _In

    body: str = Field(min_length=2, max_length=2000, description="意见内容")


class DecisionIn(BaseModel):
    model_config = _In

    note: str | None = Field(default=None, max_length=500, description="审核说明（不公开）")


class CommentOut(BaseModel):
    """A comment as the public sees it: no subject, the name masked."""

    id: uuid.UUID
    author: str
    body: str
    created_at: datetime


class EditorCommentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    author: str
    author_name: str | None
    body: str
    state: str
    decided_by: str | None
    decision_note: str | None
    decided_at: datetime | None
    created_at: datetime


class FeedbackIn(BaseModel):
    model_config = _In

    received: int = Field(ge=0, le=10_000_000, description="收到意见条数（含线下）")
    adopted: int = Field(ge=0, le=10_000_000, description="采纳条数")
    text: str = Field(min_length=2, max_length=20_000, description="采纳情况说明")

    @model_validator(mode="after")
    def adopted_within_received(self) -> FeedbackIn:
        if self.adopted > self.received:
            raise ValueError("采纳条数不能多于收到的意见条数")
        return self


class FeedbackOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    received: int
    adopted: int
    text: str
    published_at: datetime


class SolicitationOut(BaseModel):
    item_id: uuid.UUID
    title: str
    opens_at: datetime
    closes_at: datetime
    status: Literal["not_started", "open", "closed"]
    approved_comments: int
    feedback: FeedbackOut | None


# --- 在线调查 ---------------------------------------------------------------------------

QuestionKind = Literal["single", "multi", "text"]


class QuestionIn(BaseModel):
    model_config = _In

    kind: QuestionKind = Field(description="single 单选 / multi 多选 / text 填空")
    title: str = Field(min_length=1, max_length=300)
    required: bool = True
    options: list[str] = Field(default_factory=list, max_length=20, description="选项文字")

    @model_validator(mode="after")
    def options_fit_kind(self) -> QuestionIn:
        if self.kind == "text" and self.options:
            raise ValueError("填空题不能设置选项")
        if self.kind != "text":
            if len(self.options) < 2:
                raise ValueError("选择题至少需要两个选项")
            if any(not o or len(o) > 100 for o in self.options):
                raise ValueError("选项文字须为 1–100 个字")
            if len(set(self.options)) != len(self.options):
                raise ValueError("选项不能重复")
        return self


class QuestionsIn(BaseModel):
    model_config = _In

    questions: list[QuestionIn] = Field(min_length=1, max_length=50)


class OptionOut(BaseModel):
    key: str
    label: str


class QuestionOut(BaseModel):
    id: uuid.UUID
    position: int
    kind: QuestionKind
    title: str
    required: bool
    options: list[OptionOut]


class AnswerIn(BaseModel):
    model_config = _In

    question_id: uuid.UUID
    options: list[str] = Field(default_factory=list, max_length=20, description="所选选项 key")
    text: str | None = Field(default=None, max_length=2000)


class ResponseIn(BaseModel):
    model_config = _In

    answers: list[AnswerIn] = Field(min_length=1, max_length=50)


class ResponseReceipt(BaseModel):
    id: uuid.UUID
    created_at: datetime


class OptionResult(OptionOut):
    count: int


class QuestionResult(BaseModel):
    id: uuid.UUID
    kind: QuestionKind
    title: str
    answered: int = Field(description="作答人数")
    options: list[OptionResult] = Field(description="各选项人次（填空题为空）")


class SurveyOut(BaseModel):
    item_id: uuid.UUID
    title: str
    opens_at: datetime
    closes_at: datetime
    status: Literal["not_started", "open", "closed"]
    live_results: bool = Field(description="截止前即公开实时结果")
    results_public: bool = Field(description="现在能否查看结果（已截止或公开实时结果）")
    questions: int


class SurveyResults(BaseModel):
    item_id: uuid.UUID
    title: str
    opens_at: datetime
    closes_at: datetime
    status: Literal["not_started", "open", "closed"]
    responses: int
    questions: list[QuestionResult]


# --- 在线访谈 ---------------------------------------------------------------------------


class InterviewQuestionIn(BaseModel):
    model_config = _In

    body: str = Field(min_length=2, max_length=1000, description="提问内容")


class InterviewAnswerIn(BaseModel):
    model_config = _In

    answer: str = Field(min_length=1, max_length=10_000)
    guest: str | None = Field(
        default=None, max_length=100, description="作答嘉宾（须为访谈嘉宾之一；不填为主持人）"
    )


class Receipt(BaseModel):
    """What a citizen gets back: their submission awaits moderation."""

    id: uuid.UUID
    state: str
    created_at: datetime


class EditorInterviewQuestionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    asker: str
    asker_name: str | None
    body: str
    state: str
    answer: str | None
    answered_by_name: str | None
    answered_at: datetime | None
    created_at: datetime


class InterviewOut(BaseModel):
    item_id: uuid.UUID
    title: str
    starts_at: datetime
    guests: list[str]
    status: Literal["not_started", "open", "closed"] = Field(
        description="not_started 未开始（可提前提问）/ open 进行中 / closed 已结束"
    )
    closed_at: datetime | None
    answered: int = Field(description="已回答的提问数")


class QaOut(BaseModel):
    id: uuid.UUID
    asker: str
    question: str
    answer: str
    answered_by: str
    answered_at: datetime


# --- 政民互动 index ---------------------------------------------------------------------

ParticipationKind = Literal["solicitation", "survey", "interview"]


class ParticipationEntry(BaseModel):
    id: uuid.UUID
    kind: ParticipationKind
    title: str
    url: str = Field(description="门户中的互动页面")
    published_at: datetime
    opens_at: datetime = Field(description="征集/调查开始时间；访谈的开始时间")
    closes_at: datetime | None = Field(description="截止时间；访谈结束后为结束时间")
    status: Literal["not_started", "open", "closed"]


class ParticipationIndex(BaseModel):
    solicitations: list[ParticipationEntry]
    surveys: list[ParticipationEntry]
    interviews: list[ParticipationEntry]
