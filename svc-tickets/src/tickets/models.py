"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from tickets.db import Base
from tickets.disclosure.models import Disclosure
from tickets.knowledge.models import KnowledgeEntry
from tickets.routing.models import RoutingRule
from tickets.stats.models import (
    CategoryDailyStats,
    CityFingerprintDaily,
    DailyStats,
    FingerprintDaily,
    MonthlyStats,
    StatsSweep,
    UnitDailyStats,
)
from tickets.tickets.models import IdempotencyKey, Photo, Ticket, TimelineEntry
from tickets.units.models import Unit

__all__ = [
    "Base",
    "CategoryDailyStats",
    "CityFingerprintDaily",
    "DailyStats",
    "Disclosure",
    "FingerprintDaily",
    "IdempotencyKey",
    "KnowledgeEntry",
    "MonthlyStats",
    "Photo",
    "RoutingRule",
    "StatsSweep",
    "Ticket",
    "TimelineEntry",
    "Unit",
    "UnitDailyStats",
]
