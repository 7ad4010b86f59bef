"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from gateway.accesslog.models import AccessLogEntry
from gateway.apikeys.models import ApiKey
from gateway.audit.models import AuditEvent
from gateway.db import Base
from gateway.orgs.models import Org
from gateway.privacy.models import Erasure, ErasureConfirmation
from gateway.tokens.models import RefreshToken, SigningKey
from gateway.users.models import RoleGrant, User

__all__ = [
    "AccessLogEntry",
    "ApiKey",
    "AuditEvent",
    "Base",
    "Erasure",
    "ErasureConfirmation",
    "Org",
    "RefreshToken",
    "RoleGrant",
    "SigningKey",
    "User",
]
