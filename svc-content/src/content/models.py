"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from content.db import Base
from content.sites.models import Site

__all__ = ["Base", "Site"]
