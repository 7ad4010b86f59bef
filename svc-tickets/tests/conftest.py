from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tickets_support import Desk, seed_units

from tickets.app import create_app
from tickets.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "migrations"


@pytest.fixture
async def client(service_app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with service_app(create_app, Settings, "tickets", MIGRATIONS) as c:
        yield c


@pytest.fixture
async def desk(client, tokens) -> Desk:  # type: ignore[no-untyped-def]
    await seed_units(client)
    return Desk(client, tokens)
