"""album evidence: every file of a submission, and the album it came in

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("task_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("media_group_id", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_task_events_media_group_id"), ["media_group_id"], unique=False
        )
    op.create_table(
        "task_evidence",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("event_id", BIG_ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=256), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["task_events.id"], name=op.f("fk_task_evidence_event_id_task_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_evidence")),
        sa.UniqueConstraint(
            "event_id", "position", name=op.f("uq_task_evidence_event_id_position")
        ),
    )
    with op.batch_alter_table("task_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_evidence_event_id"), ["event_id"], unique=False)
    # the evidence submitted so far: one file each, kept on the history row
    op.execute(
        "INSERT INTO task_evidence (event_id, position, kind, file_id, file_name) "
        "SELECT id, 1, evidence_kind, evidence_file_id, evidence_name FROM task_events "
        "WHERE evidence_file_id IS NOT NULL AND evidence_kind IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("task_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_evidence_event_id"))
    op.drop_table("task_evidence")
    with op.batch_alter_table("task_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_events_media_group_id"))
        batch_op.drop_column("media_group_id")
