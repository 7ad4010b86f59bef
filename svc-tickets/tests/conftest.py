from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tickets_support import Desk, seed_units

from tickets.app import create_app
from tickets.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "migrations"
# Training on the whole 12345 data takes tens of seconds: tests that need a model give the
# app a small one (test_suggestions.py); the classifier itself is tested in test_classify.py.
os.environ.setdefault("TICKETS_CLASSIFIER_ENABLED", "false")


@pytest.fixture
async def client(service_app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with service_app(create_app, Settings, "tickets", MIGRATIONS) as c:
        yield c


@pytest.fixture
async def desk(client, tokens) -> Desk:  # type: ignore[no-untyped-def]
    await seed_units(client)
    return Desk(client, tokens)
