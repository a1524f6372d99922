"""access log: who viewed whose data (UU 27/2022)

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", _ID, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("viewer_id", _ID, nullable=True),
        sa.Column("viewer_role", sa.String(length=16), nullable=False),
        sa.Column("view", sa.String(length=24), nullable=False),
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("everyone", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("unit_ids", sa.Text(), nullable=True),
        sa.Column("supervisor_id", _ID, nullable=True),
        sa.Column("subject_id", _ID, nullable=True),
        sa.ForeignKeyConstraint(["viewer_id"], ["employees.id"], ondelete="SET NULL",
                                name=op.f("fk_access_log_viewer_id_employees")),
        sa.ForeignKeyConstraint(["supervisor_id"], ["employees.id"], ondelete="SET NULL",
                                name=op.f("fk_access_log_supervisor_id_employees")),
        sa.ForeignKeyConstraint(["subject_id"], ["employees.id"], ondelete="CASCADE",
                                name=op.f("fk_access_log_subject_id_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_at", ["at"], unique=False)
        batch_op.create_index("ix_access_log_subject", ["subject_id"], unique=False)
        batch_op.create_index("ix_access_log_supervisor", ["supervisor_id"], unique=False)


def downgrade() -> None:
    op.drop_table("access_log")
