"""What a partner API key must carry to call a route (govkit refuses a partner on any route
that names no scope). Only intake is open to partners today."""

from __future__ import annotations

from typing import Annotated

from fastapi import Security

from govkit.auth import Identity, current_identity, optional_identity

TICKETS_WRITE = "tickets:write"

# Submits tickets: citizens and hotline staff by their roles, partner keys with tickets:write.
Submitter = Annotated[Identity, Security(current_identity, scopes=[TICKETS_WRITE])]
# Open311's POST answers a missing key in GeoReport's own words, so the identity is optional.
OptionalSubmitter = Annotated[Identity | None, Security(optional_identity, scopes=[TICKETS_WRITE])]
