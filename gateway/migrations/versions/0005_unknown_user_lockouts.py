"""login lockout for usernames no account has: unknown_user_lockouts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unknown_user_lockouts",
        sa.Column("name_hash", sa.String(64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("name_hash", name=op.f("pk_unknown_user_lockouts")),
    )
    op.create_index(
        op.f("ix_unknown_user_lockouts_updated_at"),
        "unknown_user_lockouts",
        ["updated_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_unknown_user_lockouts_updated_at"), table_name="unknown_user_lockouts")
    op.drop_table("unknown_user_lockouts")
