"""One way in for every channel (the REST intake and Open311): a retried Idempotency-Key
returns the first ticket, otherwise the ticket is made, pre-classified when the model is
ready."""

from __future__ import annotations

from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.auth import Identity
from tickets.tickets import intake
from tickets.tickets.models import Ticket
from tickets.tickets.schemas import TicketIn
from tickets.tickets.suggest import suggest_category_code


async def submit(
    app: FastAPI,
    session: AsyncSession,
    identity: Identity,
    body: TicketIn,
    *,
    now: datetime,
    idempotency_key: str | None,
) -> tuple[Ticket, bool]:
    """The ticket, and whether an earlier request with the same key made it."""
    intake.ensure_may_submit(identity)
    if idempotency_key is not None:
        earlier = await intake.replayed(session, identity, idempotency_key, body)
        if earlier is not None:
            return earlier, True
    ticket = await intake.create(
        session,
        app.state.db,
        identity,
        body,
        app.state.settings,
        now=now,
        idempotency_key=idempotency_key,
        suggested_category=suggest_category_code(app, body.title, body.content),
    )
    return ticket, False
