"""Tables of the update pipeline: the durable inbox of updates, and the flow
state PTB keeps per user (drafts) and per conversation (the flow's step).

They join ``Base.metadata`` through ``db.models``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


class InboxUpdate(Base):
    """An update as it arrived from Telegram, written before Telegram is told it
    arrived. ``handled_at`` is set in the transaction of the handler that dealt
    with it; a row kept after that makes a repeated ``update_id`` a no-op."""

    __tablename__ = "update_inbox"
    __table_args__ = (Index("ix_update_inbox_handled_at", "handled_at"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[str] = mapped_column(Text)  # the Update's JSON
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FlowUserData(Base):
    """One person's flow drafts (bot.drafts.UserData) as JSON; no row = no draft."""

    __tablename__ = "flow_user_data"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[str] = mapped_column(Text)


class FlowConversation(Base):
    """The step a ConversationHandler (``name``) is at for one key (its chat and
    user ids as a JSON list); no row = no flow in progress."""

    __tablename__ = "flow_conversations"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(Text)  # JSON
