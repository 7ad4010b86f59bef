"""push notices

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:48:27.025259
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_notices_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("credit_code", "measure_id", name="uq_notices_once"),
    )
    op.create_index(op.f("ix_notices_credit_code"), "notices", ["credit_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_notices_credit_code"), table_name="notices")
    op.drop_table("notices")
