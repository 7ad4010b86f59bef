"""ticket fingerprint rollups for hot issues

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fingerprint_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("numbers", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "ticket_fingerprints_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("simhash", sa.BigInteger(), nullable=False),
        *_fingerprint_columns(),
        sa.PrimaryKeyConstraint(
            "day", "unit_code", "category", "simhash", name=op.f("pk_ticket_fingerprints_daily")
        ),
    )
    op.create_table(
        "ticket_fingerprints_city_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("simhash", sa.BigInteger(), nullable=False),
        *_fingerprint_columns(),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day", "simhash", name=op.f("pk_ticket_fingerprints_city_daily")),
    )
    # The sweep builds the new tables for the days it recomputes; forgetting how far it had
    # read makes its next run rebuild every rollup, these included, from the tickets.
    op.execute("DELETE FROM ticket_stats_sweep WHERE name = 'rollup'")


def downgrade() -> None:
    op.drop_table("ticket_fingerprints_city_daily")
    op.drop_table("ticket_fingerprints_daily")
