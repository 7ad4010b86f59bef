"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from content.audit.models import AuditEntry
from content.columns.models import Column, ColumnSource
from content.db import Base
from content.items.models import Attachment, Edition, IndexCounter, Item, ItemLink, ItemPlacement
from content.monitoring.models import MonitorProblem, MonitorRun, MonitorWord
from content.sites.models import Site
from content.tags.models import Tag, TagRequest

__all__ = [
    "Attachment",
    "AuditEntry",
    "Base",
    "Column",
    "ColumnSource",
    "Edition",
    "IndexCounter",
    "Item",
    "ItemLink",
    "ItemPlacement",
    "MonitorProblem",
    "MonitorRun",
    "MonitorWord",
    "Site",
    "Tag",
    "TagRequest",
]
