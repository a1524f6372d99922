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
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.events.patterns import OverdueDigest, TaskFacts, TaskOverdue, TaskOverdueEscalated
from bot.rules.patterns import digest_window, escalation_at, overdue_notice_at, stalled
from bot.rules.task_states import TaskStatus
from bot.services import windows
from bot.services.pattern_alerts import (
    ALERTS_PER_RUN,
    NewAlert,
    employees,
    publish_all,
    record_alerts,
    unit_tree,
)
from bot.services.pattern_base import WorkingDays, working_days_of
from db.base import UTCDateTime
from db.models import (
    OPEN_TASK_STATUSES,
    Employee,
    Office,
    Task,
    TaskEvent,
    Unit,
    employee_offices,
)
from db.models_day import Alert

OVERDUE, ESCALATED = "task_overdue", "task_escalated"  # Alert.kind
DIGEST = "overdue_digest"  # JobWindow.name; scope: the supervisor's id
LOOKBACK = timedelta(days=31)
REPORT_KINDS = ("created", "started", "progress")  # task_events that show work moving


def overdue_alert_key(task_id: int, deadline: datetime) -> str:
    return f"task-overdue:{task_id}:{int(deadline.timestamp())}"


def escalated_alert_key(task_id: int, deadline: datetime) -> str:
    return f"task-escalated:{task_id}:{int(deadline.timestamp())}"


def _horizon(settings: Settings) -> timedelta:
    """Deadlines this far ahead may be near enough to count a task as stalled."""
    return timedelta(days=math.ceil(settings.stalled_task_working_days * 7 / 5) + 14)


@dataclass(frozen=True)
class _Side:
    """The assignee or the assigner of an open task, as the scan needs them."""

    id: int
    name: str
    unit_id: int
    schedule_code: str
    tz: ZoneInfo
    active: bool


@dataclass(frozen=True)
class _Open:
    task: TaskFacts
    assignee: _Side
    assigner: _Side


def _side(values: Any) -> _Side:
    id_, name, unit_id, code, zone, active = values
    return _Side(id_, name, unit_id, code, ZoneInfo(zone), bool(active))


def _with_side(query: Any, person: Any, first_office: Any) -> tuple[Any, tuple[Any, ...]]:
    """Join what the scan needs of ``person``: the time zone of their home
    office (their first office, else their unit's, as ``workday.Person.tz``)."""
    own, unit, unit_office = aliased(first_office), aliased(Unit), aliased(Office)
    own_office = aliased(Office)
    query = (query.join(unit, unit.id == person.unit_id)
             .join(unit_office, unit_office.id == unit.office_id)
             .outerjoin(own, own.c.employee_id == person.id)
             .outerjoin(own_office, own_office.id == own.c.office_id))
    zone = func.coalesce(own_office.timezone, unit_office.timezone)
    return query, (person.id, person.name, person.unit_id, person.schedule_code, zone,
                   person.active)


async def _open_tasks(session: AsyncSession, until: datetime) -> list[_Open]:
    """Open tasks of active assignees with a deadline before ``until``, with
    their last progress report (or creation) and both people's schedule and
    zone: one query, whatever the head count."""
    reported = (select(func.max(TaskEvent.at))
                .where(TaskEvent.task_id == Task.id, TaskEvent.kind.in_(REPORT_KINDS))
                .scalar_subquery())
    first_office = (select(employee_offices.c.employee_id,
                           func.min(employee_offices.c.office_id).label("office_id"))
                    .group_by(employee_offices.c.employee_id).subquery())
    assignee, assigner = aliased(Employee), aliased(Employee)
    query: Any = (select(Task.id).join(assignee, assignee.id == Task.assignee_id)
                  .join(assigner, assigner.id == Task.assigned_by_id))
    query, one = _with_side(query, assignee, first_office)
    query, two = _with_side(query, assigner, first_office)
    rows = await session.execute(
        query.add_columns(
            Task.title, Task.deadline, Task.status, Task.progress,
            type_coerce(func.coalesce(reported, Task.created_at), UTCDateTime()), *one, *two)
        .where(Task.status.in_(OPEN_TASK_STATUSES), Task.deadline < until,
               assignee.active.is_(True))
        .order_by(Task.deadline, Task.id))
    found = []
    for id_, title, deadline, status, progress, last, *sides in rows:
        mine, theirs = _side(sides[:6]), _side(sides[6:])
        found.append(_Open(TaskFacts(id_, title, deadline, TaskStatus(status).value, progress,
                                     mine.id, theirs.id, last), mine, theirs))
    return found


async def _told(session: AsyncSession, tasks: list[_Open]) -> set[str]:
    """Keys of the overdue and escalation alerts of these tasks: one query."""
    if not tasks:
        return set()
    since = min(t.task.deadline for t in tasks).date() - timedelta(days=1)
    return set(await session.scalars(select(Alert.key).where(
        Alert.kind.in_((OVERDUE, ESCALATED)), Alert.work_date >= since)))


async def scan_overdue_tasks(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Tell each deadline passed, each task overdue long enough for the unit
    head, and each digest due; how many messages were queued."""
    tasks = await _open_tasks(session, now + _horizon(settings))
    if not tasks:
        return 0
    recent = [t for t in tasks if now - LOOKBACK <= t.task.deadline < now]
    told = await _told(session, recent)
    tree = await unit_tree(session)
    first = min([now, *(t.task.deadline for t in tasks),
                 *(t.task.last_report for t in tasks if t.task.last_report)]).date()
    calendar = await working_days_of(session, settings, first - timedelta(days=1),
                                     (now + _horizon(settings)).date() + timedelta(days=1))
    overdue: list[_Open] = []
    escalate: list[tuple[_Open, int]] = []
    for item in recent:
        task, side = item.task, item.assignee
        rows = calendar.rules.get(side.schedule_code, [])
        if (len(overdue) < ALERTS_PER_RUN
                and overdue_alert_key(task.id, task.deadline) not in told
                and now >= overdue_notice_at(task.deadline, rows, side.tz, calendar.calendar)):
            overdue.append(item)
        if (len(escalate) >= ALERTS_PER_RUN
                or escalated_alert_key(task.id, task.deadline) in told):
            continue
        head = tree.head_for(side.unit_id, exclude=(side.id, task.assigned_by_id))
        if head is not None and now >= escalation_at(
                task.deadline, settings.overdue_escalate_working_days, rows, side.tz,
                calendar.calendar):
            escalate.append((item, head))
    written = await record_alerts(session, [
        *(_alert(OVERDUE, overdue_alert_key, t) for t in overdue),
        *(_alert(ESCALATED, escalated_alert_key, t) for t, _ in escalate)], now)
    overdue = [t for t in overdue if overdue_alert_key(t.task.id, t.task.deadline) in written]
    escalate = [(t, head) for t, head in escalate
                if escalated_alert_key(t.task.id, t.task.deadline) in written]
    digests = await _digests(session, settings, now, tasks, calendar)
    claimed = await windows.claim_many(session, DIGEST,
                                       [(str(d.supervisor), d.day) for d in digests], now)
    digests = [d for d in digests if (str(d.supervisor), d.day) in claimed]
    parties = {i for t in overdue for i in (t.assignee.id, t.assigner.id)}
    parties |= {i for t, head in escalate for i in (t.assignee.id, t.assigner.id, head)}
    rows_ = await employees(session, parties | {d.supervisor for d in digests})
    events: list[TaskOverdue | TaskOverdueEscalated | OverdueDigest] = [
        TaskOverdue(at=now, task=t.task, assignee=rows_[t.assignee.id],
                    assigner=rows_[t.assigner.id]) for t in overdue]
    events += [TaskOverdueEscalated(at=now, task=t.task, assignee=rows_[t.assignee.id],
                                    assigner=rows_[t.assigner.id], head=rows_[head],
                                    working_days=settings.overdue_escalate_working_days)
               for t, head in escalate]
    events += [OverdueDigest(at=now, supervisor=rows_[d.supervisor], day=d.day,
                             moment=d.moment, overdue=d.overdue, stalled=d.stalled,
                             names=d.names) for d in digests]
    return await publish_all(session, settings, events)


def _alert(kind: str, key_of: Callable[[int, datetime], str], item: _Open) -> NewAlert:
    task = item.task
    return NewAlert(key_of(task.id, task.deadline), kind, task.assignee_id,
                    task.deadline.astimezone(item.assignee.tz).date(),
                    {"task": task.id, "deadline": task.deadline.isoformat()})


@dataclass(frozen=True)
class _Due:
    """A digest to send: whose, which local date, as of which moment, with what."""

    supervisor: int
    day: date
    moment: datetime
    overdue: tuple[TaskFacts, ...]
    stalled: tuple[TaskFacts, ...]
    names: dict[int, str]


async def _digests(session: AsyncSession, settings: Settings, now: datetime,
                   tasks: list[_Open], calendar: WorkingDays) -> list[_Due]:
    """The digests due now and not sent today (one query for the claims):
    what each lists is worked out only for the supervisors whose digest is due."""
    by_assigner: dict[int, list[_Open]] = defaultdict(list)
    for item in tasks:
        if item.assigner.active:  # an inactive supervisor gets no digest
            by_assigner[item.assigner.id].append(item)
    windows_open: dict[int, tuple[date, datetime]] = {}
    for supervisor_id, given in by_assigner.items():
        side = given[0].assigner
        today = now.astimezone(side.tz).date()
        window = digest_window(today, settings.overdue_digest_time,
                               calendar.rules.get(side.schedule_code, []), side.tz,
                               calendar.calendar)
        if window is not None and window[0] <= now < window[1]:
            windows_open[supervisor_id] = (today, window[0])
    sent = await windows.claimed(session, DIGEST, [(str(s), day) for s, (day, _)
                                                   in windows_open.items()])
    due: list[_Due] = []
    for supervisor_id, (today, moment) in windows_open.items():
        if (str(supervisor_id), today) in sent:
            continue
        given = by_assigner[supervisor_id]
        late = tuple(t.task for t in given if t.task.deadline < moment)
        quiet = tuple(t.task for t in given if t.task.last_report is not None and stalled(
            t.task.last_report, t.task.deadline, moment, settings.stalled_task_working_days,
            calendar.rules.get(t.assignee.schedule_code, []), t.assignee.tz,
            calendar.calendar))
        if late or quiet:
            names = {t.assignee.id: t.assignee.name for t in given}
            due.append(_Due(supervisor_id, today, moment, late, quiet, names))
            if len(due) >= ALERTS_PER_RUN:
                break  # the others a minute later
    return due
