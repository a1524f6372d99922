"""The one path from what happened to who is told: events become outbox rows.

Each family of events (``bot.events.<family>``) has a module here that says
who gets which message in their language (``notices_for``) and alone knows
the outbox keys of those messages; other code builds and reads keys with its
functions, never by hand. ``publish`` writes the notices to the outbox in the
transaction of the change, so a rolled-back change tells nobody, and a key
used before (a double tap, a job run twice, a restart) writes nothing.

Families, in the order their notices are queued:
    tasks        task changes and reminders (bot.notifier.tasks)
    day          check-in/out reminders, no-show digests (bot.notifier.day)
    presence     mid-day presence checks: asks, absences, digests (bot.notifier.presence)
    patterns     chronic lateness, PP 94/2021 bands, overdue tasks and their
                 digest, dispensations (bot.notifier.patterns)
    leave        leave and permission requests (bot.notifier.leave)
    summary      the weekly summary: its chart, its text (bot.notifier.summary)

A notice may upload a file (``Notice.file``): its bytes are stored once
(``bot.services.outbox_files``) for the messages not queued before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import day, leave, patterns, presence, summary, tasks
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
from bot.services.outbox import Direct, enqueue_for_employee, enqueue_many
from bot.services.outbox_files import release_unused, store_uploads
from db.models import Employee, TelegramBinding

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
    Family(day.EVENTS, day.notices_for),
    Family(presence.EVENTS, presence.notices_for),
    Family(patterns.EVENTS, patterns.notices_for),
    Family(leave.EVENTS, leave.notices_for),
    Family(summary.EVENTS, summary.notices_for),
)


def _family(event: Happened) -> Family:
    for family in FAMILIES:
        if isinstance(event, family.events):
            return family
    raise TypeError(f"no notifier family for {type(event).__name__}")


async def publish(session: AsyncSession, *events: Happened, default_language: str) -> int:
    """Queue what ``events`` cause, in this transaction; how many rows were
    written (a key used before, or a receiver without Telegram, writes none).
    The receivers are looked up in one query and the messages to active ones
    written in one statement, however many events: a job telling thousands
    of people runs as few queries as one telling two."""
    families = [_family(event) for event in events]
    for family in FAMILIES:
        mine = [event for event, f in zip(events, families, strict=True) if f is family]
        if mine and family.before is not None:
            await family.before(session, mine)
    notices = [(event, notice) for event, family in zip(events, families, strict=True)
               for notice in family.notices_for(event, default_language)]
    reach = await _reach(session, {notice.employee_id for _, notice in notices})
    uploads = [(notice.key, notice.file) for event, notice in notices if notice.file is not None]
    files = await store_uploads(session, uploads, notices[0][0].at) if uploads else {}
    queued = 0
    run: list[Direct] = []  # consecutive plain messages: one statement (queue order kept)
    for event, notice in notices:
        active, chat_id = reach.get(notice.employee_id, (True, None))
        file_id = files.get(notice.key)
        field = notice.file.field if notice.file is not None else None
        if notice.file is not None and file_id is None:
            continue  # queued before: its file was not stored again
        if active and chat_id is not None:
            run.append(Direct(notice.employee_id, chat_id, notice.key, event.at, notice.text,
                              notice.markup, notice.method, notice.params, notice.escalate,
                              notice.requires, file_id, field))
        elif not active:  # an inactive receiver: perhaps the next one up takes it
            queued += await enqueue_many(session, run)
            run = []
            queued += await enqueue_for_employee(
                session, notice.employee_id, key=notice.key, now=event.at, text=notice.text,
                reply_markup=notice.markup, method=notice.method, params=notice.params,
                escalate=notice.escalate, requires=notice.requires,
                default_language=default_language, file_id=file_id, file_field=field)
        # active without Telegram (not activated yet): nothing to send
    queued += await enqueue_many(session, run)
    if files:  # a receiver without Telegram, or nobody above an inactive one
        await release_unused(session, set(files.values()))
    return queued


_IN_CHUNK = 5000  # ids per IN list (SQLite takes at most 32766 parameters)


async def _reach(session: AsyncSession, employee_ids: set[int]
                 ) -> dict[int, tuple[bool, int | None]]:
    """Whether each receiver is active, and their chat: plain columns, one
    query per 5000 receivers."""
    ids = sorted(employee_ids)
    found: dict[int, tuple[bool, int | None]] = {}
    for i in range(0, len(ids), _IN_CHUNK):
        rows = await session.execute(
            select(Employee.id, Employee.active, TelegramBinding.chat_id)
            .outerjoin(TelegramBinding, TelegramBinding.employee_id == Employee.id)
            .where(Employee.id.in_(ids[i:i + _IN_CHUNK])))
        found.update({id_: (bool(active), chat) for id_, active, chat in rows})
    return found
