"""Alerts to the admin chat about errors: at most one per kind an hour.

A kind is the exception type and where it happened. The first error of a
kind in an hour queues a message through the outbox under the key
``alert:error:<kind>:<yyyymmddhh>``, so two processes, a restart or a flood
of the same error still make one message; each later one in that hour only
adds to the row's ``repeats``. The next message of the kind says how often
it recurred since the one before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.outbox import ALERT_PREFIX, enqueue
from db.models import OutboxMessage


def error_key_prefix(kind: str) -> str:
    digest = hashlib.sha256(kind.encode()).hexdigest()[:20]
    return f"{ALERT_PREFIX}error:{digest}:"


async def queue_error_alert(
    session: AsyncSession, *, chat_id: int, kind: str, now: datetime,
    render: Callable[[int], str],
) -> bool:
    """Queue the alert of this kind for this hour, ``render(repeats)`` giving its
    text; False (and one more repeat counted) when this hour's is queued already."""
    prefix = error_key_prefix(kind)
    key = f"{prefix}{now:%Y%m%d%H}"
    latest = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.key.startswith(prefix, autoescape=True))
        .order_by(OutboxMessage.id.desc()).limit(1))
    if latest is None or latest.key != key:
        repeats = latest.repeats if latest is not None else 0
        if await enqueue(session, key=key, chat_id=chat_id, now=now, text=render(repeats)):
            return True
    await session.execute(update(OutboxMessage).where(OutboxMessage.key == key)
                          .values(repeats=OutboxMessage.repeats + 1))
    return False
