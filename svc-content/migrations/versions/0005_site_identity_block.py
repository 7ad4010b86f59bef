"""a site's identity block: 主办单位, 网站标识码, ICP备案号

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 19:10:00

What a Chinese government site shows in its footer (国办发〔2017〕47号 政府网站发展指引).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sites", sa.Column("sponsor", sa.String(length=200), nullable=True))
    op.add_column("sites", sa.Column("site_identifier", sa.String(length=16), nullable=True))
    op.add_column("sites", sa.Column("icp_number", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("sites", "icp_number")
    op.drop_column("sites", "site_identifier")
    op.drop_column("sites", "sponsor")
