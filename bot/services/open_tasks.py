"""Open tasks as the overdue scan reads them: each with its last progress
report and both people's schedule and home zone, in one query a question.

The scan asks only what can have work: deadlines passed and not told yet
(the alert's key is matched in SQL), deadlines passed long enough ago to
escalate and not escalated yet, the supervisors who gave open tasks (is
their digest due?), and the tasks of the few whose digest is due. So a run
reads little when there is little to do, whatever the head count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    String,
    case,
    cast,
    extract,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.events.patterns import TaskFacts
from bot.rules.task_states import TaskStatus
from bot.services.pattern_base import among
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

REPORT_KINDS = ("created", "started", "progress")  # task_events that show work moving


@dataclass(frozen=True)
class Side:
    """The assignee or the assigner of an open task, as the scan needs them."""

    id: int
    name: str
    unit_id: int
    schedule_code: str
    tz: ZoneInfo
    active: bool


@dataclass(frozen=True)
class OpenTask:
    task: TaskFacts
    assignee: Side
    assigner: Side


def alert_key(session: AsyncSession, prefix: str) -> ColumnElement[str]:
    """SQL: ``<prefix>:<task>:<deadline, unix seconds>``, the key of a task's
    alert (``overdue.overdue_alert_key``) built from the task's row."""
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        stamp: Any = cast(cast(func.floor(extract("epoch", Task.deadline)), BigInteger), String)
    else:
        stamp = func.strftime("%s", Task.deadline)
    return literal(f"{prefix}:") + cast(Task.id, String) + literal(":") + stamp


def _first_office() -> Any:
    return (select(employee_offices.c.employee_id,
                   func.min(employee_offices.c.office_id).label("office_id"))
            .group_by(employee_offices.c.employee_id).subquery())


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


def _side(values: Any) -> Side:
    id_, name, unit_id, code, zone, active = values
    return Side(id_, name, unit_id, code, ZoneInfo(zone), bool(active))


def _open(until: datetime) -> tuple[Any, Any, Any]:
    """Open tasks of active assignees, deadline before ``until``; the two aliases."""
    assignee, assigner = aliased(Employee), aliased(Employee)
    query = (select(Task.id).join(assignee, assignee.id == Task.assignee_id)
             .join(assigner, assigner.id == Task.assigned_by_id)
             .where(Task.status.in_(OPEN_TASK_STATUSES), Task.deadline < until,
                    assignee.active.is_(True)))
    return query, assignee, assigner


def _reported() -> Any:
    """SQL: the task's last progress report (or its creation)."""
    last = (select(func.max(TaskEvent.at))
            .where(TaskEvent.task_id == Task.id, TaskEvent.kind.in_(REPORT_KINDS))
            .scalar_subquery())
    return type_coerce(func.coalesce(last, Task.created_at), UTCDateTime())


def _task_query(until: datetime) -> Any:
    """Open tasks (as ``_open``) with the columns ``_read`` expects."""
    query, assignee, assigner = _open(until)
    first_office = _first_office()
    query, one = _with_side(query, assignee, first_office)
    query, two = _with_side(query, assigner, first_office)
    return query.add_columns(Task.title, Task.deadline, Task.status, Task.progress,
                             _reported(), *one, *two)


def _read(rows: Any, extra: int = 0) -> list[tuple[OpenTask, tuple[Any, ...]]]:
    """The tasks of ``_task_query`` rows, each with its last ``extra`` columns."""
    sides: dict[tuple[Any, ...], Side] = {}  # one object per person, however many tasks

    def side(values: tuple[Any, ...]) -> Side:
        found = sides.get(values)
        if found is None:
            found = sides[values] = _side(values)
        return found

    tasks = []
    for row in rows:
        id_, title, deadline, status, progress, last = row[:6]
        mine, theirs = side(tuple(row[6:12])), side(tuple(row[12:18]))
        tasks.append((OpenTask(TaskFacts(id_, title, deadline, TaskStatus(status).value,
                                         progress, mine.id, theirs.id, last), mine, theirs),
                      tuple(row[18:18 + extra])))
    return tasks


async def open_tasks(session: AsyncSession, until: datetime, *where: Any,
                     limit: int | None = None) -> list[OpenTask]:
    """Open tasks (as ``_open``) that also meet ``where``, oldest deadline first."""
    query = _task_query(until).where(*where).order_by(Task.deadline, Task.id)
    rows = await session.execute(query.limit(limit) if limit is not None else query)
    return [task for task, _ in _read(rows)]


def not_told(session: AsyncSession, prefix: str) -> ColumnElement[bool]:
    """SQL: no alert under the task's key with this prefix (and its deadline)."""
    return ~select(Alert.id).where(Alert.key == alert_key(session, prefix)).exists()


async def assigners(session: AsyncSession, until: datetime) -> list[Side]:
    """The active supervisors who gave open tasks (as ``_open``): one query."""
    query, _, assigner = _open(until)
    query, columns = _with_side(query, assigner, _first_office())
    rows = await session.execute(
        query.with_only_columns(*columns, maintain_column_froms=True)
        .where(assigner.active.is_(True)).distinct())
    return [_side(row) for row in rows]


OVERDUE, NEAR = 0, 1  # the two lists of a digest


@dataclass(frozen=True)
class Given:
    """What one supervisor's digest is made of: the first ``per_list`` of
    their open overdue tasks and of those that may be stalled (deadline
    ahead, no report since ``quiet_before``), and how many of each there are."""

    lists: dict[int, list[OpenTask]]  # OVERDUE / NEAR -> tasks, oldest deadline first
    totals: dict[int, int]


async def given_by(session: AsyncSession, now: datetime, until: datetime, ids: set[int],
                   quiet_before: datetime, per_list: int) -> dict[int, Given]:
    """The digests' tasks of these supervisors: one query, at most
    ``2 * per_list`` rows a supervisor however many tasks they gave."""
    kind = case((Task.deadline < now, literal(OVERDUE)), else_=literal(NEAR))
    lists = (Task.assigned_by_id, kind)
    inner = (_task_query(until).add_columns(
        func.row_number().over(partition_by=lists, order_by=(Task.deadline, Task.id))
        .label("n"),
        func.count().over(partition_by=lists).label("total"), kind.label("kind"))
        .where(among(session, Task.assigned_by_id, ids),
               or_(Task.deadline < now, _reported() < quiet_before))
        .subquery())
    rows = await session.execute(select(inner).where(inner.c.n <= per_list)
                                 .order_by(inner.c.deadline, inner.c.id))
    found: dict[int, Given] = {}
    for task, (_, total, which) in _read(rows, extra=3):
        given = found.setdefault(task.assigner.id, Given({OVERDUE: [], NEAR: []}, {}))
        given.lists[int(which)].append(task)
        given.totals[int(which)] = int(total)
    return found
