"""life events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 13:56:42.552551
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_CHAINS = [
    {
        "code": "newborn",
        "name": "新生儿出生",
        "steps": [
            {"title": "领取出生医学证明", "service": "出生医学证明办理", "due_days": 7},
            {"title": "办理户口登记", "service": "出生登记（户口申报）", "due_days": 30},
            {"title": "预防接种建卡", "service": "儿童预防接种证办理", "due_days": 30},
            {"title": "参加城乡居民医疗保险", "service": "新生儿参保登记", "due_days": 90},
            {"title": "申领社会保障卡", "service": "社会保障卡申领", "due_days": 120},
        ],
    },
    {
        "code": "graduate",
        "name": "高校毕业生报到",
        "steps": [
            {"title": "办理报到手续", "service": "高校毕业生就业报到", "due_days": 30},
            {"title": "转递人事档案", "service": "流动人员人事档案接收", "due_days": 60},
            {"title": "转移社会保险关系", "service": "养老保险关系转移接续", "due_days": 90},
            {"title": "申领人才补贴", "service": "高校毕业生就业补贴申领", "due_days": 180},
            {"title": "办理人才落户", "service": "人才引进落户", "due_days": 365},
        ],
    },
    {
        "code": "retirement",
        "name": "职工退休",
        "steps": [
            {"title": "申请退休审批", "service": "企业职工退休审批", "due_days": 30},
            {"title": "申领基本养老金", "service": "基本养老金申领", "due_days": 30},
            {"title": "办理医保退休待遇", "service": "职工医保退休人员待遇核定", "due_days": 60},
        ],
    },
    {
        "code": "business_start",
        "name": "个人创业开办企业",
        "steps": [
            {"title": "办理营业执照", "service": "企业开办一网通办", "due_days": 0},
            {"title": "刻制公章", "service": "印章刻制备案", "due_days": 7},
            {"title": "办理税务登记和发票申领", "service": "新办纳税人套餐", "due_days": 30},
            {"title": "员工参保登记", "service": "单位社会保险登记", "due_days": 30},
            {"title": "申请创业补贴", "service": "一次性创业补贴申领", "due_days": 365},
        ],
    },
]


def upgrade() -> None:
    op.create_table(
        "life_event_types",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("steps", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_life_event_types")),
    )
    # The chains a city starts with (officers change them afterwards, through the API).
    # A snapshot, not an import: later edits to the defaults must not rewrite history.
    op.bulk_insert(
        sa.table(
            "life_event_types",
            sa.column("code", sa.String),
            sa.column("name", sa.String),
            sa.column("steps", postgresql.JSONB),
            sa.column("version", sa.Integer),
        ),
        [{**chain, "version": 1} for chain in DEFAULT_CHAINS],
    )
    op.create_table(
        "life_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["event_type"],
            ["life_event_types.code"],
            name=op.f("fk_life_events_event_type_life_event_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_life_events")),
    )
    op.create_index(op.f("ix_life_events_subject"), "life_events", ["subject"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_life_events_subject"), table_name="life_events")
    op.drop_table("life_events")
    op.drop_table("life_event_types")
