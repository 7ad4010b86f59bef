"""One way in for every channel (the REST intake and Open311): a retried Idempotency-Key
returns the first ticket, otherwise the ticket is made, pre-classified when the model is
ready."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from govkit.auth import Identity
from tickets.tickets import intake
from tickets.tickets.models import Ticket
from tickets.tickets.schemas import TicketIn
from tickets.tickets.suggest import suggest_category_code

# Characters above which the classifier runs in a worker thread; an ordinary message is a
# few hundred, where handing it to a thread would cost more than the work.
LONG_TEXT = 1_000


async def submit(
    app: FastAPI,
    identity: Identity,
    body: TicketIn,
    *,
    now: datetime,
    idempotency_key: str | None,
    address: str | None = None,
    step_data: dict[str, Any] | None = None,
) -> tuple[Ticket, bool]:
    """The ticket, and whether an earlier request with the same key made it."""
    intake.ensure_may_submit(identity)
    if len(body.title) + len(body.content) > LONG_TEXT:
        # Segmenting (jieba) and scoring up to 5,200 characters: off the event loop.
        category = await asyncio.to_thread(suggest_category_code, app, body.title, body.content)
    else:
        category = suggest_category_code(app, body.title, body.content)
    return await intake.create(
        app.state.db,
        identity,
        body,
        app.state.settings,
        now=now,
        idempotency_key=idempotency_key,
        suggested_category=category,
        address=address,
        step_data=step_data,
    )
