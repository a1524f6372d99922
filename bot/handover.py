"""Work waiting on someone who is no longer active goes to the next one up.

When an employee is deactivated (``hadir employee deactivate`` or the
roster's ``active`` column), the submissions waiting for their verification
and the extension requests waiting for their decision are sent again, with
their buttons, to the next active manager above them (their supervisor, else
the head of their unit or of a unit above), with a first line saying why.
That manager may then verify and decide them (``tasks.may_verify``). Notices
queued later for the inactive person are handed over the same way by the
outbox (``escalate``).
"""

from __future__ import annotations

import html
import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.notifier import handover_key
from bot.services.employees import home_timezone, next_manager_up
from bot.services.outbox import enqueue_for_employee
from bot.task_views import (
    NAME_MAX,
    NOTE_MAX,
    card,
    clip,
    extension_keyboard,
    manager_keyboard,
    short_title,
    when,
)
from bot.texts import text
from db.models import Employee, ExtensionRequest, Task

log = logging.getLogger(__name__)


async def hand_over(session: AsyncSession, inactive: Employee, *, now: datetime,
                    default_language: str) -> int:
    """Queue the waiting work of ``inactive`` to the next one up; how many messages."""
    to_verify = list(await session.scalars(
        select(Task).where(Task.assigned_by_id == inactive.id,
                           Task.status == "awaiting_verification").order_by(Task.id)))
    extensions = list((await session.execute(
        select(ExtensionRequest, Task).join(Task, Task.id == ExtensionRequest.task_id)
        .where(Task.assigned_by_id == inactive.id, ExtensionRequest.status == "pending")
        .order_by(ExtensionRequest.id))).all())
    if not to_verify and not extensions:
        return 0
    found = await next_manager_up(session, inactive)
    if found is None:
        log.warning("nobody above employee %s can take over their waiting work", inactive.id)
        return 0
    target = found[0]
    lang = target.language or default_language
    tz = home_timezone(target)
    queued = 0
    for task in to_verify:
        body = text("tasks.notice.handover_verify", lang,
                    assignee=clip(task.assignee.name, NAME_MAX), card=card(task, now, lang, tz))
        queued += await enqueue_for_employee(
            session, inactive.id, key=handover_key(task.id, inactive.id, "verify"), now=now,
            text=body, reply_markup=manager_keyboard(task, lang), escalate=True,
            default_language=default_language)
    for request, task in extensions:
        body = text("tasks.notice.extension_requested", lang,
                    assignee=html.escape(task.assignee.name), title=short_title(task),
                    old=when(task.deadline, tz, lang), new=when(request.new_deadline, tz, lang),
                    reason=clip(request.reason, NOTE_MAX))
        queued += await enqueue_for_employee(
            session, inactive.id, key=handover_key(task.id, inactive.id, f"ext:{request.id}"),
            now=now, text=body, reply_markup=extension_keyboard(request.id, lang),
            escalate=True, default_language=default_language)
    return queued
