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
    cast,
    extract,
    func,
    literal,
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


async def open_tasks(session: AsyncSession, until: datetime, *where: Any,
                     limit: int | None = None) -> list[OpenTask]:
    """Open tasks (as ``_open``) that also meet ``where``, oldest deadline first."""
    reported = (select(func.max(TaskEvent.at))
                .where(TaskEvent.task_id == Task.id, TaskEvent.kind.in_(REPORT_KINDS))
                .scalar_subquery())
    query, assignee, assigner = _open(until)
    first_office = _first_office()
    query, one = _with_side(query, assignee, first_office)
    query, two = _with_side(query, assigner, first_office)
    query = (query.add_columns(
        Task.title, Task.deadline, Task.status, Task.progress,
        type_coerce(func.coalesce(reported, Task.created_at), UTCDateTime()), *one, *two)
        .where(*where).order_by(Task.deadline, Task.id))
    sides: dict[tuple[Any, ...], Side] = {}  # one object per person, however many tasks

    def side(values: tuple[Any, ...]) -> Side:
        found = sides.get(values)
        if found is None:
            found = sides[values] = _side(values)
        return found

    tasks = []
    for id_, title, deadline, status, progress, last, *people in await session.execute(
            query.limit(limit) if limit is not None else query):
        mine, theirs = side(tuple(people[:6])), side(tuple(people[6:]))
        tasks.append(OpenTask(TaskFacts(id_, title, deadline, TaskStatus(status).value,
                                        progress, mine.id, theirs.id, last), mine, theirs))
    return tasks


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


async def given_by(session: AsyncSession, until: datetime, ids: set[int]) -> list[OpenTask]:
    """The open tasks (as ``_open``) these supervisors gave."""
    return await open_tasks(session, until, among(session, Task.assigned_by_id, ids))
