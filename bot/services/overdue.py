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
  home office, on their working days, the open tasks they gave that are
  overdue, and those stalled (no progress report for
  ``STALLED_TASK_WORKING_DAYS`` working days while the deadline falls within
  as many working days): 30 listed with a button each, the rest counted. A
  window claim per supervisor and date judges it once, with or without
  anything to list (nothing to list: no message); after an outage only
  today's digest goes, once, until the end of the supervisor's working
  period.

Each message re-checks at send time that the task is still open with the
same deadline. Deadlines more than ``LOOKBACK`` ago are not told or
escalated any more (they still appear in the digest). What is read is in
``open_tasks``: little when there is little to do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.patterns import OverdueDigest, TaskFacts, TaskOverdue, TaskOverdueEscalated
from bot.rules.patterns import (
    WorkTime,
    digest_window,
    escalation_at,
    may_escalate,
    overdue_notice_at,
    stalled,
)
from bot.services import windows
from bot.services.open_tasks import (
    NEAR,
    OpenTask,
    Side,
    assigners,
    given_by,
    not_told,
    open_tasks,
)
from bot.services.open_tasks import (
    OVERDUE as LATE,
)
from bot.services.pattern_alerts import (
    ALERTS_PER_RUN,
    NewAlert,
    employees,
    publish_all,
    record_alerts,
    unit_tree,
)
from bot.services.pattern_base import WorkingDays, working_days_of
from db.models import Task

OVERDUE, ESCALATED = "task_overdue", "task_escalated"  # Alert.kind (and key prefixes)
OVERDUE_PREFIX, ESCALATED_PREFIX = "task-overdue", "task-escalated"
DIGEST = "overdue_digest"  # JobWindow.name; scope: the supervisor's id
LOOKBACK = timedelta(days=31)
PENDING_MAX = 10 * ALERTS_PER_RUN  # tasks read per question a run (oldest deadline first)
DIGEST_READ = 40  # of each list of a digest, the tasks read (it shows 30: the rest are counted)
HOLIDAYS_BACK = timedelta(days=400)  # last reports may be old: their working days too


def overdue_alert_key(task_id: int, deadline: datetime) -> str:
    return f"{OVERDUE_PREFIX}:{task_id}:{int(deadline.timestamp())}"


def escalated_alert_key(task_id: int, deadline: datetime) -> str:
    return f"{ESCALATED_PREFIX}:{task_id}:{int(deadline.timestamp())}"


def _horizon(settings: Settings) -> timedelta:
    """Deadlines this far ahead may be near enough to count a task as stalled."""
    return timedelta(days=math.ceil(settings.stalled_task_working_days * 7 / 5) + 14)


class _Works:
    """A ``WorkTime`` per schedule and zone, made once a run."""

    def __init__(self, calendar: WorkingDays) -> None:
        self.calendar = calendar
        self._made: dict[tuple[str, str], WorkTime] = {}

    def of(self, side: Side) -> WorkTime:
        key = (side.schedule_code, side.tz.key)
        if key not in self._made:
            self._made[key] = WorkTime(self.calendar.rules.get(side.schedule_code, []), side.tz,
                                       self.calendar.calendar)
        return self._made[key]


async def scan_overdue_tasks(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Tell each deadline passed, each task overdue long enough for the unit
    head, and each digest due; how many messages were queued."""
    until = now + _horizon(settings)
    days = settings.overdue_escalate_working_days
    works = _Works(await working_days_of(session, settings, (now - HOLIDAYS_BACK).date(),
                                         until.date() + timedelta(days=1)))
    passed = await open_tasks(session, now, Task.deadline >= now - LOOKBACK,
                              not_told(session, OVERDUE_PREFIX), limit=PENDING_MAX)
    overdue = [t for t in passed
               if now >= overdue_notice_at(t.task.deadline, works.of(t.assignee))][:ALERTS_PER_RUN]
    late = await open_tasks(session, now - timedelta(days=days), Task.deadline >= now - LOOKBACK,
                            not_told(session, ESCALATED_PREFIX), limit=PENDING_MAX)
    tree = await unit_tree(session)
    escalate: list[tuple[OpenTask, int]] = []
    for item in late:
        head = tree.head_for(item.assignee.unit_id, exclude=(item.assignee.id,
                                                              item.assigner.id))
        if (head is not None and may_escalate(item.task.deadline, days, now)
                and now >= escalation_at(item.task.deadline, days, works.of(item.assignee))):
            escalate.append((item, head))
    escalate = escalate[:ALERTS_PER_RUN]
    written = await record_alerts(session, [
        *(_alert(OVERDUE, overdue_alert_key(t.task.id, t.task.deadline), t) for t in overdue),
        *(_alert(ESCALATED, escalated_alert_key(t.task.id, t.task.deadline), t)
          for t, _ in escalate)], now)
    overdue = [t for t in overdue if overdue_alert_key(t.task.id, t.task.deadline) in written]
    escalate = [(t, head) for t, head in escalate
                if escalated_alert_key(t.task.id, t.task.deadline) in written]
    judged, digests = await _digests(session, settings, now, until, works)
    claimed = await windows.claim_many(session, DIGEST, judged, now)
    digests = [d for d in digests if (str(d.supervisor), d.day) in claimed]
    parties = {i for t in overdue for i in (t.assignee.id, t.assigner.id)}
    parties |= {i for t, head in escalate for i in (t.assignee.id, t.assigner.id, head)}
    rows = await employees(session, parties | {d.supervisor for d in digests})
    events: list[TaskOverdue | TaskOverdueEscalated | OverdueDigest] = [
        TaskOverdue(at=now, task=t.task, assignee=rows[t.assignee.id],
                    assigner=rows[t.assigner.id]) for t in overdue]
    events += [TaskOverdueEscalated(at=now, task=t.task, assignee=rows[t.assignee.id],
                                    assigner=rows[t.assigner.id], head=rows[head],
                                    working_days=days) for t, head in escalate]
    events += [OverdueDigest(at=now, supervisor=rows[d.supervisor], day=d.day, moment=now,
                             overdue=d.overdue, stalled=d.stalled, names=d.names,
                             overdue_total=d.overdue_total) for d in digests]
    return await publish_all(session, settings, events)


def _alert(kind: str, key: str, item: OpenTask) -> NewAlert:
    task = item.task
    return NewAlert(key, kind, task.assignee_id, task.deadline.astimezone(item.assignee.tz).date(),
                    {"task": task.id, "deadline": task.deadline.isoformat()})


@dataclass(frozen=True)
class _Due:
    """A digest to send: whose, which local date, with what."""

    supervisor: int
    day: date
    overdue: tuple[TaskFacts, ...]
    overdue_total: int
    stalled: tuple[TaskFacts, ...]
    names: dict[int, str]


async def _digests(session: AsyncSession, settings: Settings, now: datetime, until: datetime,
                   works: _Works) -> tuple[list[tuple[str, date]], list[_Due]]:
    """The windows judged now and the digests they send: whose digest time has
    come and who was not judged today (one query, one for the claims), then
    the tasks of at most ``ALERTS_PER_RUN`` of them (one query, at most
    ``2 * DIGEST_READ`` rows each; the others a minute later). A digest says
    what is true when it is made; one with nothing to list is judged all the
    same, and a task overdue later that day waits for the next digest."""
    windows_open: dict[int, date] = {}
    for side in await assigners(session, until):
        today = now.astimezone(side.tz).date()
        window = digest_window(today, settings.overdue_digest_time, works.of(side))
        if window is not None and window[0] <= now < window[1]:
            windows_open[side.id] = today
    sent = await windows.claimed(session, DIGEST, [(str(s), day)
                                                   for s, day in windows_open.items()])
    waiting = sorted(s for s, day in windows_open.items()
                     if (str(s), day) not in sent)[:ALERTS_PER_RUN]
    if not waiting:
        return [], []
    quiet_days = settings.stalled_task_working_days
    given = await given_by(session, now, until, set(waiting),
                           now - timedelta(days=quiet_days), DIGEST_READ)
    due: list[_Due] = []
    for supervisor_id in waiting:
        theirs = given.get(supervisor_id)
        if theirs is None:
            continue
        late = theirs.lists[LATE]
        quiet = [t for t in theirs.lists[NEAR] if t.task.last_report is not None and stalled(
            t.task.last_report, t.task.deadline, now, quiet_days, works.of(t.assignee))]
        if late or quiet:
            names = {t.assignee.id: t.assignee.name for t in (*late, *quiet)}
            due.append(_Due(supervisor_id, windows_open[supervisor_id],
                            tuple(t.task for t in late), theirs.totals.get(LATE, 0),
                            tuple(t.task for t in quiet), names))
    return [(str(s), windows_open[s]) for s in waiting], due
