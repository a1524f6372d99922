"""Where someone worked on a day: their dated assignments (mutasi).

An ``EmployeeAssignment`` says that from ``valid_from`` on a person works in
a unit, under a supervisor, on a schedule. The roster import records one
whenever any of them changes (``bot.roster_transfers``); the day close
places each person by the assignment of the day it closes (``as_of``), so
a day closed late (the bot was down over a transfer, or a night shift that
closes after the import) still counts for the unit of that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.workday import Person
from db.models import Employee
from db.models_day import DayRecord, EmployeeAssignment

# the date of an assignment known "from the start" (as migration 0007 back-fills)
FROM_THE_START = date(2000, 1, 1)


@dataclass(frozen=True)
class Assignment:
    """One dated assignment, detached from the database."""

    valid_from: date
    unit_id: int
    supervisor_id: int | None
    schedule_code: str


async def between(session: AsyncSession, first: date, last: date
                  ) -> dict[int, list[Assignment]]:
    """Each employee's assignments in force on some day of ``first``..``last``
    (the one in force on ``first`` and those starting later in the range),
    oldest first, by employee: one query. The one in force on ``first`` is
    left out when it is the person's current place (``as_of`` falls back to
    that), so the rows are those of the few who moved, not one per person."""
    row = EmployeeAssignment
    in_force = (select(row.employee_id, func.max(row.valid_from).label("valid_from"))
                .where(row.valid_from <= first).group_by(row.employee_id).subquery())
    elsewhere = or_(row.unit_id != Employee.unit_id,
                    row.supervisor_id.is_distinct_from(Employee.supervisor_id),
                    row.schedule_code != Employee.schedule_code)
    query = (select(row.employee_id, row.valid_from, row.unit_id, row.supervisor_id,
                    row.schedule_code)
             .join(Employee, Employee.id == row.employee_id)
             .outerjoin(in_force, in_force.c.employee_id == row.employee_id)
             .where(row.valid_from <= last,
                    or_(row.valid_from > first,
                        and_(row.valid_from == in_force.c.valid_from, elsewhere)))
             .order_by(row.employee_id, row.valid_from))
    found: dict[int, list[Assignment]] = defaultdict(list)
    for employee_id, valid_from, unit_id, supervisor_id, code in await session.execute(query):
        found[employee_id].append(Assignment(valid_from, unit_id, supervisor_id, code))
    return found


def in_force(history: Sequence[Assignment], day: date) -> Assignment | None:
    """The assignment of ``day``: the latest that starts on it or before."""
    found = None
    for assignment in history:
        if assignment.valid_from > day:
            break
        found = assignment
    return found


def as_of(person: Person, history: Sequence[Assignment], day: date) -> Person:
    """The person as they were placed on ``day``: unit, supervisor and schedule
    of the assignment in force then; their current values when none is that
    old (someone whose history was never recorded)."""
    found = in_force(history, day)
    if found is None or (found.unit_id, found.supervisor_id, found.schedule_code) == (
            person.unit_id, person.supervisor_id, person.schedule_code):
        return person
    return replace(person, unit_id=found.unit_id, supervisor_id=found.supervisor_id,
                   schedule_code=found.schedule_code)


async def latest(session: AsyncSession) -> dict[int, EmployeeAssignment]:
    """Everyone's last recorded assignment, by employee: one query."""
    last = (select(EmployeeAssignment.employee_id,
                   func.max(EmployeeAssignment.valid_from).label("valid_from"))
            .group_by(EmployeeAssignment.employee_id).subquery())
    rows = await session.scalars(
        select(EmployeeAssignment).join(last, (last.c.employee_id
                                               == EmployeeAssignment.employee_id)
                                        & (last.c.valid_from == EmployeeAssignment.valid_from)))
    return {row.employee_id: row for row in rows}


def record(session: AsyncSession, employee_id: int, valid_from: date, placed: Assignment,
           now: datetime, last: EmployeeAssignment | None) -> EmployeeAssignment:
    """The assignment from ``valid_from`` on: ``last`` updated when it starts
    the same day (a correction), else a new row."""
    values = {"unit_id": placed.unit_id, "supervisor_id": placed.supervisor_id,
              "schedule_code": placed.schedule_code, "recorded_at": now}
    if last is not None and last.valid_from == valid_from:
        for name, value in values.items():
            setattr(last, name, value)
        return last
    row = EmployeeAssignment(employee_id=employee_id, valid_from=valid_from, **values)
    session.add(row)
    return row


@dataclass(frozen=True)
class Moved:
    """A transfer dated in the past: whose days from when go where."""

    employee_id: int
    valid_from: date
    unit_id: int
    supervisor_id: int | None


MOVERS_PER_STATEMENT = 2000  # a reorganisation of thousands: a few statements, not one each


async def move_closed_days(session: AsyncSession, moves: Sequence[Moved], now: datetime
                           ) -> dict[int, int]:
    """The movers' days closed from their ``valid_from`` on count for the new
    unit and supervisor; how many records changed, by employee. Two
    statements (a count, one UPDATE) per ``MOVERS_PER_STATEMENT`` movers.

    Their codes and ``schedule_code`` stay: each day was judged under the
    schedule of that time, and a transfer does not re-judge it."""
    moved: dict[int, int] = {}
    for i in range(0, len(moves), MOVERS_PER_STATEMENT):
        chunk = moves[i:i + MOVERS_PER_STATEMENT]
        stale = or_(*(and_(DayRecord.employee_id == m.employee_id,
                           DayRecord.work_date >= m.valid_from,
                           or_(DayRecord.unit_id.is_distinct_from(m.unit_id),
                               DayRecord.supervisor_id.is_distinct_from(m.supervisor_id)))
                      for m in chunk))
        counts = {employee: int(n) for employee, n in await session.execute(
            select(DayRecord.employee_id, func.count()).where(stale)
            .group_by(DayRecord.employee_id))}
        if counts:
            await session.execute(
                update(DayRecord).where(stale)
                .values(unit_id=case({m.employee_id: m.unit_id for m in chunk},
                                     value=DayRecord.employee_id),
                        supervisor_id=case({m.employee_id: m.supervisor_id for m in chunk},
                                           value=DayRecord.employee_id),
                        updated_at=now)
                .execution_options(synchronize_session=False))
        moved |= counts
    return moved
