"""event tables and the source-site read model

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from govkit.events import create_event_tables, drop_event_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables(op.get_bind())
    op.create_table(
        "source_sites",
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_source_sites")),
    )
    op.create_index(op.f("ix_source_sites_code"), "source_sites", ["code"])


def downgrade() -> None:
    op.drop_table("source_sites")
    drop_event_tables(op.get_bind())
