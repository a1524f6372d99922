"""holiday exceptions: agency working days and schedules that work on holidays

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("working", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("schedule_rules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "works_on_holidays", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("schedule_rules", schema=None) as batch_op:
        batch_op.drop_column("works_on_holidays")
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_column("working")
