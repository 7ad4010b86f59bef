"""The event tables every service database holds: outbox (to publish), inbox (handled ids),
aggregate versions (to drop stale events) and dead letters (for an operator to replay).

They live in govkit's own metadata; each service's first migration creates them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from govkit.db import new_metadata

event_metadata = new_metadata()

outbox = Table(
    "outbox",
    event_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("subject", String(255), nullable=False),
    Column("type", String(255), nullable=False),
    Column("envelope", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text),
    # The relay scans only what is unsent; the partial index keeps that scan tiny.
    Index("ix_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),
)

inbox = Table(
    "inbox",
    event_metadata,
    Column("consumer", String(128), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("type", String(255), nullable=False),
    Column("outcome", String(16), nullable=False),  # applied | stale | ignored
    Column("handled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("consumer", "event_id"),
)

aggregate_versions = Table(
    "aggregate_versions",
    event_metadata,
    Column("consumer", String(128), nullable=False),
    Column("aggregate", String(255), nullable=False),
    Column("version", BigInteger, nullable=False),
    PrimaryKeyConstraint("consumer", "aggregate"),
)

dead_letters = Table(
    "dead_letters",
    event_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("consumer", String(128), nullable=False),
    Column("event_id", Uuid),
    Column("subject", String(255), nullable=False),
    Column("type", String(255)),
    Column("raw", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("replayed_at", DateTime(timezone=True)),
    Index("ix_dead_letters_open", "consumer", "id", postgresql_where=text("replayed_at IS NULL")),
)


def create_event_tables(bind: Connection) -> None:
    """Called from a service's Alembic migration: `create_event_tables(op.get_bind())`."""
    event_metadata.create_all(bind)


def drop_event_tables(bind: Connection) -> None:
    event_metadata.drop_all(bind)
