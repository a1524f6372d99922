"""outbox: recipients resolved at send time, conditions, repeats

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:00:00.000000

``escalate``: a row for an employee who is inactive when it is sent goes to
the next active manager up instead of being cancelled. ``requires``: a
condition the sender checks right before sending (``task-open:<id>:<deadline>``
for reminders). ``repeats``: how often the same alert recurred after it was
queued (error alerts are sent at most once an hour per kind).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("escalate", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("requires", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("repeats", sa.Integer(), server_default=sa.text("0"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("repeats")
        batch_op.drop_column("requires")
        batch_op.drop_column("escalate")
