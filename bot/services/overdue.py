"""Overdue tasks: told once when the deadline passes, escalated to the unit
head after some working days, and each supervisor's morning digest.

* **The deadline passed.** Just after the deadline, moved into the
  assignee's working time, the assignee and the supervisor who gave the task
  (``task.assigned_by``) are told once per task and deadline (``Alert``
  ``task-overdue:<task>:<deadline>``): an approved extension makes a new
  deadline, which may pass in its turn.
* **Escalation.** Overdue by ``OVERDUE_ESCALATE_WORKING_DAYS`` working days
  of the assignee's schedule and holidays: the head of the assignee's unit
  (one above, when the head gave the task) is told once
  (``task-escalated:<task>:<deadline>``).
* **The digest.** At ``OVERDUE_DIGEST_TIME`` local time of each supervisor's
  home office, on their working days, the tasks they gave that were overdue
  at that time, and those stalled then (no progress report for
  ``STALLED_TASK_WORKING_DAYS`` working days while the deadline falls within
  as many working days). A window claim per supervisor and date sends it
  once; after an outage only today's digest goes, once, until the end of the
  supervisor's working period; a supervisor with nothing gets nothing.

Each message re-checks at send time that the task is still open with the
same deadline. Deadlines more than ``LOOKBACK`` ago are not told or
escalated any more (they still appear in the digest).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.patterns import OverdueDigest, TaskFacts, TaskOverdue, TaskOverdueEscalated
from bot.rules.patterns import digest_window, escalation_at, overdue_notice_at, stalled
from bot.rules.task_states import TaskStatus
from bot.services import windows
from bot.services.pattern_base import (
    WorkingDays,
    employees,
    publish_all,
    record_alert,
    unit_tree,
    working_days_of,
)
from bot.services.workday import Person, people
from db.base import UTCDateTime
from db.models import OPEN_TASK_STATUSES, Employee, Task, TaskEvent
from db.models_day import Alert

OVERDUE, ESCALATED = "task_overdue", "task_escalated"  # Alert.kind
DIGEST = "overdue_digest"  # JobWindow.name; scope: the supervisor's id
LOOKBACK = timedelta(days=31)
REPORT_KINDS = ("created", "started", "progress")  # task_events that show work moving
PEOPLE_BY_ID_MAX = 10_000  # more people than this are loaded whole, not by their ids


def overdue_alert_key(task_id: int, deadline: datetime) -> str:
    return f"task-overdue:{task_id}:{int(deadline.timestamp())}"


def escalated_alert_key(task_id: int, deadline: datetime) -> str:
    return f"task-escalated:{task_id}:{int(deadline.timestamp())}"


def _horizon(settings: Settings) -> timedelta:
    """Deadlines this far ahead may be near enough to count a task as stalled."""
    return timedelta(days=math.ceil(settings.stalled_task_working_days * 7 / 5) + 14)


async def _open_tasks(session: AsyncSession, until: datetime) -> list[TaskFacts]:
    """Open tasks of active assignees with a deadline before ``until``, with
    their last progress report (or creation): one query."""
    reported = (select(func.max(TaskEvent.at))
                .where(TaskEvent.task_id == Task.id, TaskEvent.kind.in_(REPORT_KINDS))
                .scalar_subquery())
    rows = await session.execute(
        select(Task.id, Task.title, Task.deadline, Task.status, Task.progress, Task.assignee_id,
               Task.assigned_by_id, type_coerce(func.coalesce(reported, Task.created_at),
                                                UTCDateTime()))
        .join(Employee, Employee.id == Task.assignee_id)
        .where(Task.status.in_(OPEN_TASK_STATUSES), Task.deadline < until,
               Employee.active.is_(True))
        .order_by(Task.deadline, Task.id))
    return [TaskFacts(id_, title, deadline, TaskStatus(status).value, progress, assignee, by,
                      last)
            for id_, title, deadline, status, progress, assignee, by, last in rows]


async def _told(session: AsyncSession, tasks: list[TaskFacts]) -> set[str]:
    """Keys of the overdue and escalation alerts of these tasks: one query."""
    if not tasks:
        return set()
    since = min(t.deadline for t in tasks).date() - timedelta(days=1)
    return set(await session.scalars(select(Alert.key).where(
        Alert.kind.in_((OVERDUE, ESCALATED)), Alert.work_date >= since)))


async def scan_overdue_tasks(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Tell each deadline passed, each task overdue long enough for the unit
    head, and each digest due; how many messages were queued."""
    tasks = await _open_tasks(session, now + _horizon(settings))
    if not tasks:
        return 0
    ids = {i for t in tasks for i in (t.assignee_id, t.assigned_by_id)}
    persons = {p.id: p for p in await people(  # many: everyone (one parameter per id)
        session, employee_ids=ids if len(ids) <= PEOPLE_BY_ID_MAX else None)}
    tasks = [t for t in tasks if t.assignee_id in persons]
    recent = [t for t in tasks if now - LOOKBACK <= t.deadline < now]
    told = await _told(session, recent)
    tree = await unit_tree(session)
    first = min([now, *(t.deadline for t in tasks)]).date() - timedelta(days=1)
    calendar = await working_days_of(session, settings, {p.schedule_code for p in persons.values()},
                                     first, (now + _horizon(settings)).date() + timedelta(days=1))
    overdue, escalate = [], []
    for task in recent:
        assignee = persons[task.assignee_id]
        rows, tz = calendar.rules.get(assignee.schedule_code, []), assignee.tz
        if (overdue_alert_key(task.id, task.deadline) not in told
                and now >= overdue_notice_at(task.deadline, rows, tz, calendar.calendar)):
            overdue.append(task)
        head = tree.head_for(assignee.unit_id, exclude=(assignee.id, task.assigned_by_id))
        if (head is not None and escalated_alert_key(task.id, task.deadline) not in told
                and now >= escalation_at(task.deadline, settings.overdue_escalate_working_days,
                                         rows, tz, calendar.calendar)):
            escalate.append((task, head))
    digests = await _digests(session, settings, now, tasks, persons, calendar)
    parties = {i for t in overdue for i in (t.assignee_id, t.assigned_by_id)}
    parties |= {i for t, head in escalate for i in (t.assignee_id, t.assigned_by_id, head)}
    rows_ = await employees(session, parties | {d.supervisor for d in digests})
    events: list[TaskOverdue | TaskOverdueEscalated | OverdueDigest] = []
    for task in overdue:
        if await _record(session, OVERDUE, overdue_alert_key, task, persons, now):
            events.append(TaskOverdue(at=now, task=task, assignee=rows_[task.assignee_id],
                                      assigner=rows_[task.assigned_by_id]))
    for task, head in escalate:
        if await _record(session, ESCALATED, escalated_alert_key, task, persons, now):
            events.append(TaskOverdueEscalated(
                at=now, task=task, assignee=rows_[task.assignee_id],
                assigner=rows_[task.assigned_by_id], head=rows_[head],
                working_days=settings.overdue_escalate_working_days))
    names = {p.id: p.name for p in persons.values()}
    for digest in digests:
        if await windows.claim(session, DIGEST, str(digest.supervisor), digest.day, now):
            events.append(OverdueDigest(
                at=now, supervisor=rows_[digest.supervisor], day=digest.day,
                moment=digest.moment, overdue=digest.overdue, stalled=digest.stalled,
                names={t.assignee_id: names[t.assignee_id]
                       for t in (*digest.overdue, *digest.stalled)}))
    return await publish_all(session, settings, events)


async def _record(session: AsyncSession, kind: str, key_of: Callable[[int, datetime], str],
                  task: TaskFacts, persons: dict[int, Person], now: datetime) -> bool:
    local = task.deadline.astimezone(persons[task.assignee_id].tz)
    alert_id = await record_alert(
        session, key=key_of(task.id, task.deadline), kind=kind, employee_id=task.assignee_id,
        work_date=local.date(), now=now,
        facts={"task": task.id, "deadline": task.deadline.isoformat()})
    return alert_id is not None


@dataclass(frozen=True)
class _Due:
    """A digest to send: whose, which local date, as of which moment, with what."""

    supervisor: int
    day: date
    moment: datetime
    overdue: tuple[TaskFacts, ...]
    stalled: tuple[TaskFacts, ...]


async def _digests(session: AsyncSession, settings: Settings, now: datetime,
                   tasks: list[TaskFacts], persons: dict[int, Person],
                   calendar: WorkingDays) -> list[_Due]:
    """The digests due now and not sent today (one query for the claims)."""
    by_assigner: dict[int, list[TaskFacts]] = defaultdict(list)
    for task in tasks:
        if task.assigned_by_id in persons:  # an inactive supervisor gets no digest
            by_assigner[task.assigned_by_id].append(task)
    due: list[_Due] = []
    for supervisor_id, given in by_assigner.items():
        supervisor = persons[supervisor_id]
        today = now.astimezone(supervisor.tz).date()
        window = digest_window(today, settings.overdue_digest_time,
                               calendar.rules.get(supervisor.schedule_code, []), supervisor.tz,
                               calendar.calendar)
        if window is None or not window[0] <= now < window[1]:
            continue
        moment = window[0]
        late = tuple(t for t in given if t.deadline < moment)
        quiet = tuple(t for t in given if t.last_report is not None and stalled(
            t.last_report, t.deadline, moment, settings.stalled_task_working_days,
            calendar.rules.get(persons[t.assignee_id].schedule_code, []),
            persons[t.assignee_id].tz, calendar.calendar))
        if late or quiet:
            due.append(_Due(supervisor_id, today, moment, late, quiet))
    sent = await windows.claimed(session, DIGEST, [(str(d.supervisor), d.day) for d in due])
    return [d for d in due if (str(d.supervisor), d.day) not in sent]
