"""search index, synonyms, best bets, analytics

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A starting set editors can change (GET/POST /synonyms).
SEED_SYNONYMS = (
    ("公积金", "住房公积金"),
    ("医保", "医疗保险", "基本医疗保险"),
    ("社保", "社会保险"),
    ("社保卡", "社会保障卡"),
    ("低保", "最低生活保障"),
    ("身份证", "居民身份证"),
    ("驾照", "驾驶证"),
)


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("search_documents_seq")))
    op.create_table(
        "best_bets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=100), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_best_bets")),
        sa.UniqueConstraint("query", "site", "doc_id", name="uq_best_bets_query_site_doc"),
    )
    op.create_index(op.f("ix_best_bets_query"), "best_bets", ["query"], unique=False)
    op.create_table(
        "fts_documents",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("column_code", sa.String(length=64), nullable=False),
        sa.Column("issuing_body", sa.String(length=200), nullable=False),
        sa.Column("year", sa.String(length=4), nullable=False),
        sa.Column("industries", sa.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("reward_type", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recency", sa.Float(), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR(), nullable=False),
        sa.Column("doc", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_fts_documents")),
    )
    op.create_index(
        "ix_fts_documents_published_at", "fts_documents", ["published_at"], unique=False
    )
    op.create_index(
        "ix_fts_documents_tsv", "fts_documents", ["tsv"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "fts_documents_next",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("column_code", sa.String(length=64), nullable=False),
        sa.Column("issuing_body", sa.String(length=200), nullable=False),
        sa.Column("year", sa.String(length=4), nullable=False),
        sa.Column("industries", sa.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("reward_type", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recency", sa.Float(), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR(), nullable=False),
        sa.Column("doc", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_fts_documents_next")),
    )
    op.create_index(
        "ix_fts_documents_next_tsv",
        "fts_documents_next",
        ["tsv"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "query_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("query", sa.String(length=100), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("zero_results", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "site", "query", name=op.f("pk_query_daily")),
    )
    op.create_table(
        "query_log",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("query", sa.String(length=100), nullable=False),
        sa.Column("endpoint", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("took_ms", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query_log")),
    )
    op.create_index(op.f("ix_query_log_at"), "query_log", ["at"], unique=False)
    op.create_table(
        "search_documents",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("doc", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "seq",
            sa.BigInteger(),
            server_default=sa.text("nextval('search_documents_seq')"),
            nullable=False,
        ),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_search_documents")),
    )
    op.create_index(
        "ix_search_documents_pending_seq",
        "search_documents",
        ["seq"],
        unique=False,
        postgresql_where="pending",
    )
    op.create_table(
        "synonym_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synonym_groups")),
    )
    synonyms = sa.table(
        "synonym_groups", sa.column("terms", sa.ARRAY(sa.String(50))), sa.column("updated_by")
    )
    op.bulk_insert(
        synonyms,
        [{"terms": list(group), "updated_by": "system"} for group in SEED_SYNONYMS],
    )


def downgrade() -> None:
    op.drop_table("synonym_groups")
    op.drop_index(
        "ix_search_documents_pending_seq", table_name="search_documents", postgresql_where="pending"
    )
    op.drop_table("search_documents")
    op.drop_index(op.f("ix_query_log_at"), table_name="query_log")
    op.drop_table("query_log")
    op.drop_table("query_daily")
    op.drop_index(
        "ix_fts_documents_next_tsv", table_name="fts_documents_next", postgresql_using="gin"
    )
    op.drop_table("fts_documents_next")
    op.drop_index("ix_fts_documents_tsv", table_name="fts_documents", postgresql_using="gin")
    op.drop_index("ix_fts_documents_published_at", table_name="fts_documents")
    op.drop_table("fts_documents")
    op.drop_index(op.f("ix_best_bets_query"), table_name="best_bets")
    op.drop_table("best_bets")
    op.execute(sa.schema.DropSequence(sa.Sequence("search_documents_seq")))
