"""policies follow their content items: status, source state, links, where to apply

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "policies",
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
    )
    op.add_column("policies", sa.Column("source_state", sa.String(length=16), nullable=True))
    op.add_column("policies", sa.Column("content_url", sa.Text(), nullable=True))
    op.create_unique_constraint(
        op.f("uq_policies_content_item_id"), "policies", ["content_item_id"]
    )
    op.add_column("measures", sa.Column("apply_item_id", sa.Uuid(), nullable=True))
    op.create_table(
        "content_links",
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("document_item_id", sa.Uuid(), nullable=False),
        sa.Column("item_kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint(
            "item_id", "kind", "document_item_id", name=op.f("pk_content_links")
        ),
    )
    op.create_index(
        op.f("ix_content_links_document_item_id"),
        "content_links",
        ["document_item_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_content_links_document_item_id"), table_name="content_links")
    op.drop_table("content_links")
    op.drop_column("measures", "apply_item_id")
    op.drop_constraint(op.f("uq_policies_content_item_id"), "policies", type_="unique")
    op.drop_column("policies", "content_url")
    op.drop_column("policies", "source_state")
    op.drop_column("policies", "status")
