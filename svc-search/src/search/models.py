"""Every table of the service, imported here so Alembic and tests see the whole metadata."""

from search.db import Base
from search.sources.models import SourceSite

__all__ = ["Base", "SourceSite"]
