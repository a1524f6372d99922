"""Enqueue messages the bot sends on its own initiative (never replies).

A row is written in the same transaction as the change that causes it, so a
rolled-back change sends nothing, and a committed one is sent even if the bot
restarts. The key names the fact ("task:12:assigned"): the same fact never
produces two messages, whoever enqueues it and however often.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from db.models import OutboxMessage, TelegramBinding

MAX_KEY = 200


async def enqueue(
    session: AsyncSession, *, key: str, chat_id: int, now: datetime,
    text: str | None = None, reply_markup: InlineKeyboardMarkup | None = None,
    employee_id: int | None = None, method: str = "sendMessage",
    params: dict[str, Any] | None = None,
) -> bool:
    """Queue one Bot API call; False when a message with this key exists."""
    if len(key) > MAX_KEY:
        raise ValueError(f"outbox key too long: {key!r}")
    payload: dict[str, Any] = {"chat_id": chat_id, **(params or {})}
    if text is not None:
        payload["text" if method == "sendMessage" else "caption"] = text
        payload["parse_mode"] = "HTML"
    if method == "sendMessage":
        payload.setdefault("link_preview_options", {"is_disabled": True})
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup.to_dict()
    values = {"key": key, "chat_id": chat_id, "employee_id": employee_id, "method": method,
              "payload": payload, "status": "pending", "attempts": 0, "created_at": now,
              "next_attempt_at": now}
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(
        insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["key"])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def enqueue_for_employee(
    session: AsyncSession, employee_id: int, *, key: str, now: datetime, text: str,
    reply_markup: InlineKeyboardMarkup | None = None, method: str = "sendMessage",
    params: dict[str, Any] | None = None,
) -> bool:
    """Queue a message to an employee's Telegram chat; False if they have none
    (not activated yet) or the key was used before."""
    binding = await session.scalar(
        select(TelegramBinding).where(TelegramBinding.employee_id == employee_id)
    )
    if binding is None:
        return False
    return await enqueue(session, key=key, chat_id=binding.chat_id, now=now, text=text,
                         reply_markup=reply_markup, employee_id=employee_id, method=method,
                         params=params)
