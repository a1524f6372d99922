"""The one path from what happened to who is told: events become outbox rows.

Each family of events (``bot.events.<family>``) has a module here that says
who gets which message in their language (``notices_for``) and alone knows
the outbox keys of those messages; other code builds and reads keys with its
functions, never by hand. ``publish`` writes the notices to the outbox in the
transaction of the change, so a rolled-back change tells nobody, and a key
used before (a double tap, a job run twice, a restart) writes nothing.

Families, in the order their notices are queued:
    tasks        task changes and reminders (bot.notifier.tasks)
    patterns     chronic lateness, PP 94/2021 bands, overdue tasks and their
                 digest, dispensations (bot.notifier.patterns)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import patterns, tasks
from bot.notifier.base import Notice
from bot.notifier.tasks import (
    ASSIGNEE,
    MANAGER,
    ReminderKey,
    assigned_key,
    change_key,
    evidence_file_notice,
    evidence_key,
    file_method,
    handover_key,
    is_reminder_key,
    notices_for,
    parse_reminder_key,
    reminder_key,
    reminder_keys,
    task_of_key,
    withdraw_reminders,
)
from bot.services.outbox import bindings_of, enqueue_for_employee

__all__ = [
    "ASSIGNEE", "MANAGER", "Notice", "ReminderKey", "assigned_key", "change_key",
    "evidence_file_notice", "evidence_key", "file_method", "handover_key", "is_reminder_key",
    "notices_for", "parse_reminder_key", "publish", "reminder_key", "reminder_keys",
    "task_of_key", "withdraw_reminders",
]


class Happened(Protocol):
    """Any event a service returns: it knows when it happened."""

    @property
    def at(self) -> datetime: ...


@dataclass(frozen=True)
class Family:
    """The events one module of this package turns into notices."""

    events: tuple[type, ...]
    notices_for: Callable[[Any, str], list[Notice]]
    # run before the notices are queued (tasks: withdraw reminders no longer due)
    before: Callable[[AsyncSession, Sequence[Any]], Awaitable[None]] | None = None


FAMILIES: tuple[Family, ...] = (
    Family(tasks.EVENTS, tasks.notices_for, tasks.before_publish),
    Family(patterns.EVENTS, patterns.notices_for),
)


def _family(event: Happened) -> Family:
    for family in FAMILIES:
        if isinstance(event, family.events):
            return family
    raise TypeError(f"no notifier family for {type(event).__name__}")


async def publish(session: AsyncSession, *events: Happened, default_language: str) -> int:
    """Queue what ``events`` cause, in this transaction; how many rows were
    written (a key used before, or a receiver without Telegram, writes none).
    The receivers' bindings are loaded in one query, however many events."""
    families = [_family(event) for event in events]
    for family in FAMILIES:
        mine = [event for event, f in zip(events, families, strict=True) if f is family]
        if mine and family.before is not None:
            await family.before(session, mine)
    notices = [(event, notice) for event, family in zip(events, families, strict=True)
               for notice in family.notices_for(event, default_language)]
    bindings = await bindings_of(session, (notice.employee_id for _, notice in notices))
    queued = 0
    for event, notice in notices:
        queued += await enqueue_for_employee(
            session, notice.employee_id, key=notice.key, now=event.at, text=notice.text,
            reply_markup=notice.markup, method=notice.method, params=notice.params,
            escalate=notice.escalate, requires=notice.requires, bindings=bindings,
            default_language=default_language)
    return queued
