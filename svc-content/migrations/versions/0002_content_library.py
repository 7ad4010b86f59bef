"""content library

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:28:21.906122
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
        "audit_log",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=True),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id", "id"], unique=False)
    op.create_table(
        "monitor_words",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.Column("suggestion", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=50), nullable=True),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_words")),
        sa.UniqueConstraint("kind", "word", name=op.f("uq_monitor_words_kind")),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_code", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["tags.id"], name=op.f("fk_tags_parent_id_tags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("audience", "facet", "name", name=op.f("uq_tags_audience")),
        sa.UniqueConstraint("code", name=op.f("uq_tags_code")),
    )
    op.create_index(op.f("ix_tags_owner_org_code"), "tags", ["owner_org_code"], unique=False)
    op.create_table(
        "columns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("path", sa.String(length=700), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("update_period_days", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["columns.id"], name=op.f("fk_columns_parent_id_columns")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_columns_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_columns")),
        sa.UniqueConstraint("site_id", "code", name=op.f("uq_columns_site_id")),
    )
    op.create_index(op.f("ix_columns_parent_id"), "columns", ["parent_id"], unique=False)
    op.create_index(op.f("ix_columns_site_id"), "columns", ["site_id"], unique=False)
    op.create_table(
        "index_counters",
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_index_counters_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("site_id", "year", name=op.f("pk_index_counters")),
    )
    op.create_table(
        "monitor_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("problem_count", sa.Integer(), nullable=False),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("items_checked", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_monitor_runs_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_runs")),
    )
    op.create_index(
        op.f("ix_monitor_runs_created_at"), "monitor_runs", ["created_at"], unique=False
    )
    op.create_index(op.f("ix_monitor_runs_site_id"), "monitor_runs", ["site_id"], unique=False)
    op.create_table(
        "tag_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("tag_id", sa.Uuid(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requester_org", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_tag_requests_tag_id_tags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag_requests")),
    )
    op.create_index(op.f("ix_tag_requests_status"), "tag_requests", ["status"], unique=False)
    op.create_table(
        "column_sources",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("column_id", sa.Uuid(), nullable=False),
        sa.Column("source_column_id", sa.Uuid(), nullable=True),
        sa.Column("tag_code", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "(source_column_id IS NULL) <> (tag_code IS NULL)",
            name=op.f("ck_column_sources_one_source"),
        ),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["columns.id"],
            name=op.f("fk_column_sources_column_id_columns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_column_id"],
            ["columns.id"],
            name=op.f("fk_column_sources_source_column_id_columns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_sources")),
        sa.UniqueConstraint(
            "column_id", "source_column_id", "tag_code", name=op.f("uq_column_sources_column_id")
        ),
    )
    op.create_index(
        op.f("ix_column_sources_column_id"), "column_sources", ["column_id"], unique=False
    )
    op.create_index(
        op.f("ix_column_sources_source_column_id"),
        "column_sources",
        ["source_column_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_column_sources_tag_code"), "column_sources", ["tag_code"], unique=False
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("home_column_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.Column("live_edition", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("tag_codes", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=True),
        sa.Column("issuing_body", sa.String(length=200), nullable=True),
        sa.Column("document_number", sa.String(length=64), nullable=True),
        sa.Column("index_number", sa.String(length=100), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["home_column_id"], ["columns.id"], name=op.f("fk_items_home_column_id_columns")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_items_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("index_number", name=op.f("uq_items_index_number")),
    )
    op.create_index(
        "ix_items_column_live",
        "items",
        ["home_column_id", "live", "published_at", "id"],
        unique=False,
    )
    op.create_index("ix_items_issuing_body", "items", ["site_id", "issuing_body"], unique=False)
    op.create_index(op.f("ix_items_kind"), "items", ["kind"], unique=False)
    op.create_index(
        "ix_items_site_live", "items", ["site_id", "live", "published_at", "id"], unique=False
    )
    op.create_index(
        "ix_items_tag_codes", "items", ["tag_codes"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "monitor_problems",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=True),
        sa.Column("column_code", sa.String(length=64), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["monitor_runs.id"],
            name=op.f("fk_monitor_problems_run_id_monitor_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_problems")),
    )
    op.create_index(
        op.f("ix_monitor_problems_run_id"), "monitor_problems", ["run_id"], unique=False
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_attachments_item_id_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index(op.f("ix_attachments_item_id"), "attachments", ["item_id"], unique=False)
    op.create_table(
        "editions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("tag_codes", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=True),
        sa.Column("document_number", sa.String(length=64), nullable=True),
        sa.Column("issuing_body", sa.String(length=200), nullable=True),
        sa.Column("written_on", sa.Date(), nullable=True),
        sa.Column("validity", sa.String(length=16), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("fields", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("links", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("placements", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("findings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("published_by", sa.String(length=64), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_editions_item_id_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editions")),
        sa.UniqueConstraint("item_id", "number", name=op.f("uq_editions_item_id")),
    )
    op.create_index(
        "ix_editions_state_publish_at", "editions", ["state", "publish_at"], unique=False
    )
    op.create_index(
        "uq_editions_one_open",
        "editions",
        ["item_id"],
        unique=True,
        postgresql_where=sa.text(
            "state IN ('draft', 'submitted', 'returned', 'approved', 'scheduled')"
        ),
    )
    op.create_table(
        "item_links",
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["items.id"],
            name=op.f("fk_item_links_source_id_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["items.id"],
            name=op.f("fk_item_links_target_id_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "target_id", "kind", name=op.f("pk_item_links")),
    )
    op.create_index(op.f("ix_item_links_target_id"), "item_links", ["target_id"], unique=False)
    op.create_table(
        "item_placements",
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("column_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["columns.id"],
            name=op.f("fk_item_placements_column_id_columns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["items.id"],
            name=op.f("fk_item_placements_item_id_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "column_id", name=op.f("pk_item_placements")),
    )
    op.create_index(
        op.f("ix_item_placements_column_id"), "item_placements", ["column_id"], unique=False
    )
    op.add_column(
        "sites",
        sa.Column("kind", sa.String(length=16), server_default="department", nullable=False),
    )
    op.add_column("sites", sa.Column("parent_id", sa.Uuid(), nullable=True))
    op.add_column("sites", sa.Column("org_code", sa.String(length=32), nullable=True))
    op.add_column("sites", sa.Column("org_identifier", sa.String(length=32), nullable=True))
    op.add_column(
        "sites",
        sa.Column(
            "index_rule",
            sa.String(length=100),
            server_default="{org_code}/{year}-{seq:05d}",
            nullable=False,
        ),
    )
    op.add_column("sites", sa.Column("position", sa.Integer(), server_default="0", nullable=False))
    op.create_index(op.f("ix_sites_parent_id"), "sites", ["parent_id"], unique=False)
    op.create_foreign_key(op.f("fk_sites_parent_id_sites"), "sites", "sites", ["parent_id"], ["id"])
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_constraint(op.f("fk_sites_parent_id_sites"), "sites", type_="foreignkey")
    op.drop_index(op.f("ix_sites_parent_id"), table_name="sites")
    op.drop_column("sites", "position")
    op.drop_column("sites", "index_rule")
    op.drop_column("sites", "org_identifier")
    op.drop_column("sites", "org_code")
    op.drop_column("sites", "parent_id")
    op.drop_column("sites", "kind")
    op.drop_index(op.f("ix_item_placements_column_id"), table_name="item_placements")
    op.drop_table("item_placements")
    op.drop_index(op.f("ix_item_links_target_id"), table_name="item_links")
    op.drop_table("item_links")
    op.drop_index(
        "uq_editions_one_open",
        table_name="editions",
        postgresql_where=sa.text(
            "state IN ('draft', 'submitted', 'returned', 'approved', 'scheduled')"
        ),
    )
    op.drop_index("ix_editions_state_publish_at", table_name="editions")
    op.drop_table("editions")
    op.drop_index(op.f("ix_attachments_item_id"), table_name="attachments")
    op.drop_table("attachments")
    op.drop_index(op.f("ix_monitor_problems_run_id"), table_name="monitor_problems")
    op.drop_table("monitor_problems")
    op.drop_index("ix_items_tag_codes", table_name="items", postgresql_using="gin")
    op.drop_index("ix_items_site_live", table_name="items")
    op.drop_index(op.f("ix_items_kind"), table_name="items")
    op.drop_index("ix_items_issuing_body", table_name="items")
    op.drop_index("ix_items_column_live", table_name="items")
    op.drop_table("items")
    op.drop_index(op.f("ix_column_sources_tag_code"), table_name="column_sources")
    op.drop_index(op.f("ix_column_sources_source_column_id"), table_name="column_sources")
    op.drop_index(op.f("ix_column_sources_column_id"), table_name="column_sources")
    op.drop_table("column_sources")
    op.drop_index(op.f("ix_tag_requests_status"), table_name="tag_requests")
    op.drop_table("tag_requests")
    op.drop_index(op.f("ix_monitor_runs_site_id"), table_name="monitor_runs")
    op.drop_index(op.f("ix_monitor_runs_created_at"), table_name="monitor_runs")
    op.drop_table("monitor_runs")
    op.drop_table("index_counters")
    op.drop_index(op.f("ix_columns_site_id"), table_name="columns")
    op.drop_index(op.f("ix_columns_parent_id"), table_name="columns")
    op.drop_table("columns")
    op.drop_index(op.f("ix_tags_owner_org_code"), table_name="tags")
    op.drop_table("tags")
    op.drop_table("monitor_words")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
    op.drop_table("audit_log")
    # ### end Alembic commands ###
