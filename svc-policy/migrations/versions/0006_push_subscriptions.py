"""push subscriptions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:04:54.405832
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("reward_types", postgresql.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("industries", postgresql.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("credit_code", name=op.f("pk_subscriptions")),
    )


def downgrade() -> None:
    op.drop_table("subscriptions")
