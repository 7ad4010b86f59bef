from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from search.app import create_app
from search.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "migrations"


@pytest.fixture
async def client(service_app, tmp_path) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with service_app(
        create_app, Settings, "search", MIGRATIONS, index_path=str(tmp_path / "index")
    ) as c:
        yield c
