"""ticket serials from a sequence per day; the counter table goes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 18:40:00

The sequences are made on demand by the intake (tickets/tickets/numbers.py), each starting
after the highest number its day already has, so nothing is carried over from the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("ticket_number_counters")


def downgrade() -> None:
    op.create_table(
        "ticket_number_counters",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_ticket_number_counters")),
    )
    # Carry on from the highest number of each day, as the sequences did.
    op.execute(
        "INSERT INTO ticket_number_counters (day, last)"
        " SELECT created_on, max(split_part(number, '-', 3)::int) FROM tickets"
        " GROUP BY created_on"
    )
    op.execute(
        "DO $$ DECLARE s record; BEGIN"
        " FOR s IN SELECT relname FROM pg_class WHERE relkind = 'S'"
        " AND relname LIKE 'ticket\\_serial\\_%' LOOP"
        " EXECUTE format('DROP SEQUENCE %I', s.relname); END LOOP; END $$"
    )
