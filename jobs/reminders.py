"""Task reminders before the deadline (24 h and 2 h by default) and at it.

Each run looks at the open tasks whose deadline is near or recently past,
works out for each the most urgent reminder that is due — moved into the
assignee's working time, so nobody is reminded at night or on a holiday —
and hands it to the notifier (``TaskReminderDue``), which writes it to the
outbox. The key names the task, the reminder and the deadline: a second run
(or a second bot process) adds nothing, and an approved extension, which
changes the deadline, gets fresh reminders.

An earlier reminder that falls due together with a later one (both moved to
Monday morning, say) is superseded: only the later one is ever written, and
since "the most urgent due" only moves forward, the earlier one never
follows it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import notifier
from bot.config import Settings
from bot.context import HadirContext, deps_of
from bot.events import TaskReminderDue
from bot.notifier import reminder_key
from bot.rules.calendar import HolidayCalendar
from bot.rules.schedule import ScheduleRow
from bot.rules.working_time import HORIZON_DAYS, due_reminder, reminder_times
from bot.services.employees import calendar_of, home_timezone
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
    from bot.context import HadirApp

log = logging.getLogger(__name__)

# a deadline further back than this gets no more reminders (bounds each scan)
OVERDUE_LOOKBACK = timedelta(days=31)
SCAN_SLACK = timedelta(minutes=1)
FIRST_RUN_S = 5
_IN_CHUNK = 500


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


async def enqueue_due_reminders(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Write the due, not yet written reminders to the outbox; how many."""
    tasks = await _open_tasks_near_deadline(session, settings, now)
    if not tasks:
        return 0
    schedules = await _schedules(session, {task.assignee.schedule_code for task in tasks})
    calendar = await _calendar(session, settings, now)

    due: list[TaskReminderDue] = []
    for task in tasks:
        tz = home_timezone(task.assignee)
        times = reminder_times(task.deadline, settings.reminder_offsets_hours,
                               task.deadline_set_at, schedules[task.assignee.schedule_code],
                               tz, calendar)
        found = due_reminder(times, now)
        if found is not None:
            due.append(TaskReminderDue(task=task, actor=None, at=now, label=found[0],
                                       deadline=task.deadline))

    written = await _existing_keys(
        session, [reminder_key(r.task.id, r.label, r.deadline) for r in due])
    fresh = [r for r in due if reminder_key(r.task.id, r.label, r.deadline) not in written]
    return await notifier.publish(session, *fresh, default_language=settings.default_language)


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
