"""Every table of the service, imported here so Alembic and tests see the whole metadata.
(Identity tables arrive with the gateway issue; for now only govkit's event tables.)"""

from gateway.db import Base

__all__ = ["Base"]
