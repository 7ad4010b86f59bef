"""智能派单: the classifier's categories for a ticket and the unit the routing rules give.

The model trains in the background at startup (a few seconds on the shared 12345 data);
until it is ready, or when the data is missing, tickets are simply not pre-classified."""

from __future__ import annotations

import asyncio
import gc

import structlog
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import Database
from tickets.categories.catalogue import catalogue
from tickets.classify import Classifier, classifier_for
from tickets.routing.service import suggest_unit
from tickets.settings import Settings
from tickets.tickets.models import Ticket
from tickets.tickets.schemas import CategorySuggestionOut, SuggestionsOut
from tickets.units.models import Unit

log = structlog.get_logger("tickets.suggest")


def start_training(app: FastAPI, _: Database) -> None:
    """ServiceSpec.setup: train off the event loop, publish the model on app.state."""
    settings: Settings = app.state.settings
    app.state.classifier = None
    if not settings.classifier_enabled:
        return

    async def train() -> None:
        state = await classifier_for(settings.shared_data_dir)
        if isinstance(state, Classifier):
            app.state.classifier = state
            gc.freeze()  # the model lives as long as the process: keep collections off it
        else:
            log.warning("classifier_unavailable", reason=state.reason)

    app.state.classifier_task = asyncio.get_running_loop().create_task(train())


def _classifier(app: FastAPI) -> Classifier | None:
    state = getattr(app.state, "classifier", None)
    return state if isinstance(state, Classifier) else None


def categories_for(
    app: FastAPI, title: str, content: str, top: int = 3
) -> list[CategorySuggestionOut]:
    model = _classifier(app)
    if model is None:
        return []
    out = []
    for s in model.suggest(title, content, top=top):
        code = catalogue().top_code(s.category)
        if code is not None:
            out.append(
                CategorySuggestionOut(category=code, name=s.category, score=round(s.score, 4))
            )
    return out


def suggest_category_code(app: FastAPI, title: str, content: str) -> str | None:
    best = categories_for(app, title, content, top=1)
    return best[0].category if best else None


async def for_ticket(app: FastAPI, session: AsyncSession, ticket: Ticket) -> SuggestionsOut:
    categories = categories_for(app, ticket.title, ticket.content)
    category = ticket.category or (categories[0].category if categories else None)
    area_path: list[str] = []
    if ticket.area_code:
        area = await session.get(Unit, ticket.area_code)
        area_path = list(area.path) if area else []
    unit = await suggest_unit(session, category, area_path) if category else None
    return SuggestionsOut(
        categories=categories, unit=unit, model_ready=_classifier(app) is not None
    )
