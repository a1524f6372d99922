"""Task reminders before the deadline (24 h and 2 h by default) and at it.

Each run looks at the open tasks whose deadline is near or recently past,
works out for each the most urgent reminder that is due — moved into the
assignee's working time, so nobody is reminded at night or on a holiday —
and writes it to the outbox. The outbox key names the task, the reminder and
the deadline: a second run (or a second bot process) adds nothing, and an
approved extension, which changes the deadline, gets fresh reminders.

An earlier reminder that falls due together with a later one (both moved to
Monday morning, say) is superseded: only the later one is ever written, and
since "the most urgent due" only moves forward, the earlier one never
follows it.
"""

from __future__ import annotations

import html
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import TaskCB
from bot.config import Settings
from bot.context import HadirContext, deps_of
from bot.rules.calendar import HolidayCalendar
from bot.rules.schedule import ScheduleRow
from bot.rules.timefmt import local_time, long_date
from bot.rules.working_time import (
    DEADLINE_LABEL,
    HORIZON_DAYS,
    due_reminder,
    reminder_times,
    time_left_words,
)
from bot.services.employees import calendar_of, home_timezone
from bot.services.outbox import enqueue_for_employee
from bot.services.outbox_recipients import task_open_condition
from bot.texts import text
from db.models import (
    OPEN_TASK_STATUSES,
    Employee,
    Holiday,
    OutboxMessage,
    ScheduleRule,
    Task,
    TelegramBinding,
)

if TYPE_CHECKING:
    from bot.app import HadirApp

log = logging.getLogger(__name__)

# a deadline further back than this gets no more reminders (bounds each scan)
OVERDUE_LOOKBACK = timedelta(days=31)
SCAN_SLACK = timedelta(minutes=1)
FIRST_RUN_S = 5
_IN_CHUNK = 500


def reminder_key(task_id: int, label: str, deadline: datetime) -> str:
    return f"task:{task_id}:remind:{label}:{int(deadline.timestamp())}"


async def _open_tasks_near_deadline(
    session: AsyncSession, settings: Settings, now: datetime
) -> list[Task]:
    """Open tasks of active, reachable employees whose reminders may be due.

    Reminders only move later, never earlier, so one is due only when the
    deadline minus its offset has passed: deadline <= now + largest offset.
    """
    ahead = timedelta(hours=max(settings.reminder_offsets_hours, default=0.0)) + SCAN_SLACK
    reachable = exists().where(TelegramBinding.employee_id == Task.assignee_id)
    query = (
        select(Task)
        .join(Employee, Employee.id == Task.assignee_id)
        .where(
            Task.status.in_(OPEN_TASK_STATUSES),
            Task.deadline <= now + ahead,
            Task.deadline >= now - OVERDUE_LOOKBACK,
            Employee.active.is_(True),
            reachable,
        )
        .order_by(Task.deadline, Task.id)
    )
    return list(await session.scalars(query))


async def _schedules(session: AsyncSession, codes: set[str]) -> dict[str, list[ScheduleRow]]:
    by_code: dict[str, list[ScheduleRow]] = defaultdict(list)
    for row in await session.scalars(select(ScheduleRule).where(ScheduleRule.code.in_(codes))):
        by_code[row.code].append(row)
    return by_code


async def _calendar(session: AsyncSession, settings: Settings, now: datetime) -> HolidayCalendar:
    """National holidays plus the local ones of every date a scan can look at."""
    first = (now - OVERDUE_LOOKBACK - timedelta(days=2)).date()
    last = (now + timedelta(days=HORIZON_DAYS + 2)).date()
    rows = await session.scalars(select(Holiday).where(Holiday.date.between(first, last)))
    local = {row.date: (row.name, row.working) for row in rows}
    return calendar_of(settings.holiday_categories, local)


async def _existing_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(keys), _IN_CHUNK):
        chunk = keys[i : i + _IN_CHUNK]
        found.update(await session.scalars(select(OutboxMessage.key).where(
            OutboxMessage.key.in_(chunk))))
    return found


def render_reminder(
    task: Task, label: str, now: datetime, lang: str, tz: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup]:
    local = task.deadline.astimezone(tz)
    body = text(
        "reminders.due" if label == DEADLINE_LABEL else "reminders.before",
        lang,
        title=html.escape(task.title),
        deadline=f"{long_date(local.date(), lang)} {local_time(local, tz)}",
        left=time_left_words(task.deadline, now, lang),
    )
    button = InlineKeyboardButton(text("reminders.open", lang),
                                  callback_data=TaskCB("open", task.id).pack())
    return body, InlineKeyboardMarkup([[button]])


async def enqueue_due_reminders(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Write the due, not yet written reminders to the outbox; how many."""
    tasks = await _open_tasks_near_deadline(session, settings, now)
    if not tasks:
        return 0
    schedules = await _schedules(session, {task.assignee.schedule_code for task in tasks})
    calendar = await _calendar(session, settings, now)

    due: list[tuple[Task, str, ZoneInfo, str]] = []
    for task in tasks:
        tz = home_timezone(task.assignee)
        times = reminder_times(task.deadline, settings.reminder_offsets_hours,
                               task.deadline_set_at, schedules[task.assignee.schedule_code],
                               tz, calendar)
        found = due_reminder(times, now)
        if found is not None:
            label = found[0]
            due.append((task, label, tz, reminder_key(task.id, label, task.deadline)))

    written = await _existing_keys(session, [key for *_, key in due])
    count = 0
    for task, label, tz, key in due:
        if key in written:
            continue
        lang = task.assignee.language or settings.default_language
        body, markup = render_reminder(task, label, now, lang, tz)
        # checked again when it is sent: the task may be submitted meanwhile
        if await enqueue_for_employee(session, task.assignee_id, key=key, now=now, text=body,
                                      reply_markup=markup,
                                      requires=task_open_condition(task.id, task.deadline)):
            count += 1
    return count


async def reminders_job(context: HadirContext) -> None:
    deps = context.deps
    async with deps.db.transaction() as session:
        count = await enqueue_due_reminders(session, deps.settings, deps.clock.now())
    if count:
        log.info("reminders: %d task reminders queued", count)


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    interval = deps_of(app).settings.reminder_scan_interval_s
    app.job_queue.run_repeating(reminders_job, interval=interval,
                                first=min(FIRST_RUN_S, interval), name="task_reminders")
