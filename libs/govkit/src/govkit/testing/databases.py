"""Per-test databases cloned from a template migrated once per worker: real PostgreSQL,
full isolation, and about as fast as a transaction rollback."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from govkit.db import with_database
from govkit.migrations import upgrade
from govkit.servers import PostgresServer


def migrated_template(server: PostgresServer, name: str, migrations_dir: Path) -> str:
    """Create `tmpl_<name>` and migrate it to head; returns its name. Call once per session."""
    template = f"tmpl_{name}"
    server.psql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE); CREATE DATABASE "{template}";')
    upgrade(migrations_dir, with_database(server.url, template))
    return template


async def create_database(server: PostgresServer, template: str | None = None) -> str:
    """A new empty (or template-cloned) database; returns its asyncpg SQLAlchemy URL."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    conn = await asyncpg.connect(server.dsn())
    try:
        clause = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{clause}')
    finally:
        await conn.close()
    return with_database(server.url, name)


async def drop_database(server: PostgresServer, url: str) -> None:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    conn = await asyncpg.connect(server.dsn())
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextmanager
def database_away(server: PostgresServer, url: str) -> Iterator[None]:
    """The database at `url` accepts no new connection and its open ones are cut, as when
    PostgreSQL is stopped, while the rest of the test cluster keeps running."""
    name = urlsplit(url).path.lstrip("/")
    server.psql(
        f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false;'
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';"
    )
    try:
        yield
    finally:
        server.psql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true;')
