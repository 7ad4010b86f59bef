"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from content.audit.models import AuditEntry
from content.columns.models import Column, ColumnSource
from content.db import Base
from content.items.models import Attachment, Edition, IndexCounter, Item, ItemLink, ItemPlacement
from content.monitoring.models import MonitorProblem, MonitorRun, MonitorWord
from content.participation.models import (
    InterviewClosure,
    InterviewQuestion,
    SolicitationComment,
    SolicitationFeedback,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from content.sites.models import Site
from content.subscriptions.models import ColumnFollow, TagFollow
from content.tags.models import Tag, TagRequest

__all__ = [
    "Attachment",
    "AuditEntry",
    "Base",
    "Column",
    "ColumnFollow",
    "ColumnSource",
    "Edition",
    "IndexCounter",
    "InterviewClosure",
    "InterviewQuestion",
    "Item",
    "ItemLink",
    "ItemPlacement",
    "MonitorProblem",
    "MonitorRun",
    "MonitorWord",
    "Site",
    "SolicitationComment",
    "SolicitationFeedback",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "Tag",
    "TagFollow",
    "TagRequest",
]
