"""policy library, measures, enterprise profiles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:45:52.795038
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enterprise_profiles",
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("industry_code", sa.String(length=8), nullable=True),
        sa.Column("revenue_wan", sa.Float(), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("total_assets_wan", sa.Float(), nullable=True),
        sa.Column("rd_ratio", sa.Float(), nullable=True),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("qualifications", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("size_class", sa.String(length=8), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("credit_code", name=op.f("pk_enterprise_profiles")),
    )
    op.create_index(
        op.f("ix_enterprise_profiles_district"), "enterprise_profiles", ["district"], unique=False
    )
    op.create_index(
        op.f("ix_enterprise_profiles_industry_code"),
        "enterprise_profiles",
        ["industry_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_enterprise_profiles_owner"), "enterprise_profiles", ["owner"], unique=False
    )
    op.create_index(
        op.f("ix_enterprise_profiles_size_class"),
        "enterprise_profiles",
        ["size_class"],
        unique=False,
    )
    op.create_table(
        "policies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=True),
        sa.Column("issuing_body", sa.String(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("industries", postgresql.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column("districts", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("content_item_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policies")),
    )
    op.create_table(
        "measures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("reward_type", sa.String(length=16), nullable=False),
        sa.Column("amount_wan", sa.Float(), nullable=True),
        sa.Column("amount_text", sa.Text(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("condition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policies.id"], name=op.f("fk_measures_policy_id_policies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
    )
    op.create_index(op.f("ix_measures_policy_id"), "measures", ["policy_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_measures_policy_id"), table_name="measures")
    op.drop_table("measures")
    op.drop_table("policies")
    op.drop_index(op.f("ix_enterprise_profiles_size_class"), table_name="enterprise_profiles")
    op.drop_index(op.f("ix_enterprise_profiles_owner"), table_name="enterprise_profiles")
    op.drop_index(op.f("ix_enterprise_profiles_industry_code"), table_name="enterprise_profiles")
    op.drop_index(op.f("ix_enterprise_profiles_district"), table_name="enterprise_profiles")
    op.drop_table("enterprise_profiles")
