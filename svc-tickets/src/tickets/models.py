"""Every table of the service, imported here so Alembic and tests see the whole metadata.
(The ticket tables arrive with the tickets issue; for now only govkit's event tables.)"""

from tickets.db import Base

__all__ = ["Base"]
