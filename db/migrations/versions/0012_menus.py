"""menus: which command menu each binding's chat was last given

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "manager:id" (bot.menus); empty: the chat has no menu of its own (the default one)
    with op.batch_alter_table("telegram_bindings") as batch:
        batch.add_column(sa.Column("menu", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("telegram_bindings") as batch:
        batch.drop_column("menu")
