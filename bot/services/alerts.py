"""Alerts to the admin chat about errors: at most one per kind an hour.

A kind is the exception type and where it happened. An error of a kind
that had no message in the last hour queues one through the outbox under the
key ``alert:error:<kind>:<yyyymmddhhmm>``; each later one within the hour
after that message only adds to its row's ``repeats`` (the database, not
memory, keeps this, so a restart or a flood still makes one message). The
hour is counted from the last message, not the clock's hour: errors at 10:59
and 11:00 make one message. The next message of the kind says how often it
recurred since the one before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.outbox import ALERT_PREFIX, enqueue
from db.models import OutboxMessage

QUIET = timedelta(hours=1)  # at most one message of a kind in this long


def error_key_prefix(kind: str) -> str:
    digest = hashlib.sha256(kind.encode()).hexdigest()[:20]
    return f"{ALERT_PREFIX}error:{digest}:"


async def queue_error_alert(
    session: AsyncSession, *, chat_id: int, kind: str, now: datetime,
    render: Callable[[int], str],
) -> bool:
    """Queue the alert of this kind unless one was queued less than an hour
    ago, ``render(repeats)`` giving its text; False (and one more repeat counted
    on that message) when it was."""
    prefix = error_key_prefix(kind)
    latest = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.key.startswith(prefix, autoescape=True))
        .order_by(OutboxMessage.id.desc()).limit(1))
    if latest is None or now >= latest.created_at + QUIET:
        repeats = latest.repeats if latest is not None else 0
        key = f"{prefix}{now:%Y%m%d%H%M}"
        if await enqueue(session, key=key, chat_id=chat_id, now=now, text=render(repeats)):
            return True
        latest = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        if latest is None:
            return False
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == latest.id)
                          .values(repeats=OutboxMessage.repeats + 1))
    return False
