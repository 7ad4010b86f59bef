"""Every table of the service, imported here so Alembic and tests see the whole metadata.
(The policy tables arrive with the policy issue; for now only govkit's event tables.)"""

from policy.db import Base

__all__ = ["Base"]
