"""seed the tag library (标签库) and the monitoring word lists

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Loads the files shipped with the package at the time this migration runs. After that the
tag library changes only through approved requests and the word lists through the
monitoring API; editing the files changes new databases only.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from content.monitoring.wordcheck import (
    load_allowed_words,
    load_mistyped_words,
    load_sensitive_words,
)
from content.tags.seed import load_seed

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

tags = sa.table(
    "tags",
    sa.column("id", sa.Uuid()),
    sa.column("code", sa.String()),
    sa.column("name", sa.String()),
    sa.column("audience", sa.String()),
    sa.column("facet", sa.String()),
    sa.column("parent_id", sa.Uuid()),
    sa.column("description", sa.Text()),
    sa.column("active", sa.Boolean()),
    sa.column("version", sa.Integer()),
)
words = sa.table(
    "monitor_words",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("word", sa.String()),
    sa.column("suggestion", sa.String()),
    sa.column("category", sa.String()),
    sa.column("level", sa.SmallInteger()),
    sa.column("active", sa.Boolean()),
    sa.column("updated_by", sa.String()),
)


def upgrade() -> None:
    seed = load_seed()
    ids = {t.code: uuid.uuid4() for t in seed}
    op.bulk_insert(
        tags,
        [
            {
                "id": ids[t.code],
                "code": t.code,
                "name": t.name,
                "audience": t.audience.value,
                "facet": t.facet.value,
                "parent_id": ids[t.parent_code] if t.parent_code else None,
                "description": "",
                "active": True,
                "version": 1,
            }
            for t in seed
        ],
    )
    rows = [
        {
            "kind": "sensitive",
            "word": w.word,
            "suggestion": None,
            "category": w.category,
            "level": w.level,
        }
        for w in load_sensitive_words()
    ]
    rows += [
        {
            "kind": "mistyped",
            "word": w.wrong,
            "suggestion": w.right,
            "category": None,
            "level": None,
        }
        for w in load_mistyped_words()
    ]
    rows += [
        {"kind": "allowed", "word": w, "suggestion": None, "category": None, "level": None}
        for w in load_allowed_words()
    ]
    op.bulk_insert(
        words, [{"id": uuid.uuid4(), "active": True, "updated_by": "system", **r} for r in rows]
    )


def downgrade() -> None:
    op.execute("DELETE FROM monitor_words")
    op.execute("UPDATE tags SET parent_id = NULL")
    op.execute("DELETE FROM tags")
