"""measure rule cases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:54:11.398753
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "measure_cases",
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("yaml", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_measure_cases_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("measure_id", name=op.f("pk_measure_cases")),
    )


def downgrade() -> None:
    op.drop_table("measure_cases")
