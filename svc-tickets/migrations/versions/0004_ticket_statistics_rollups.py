"""ticket statistics rollups

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:23:01.116135
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
        "ticket_stats_category_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("replied_on_time", sa.Integer(), nullable=False),
        sa.Column("handling_seconds", sa.BigInteger(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "category", name=op.f("pk_ticket_stats_category_daily")),
    )
    op.create_table(
        "ticket_stats_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("replied_on_time", sa.Integer(), nullable=False),
        sa.Column("handling_seconds", sa.BigInteger(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "unit_code", "category", name=op.f("pk_ticket_stats_daily")),
    )
    op.create_table(
        "ticket_stats_monthly",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("replied_on_time", sa.Integer(), nullable=False),
        sa.Column("handling_seconds", sa.BigInteger(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month", "unit_code", "category", name=op.f("pk_ticket_stats_monthly")
        ),
    )
    op.create_table(
        "ticket_stats_sweep",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("timeline_id", sa.BigInteger(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_ticket_stats_sweep")),
    )
    op.create_table(
        "ticket_stats_unit_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("replied_on_time", sa.Integer(), nullable=False),
        sa.Column("handling_seconds", sa.BigInteger(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "unit_code", name=op.f("pk_ticket_stats_unit_daily")),
    )
    op.create_index(
        "ix_ticket_timeline_reassign_at",
        "ticket_timeline",
        ["at"],
        unique=False,
        postgresql_where=sa.text("action = 'reassign'"),
    )
    op.create_index(
        "ix_tickets_closed_at",
        "tickets",
        ["closed_at"],
        unique=False,
        postgresql_where=sa.text("closed_at IS NOT NULL"),
    )
    op.create_index(
        "ix_tickets_replied_at",
        "tickets",
        ["replied_at"],
        unique=False,
        postgresql_where=sa.text("replied_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_tickets_replied_at",
        table_name="tickets",
        postgresql_where=sa.text("replied_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_tickets_closed_at",
        table_name="tickets",
        postgresql_where=sa.text("closed_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_ticket_timeline_reassign_at",
        table_name="ticket_timeline",
        postgresql_where=sa.text("action = 'reassign'"),
    )
    op.drop_table("ticket_stats_unit_daily")
    op.drop_table("ticket_stats_sweep")
    op.drop_table("ticket_stats_monthly")
    op.drop_table("ticket_stats_daily")
    op.drop_table("ticket_stats_category_daily")
