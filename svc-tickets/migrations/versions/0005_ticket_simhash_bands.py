"""ticket simhash bands, indexed for the duplicate check

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BANDS = {
    0: "(simhash & 65535)::integer",
    1: "((simhash >> 16) & 65535)::integer",
    2: "((simhash >> 32) & 65535)::integer",
    3: "((simhash >> 48) & 65535)::integer",
}


def upgrade() -> None:
    for i, expression in BANDS.items():
        op.add_column(
            "tickets",
            sa.Column(
                f"simhash_band{i}",
                sa.Integer(),
                sa.Computed(expression, persisted=True),
                nullable=False,
            ),
        )
        # With created_at, a lookup reads only the window's tickets, however many years the
        # table holds.
        op.create_index(
            f"ix_tickets_simhash_band{i}", "tickets", [f"simhash_band{i}", "created_at"]
        )


def downgrade() -> None:
    for i in BANDS:
        op.drop_index(f"ix_tickets_simhash_band{i}", table_name="tickets")
        op.drop_column("tickets", f"simhash_band{i}")
