"""Each service's Alembic history builds exactly the schema its models declare, and unwinds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from govkit.events.tables import event_metadata
from govkit.migrations import alembic_config, upgrade
from govkit.testing import create_database, drop_database

ROOT = Path(__file__).resolve().parents[1]
SERVICES = {
    "gateway": "gateway",
    "svc-content": "content",
    "svc-tickets": "tickets",
    "svc-policy": "policy",
    "svc-search": "search",
}


def service_metadata(package: str) -> MetaData:
    module = __import__(f"{package}.models", fromlist=["Base"])
    return module.Base.metadata


async def schema_diff(url: str, metadata: MetaData) -> list[object]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:

            def compare(sync_conn):  # type: ignore[no-untyped-def]
                context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
                combined = MetaData()
                for source in (metadata, event_metadata):
                    for table in source.tables.values():
                        table.to_metadata(combined)
                return compare_metadata(context, combined)

            return await conn.run_sync(compare)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("folder", sorted(SERVICES))
async def test_migrations_match_the_models_and_downgrade_cleanly(pg_server, folder):
    url = await create_database(pg_server)
    try:
        migrations = ROOT / folder / "migrations"
        await asyncio.to_thread(upgrade, migrations, url)
        assert await schema_diff(url, service_metadata(SERVICES[folder])) == []
        await asyncio.to_thread(command.downgrade, alembic_config(migrations, url), "base")
        await asyncio.to_thread(upgrade, migrations, url)
    finally:
        await drop_database(pg_server, url)
