"""ticket reply clock start, so estimated deadlines can be recomputed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The day the reply clock last started, as `start_clock` saw it (the action's time in China):
# the last 重办 if there was one, else the first 派单 (later 派单 after a 退回 keep the clock,
# 转办 and 下派 too); tickets written without a timeline fall back to their `assigned_at`.
# Only open tickets: they are the only ones whose deadline can still be recomputed (a closed
# or answered ticket gets a new start when it is reopened), and updating every dispatched
# ticket here would hold the table's lock from ADD COLUMN through a rewrite of all history.
# The working days stay NULL: the kind's configured days, what `start_clock` used, stand in.
BACKFILL = """
UPDATE tickets t SET clock_started_on = coalesce(
    (SELECT (e.at AT TIME ZONE 'Asia/Shanghai')::date FROM ticket_timeline e
     WHERE e.ticket_id = t.id AND e.action = 'reopen' ORDER BY e.id DESC LIMIT 1),
    (SELECT (e.at AT TIME ZONE 'Asia/Shanghai')::date FROM ticket_timeline e
     WHERE e.ticket_id = t.id AND e.action = 'assign' ORDER BY e.id LIMIT 1),
    (t.assigned_at AT TIME ZONE 'Asia/Shanghai')::date
)
WHERE t.due_on IS NOT NULL AND t.clock_started_on IS NULL
  AND t.state IN ('received', 'assigned', 'accepted', 'in_progress', 'returned')
"""


def upgrade() -> None:
    op.add_column("tickets", sa.Column("clock_started_on", sa.Date(), nullable=True))
    op.add_column("tickets", sa.Column("clock_working_days", sa.SmallInteger(), nullable=True))
    op.create_index(
        "ix_tickets_due_estimated",
        "tickets",
        ["id"],
        postgresql_where=sa.text("due_estimated"),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_index("ix_tickets_due_estimated", table_name="tickets")
    op.drop_column("tickets", "clock_working_days")
    op.drop_column("tickets", "clock_started_on")
