from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from content.app import create_app
from content.settings import Settings
from govkit.testing import service_client

MIGRATIONS = Path(__file__).parents[1] / "migrations"


@pytest.fixture
async def client(fresh_database, nats_url, tokens) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    url = await fresh_database("content", MIGRATIONS)
    settings = Settings(database_url=url, nats_url=nats_url)
    async with service_client(create_app, settings, tokens) as c:
        yield c
