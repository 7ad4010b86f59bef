"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from policy.cases.models import MeasureCases
from policy.db import Base
from policy.districts.models import District
from policy.lifeevents.models import LifeEvent, LifeEventType
from policy.links.models import ContentLink
from policy.policies.models import Measure, Policy
from policy.profiles.models import EnterpriseProfile
from policy.push.models import Notice
from policy.push.subscriptions import Subscription

__all__ = [
    "Base",
    "ContentLink",
    "District",
    "EnterpriseProfile",
    "LifeEvent",
    "LifeEventType",
    "Measure",
    "MeasureCases",
    "Notice",
    "Policy",
    "Subscription",
]
