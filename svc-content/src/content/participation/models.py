"""Public participation on live items: comments on a solicitation (意见征集) and its
published feedback, survey (在线调查) questions and answer sets, interview (在线访谈)
questions and their answers. Every row hangs off the item it belongs to."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from content.db import Base


class SolicitationComment(Base):
    """A citizen's opinion on a solicitation; shown publicly once approved."""

    __tablename__ = "solicitation_comments"
    __table_args__ = (
        Index("ix_solicitation_comments_item_state", "item_id", "state", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    # pending | approved | rejected
    state: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decision_note: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SolicitationFeedback(Base):
    """采纳情况: how many opinions were received and adopted, and why."""

    __tablename__ = "solicitation_feedback"

    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    received: Mapped[int] = mapped_column(Integer)
    adopted: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SurveyQuestion(Base):
    """One question of a survey; choice questions carry options [{"key", "label"}]."""

    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("item_id", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # single | multi | text
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)


class SurveyResponse(Base):
    """One person's answer set; the unique constraint is what makes it one per person."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("item_id", "respondent"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    respondent: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SurveyAnswer(Base):
    """One chosen option (one row per option of a multi-choice answer) or one text answer."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True
    )
    option_key: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)


class InterviewQuestion(Base):
    """A citizen's question to an interview; public once answered (by a guest or the host)."""

    __tablename__ = "interview_questions"
    __table_args__ = (
        Index("ix_interview_questions_item_state", "item_id", "state", "answered_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    asker: Mapped[str] = mapped_column(String(64))
    asker_name: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    # pending | answered | rejected
    state: Mapped[str] = mapped_column(String(16), default="pending")
    answer: Mapped[str | None] = mapped_column(Text)
    # The guest who answered (entered by the editor), or 主持人 for the host.
    answered_by_name: Mapped[str | None] = mapped_column(String(100))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InterviewClosure(Base):
    """The editors closed the interview to new questions (it has ended)."""

    __tablename__ = "interview_closures"

    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    closed_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
