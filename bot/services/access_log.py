"""Who viewed whose data (UU 27/2022): one row per view, and a person's
accesses read back from those rows.

A view is written in the transaction that shows it, as one row naming its
people by scope (``AccessLog``): a recap of a province is one row
``everyone``, a head's board one row with the units of their tree, a
supervisor's recap one row with their id as ``supervisor_id`` (the team of
those days), a person's day or month one row with ``subject_id``. No query
is made per person, whatever the size of the view.

``accesses_of`` answers "who accessed my data" for one person: the rows
whose scope held them on a day the view showed — the unit and supervisor of
that day from their closed days (``day_records``), their dated assignments
(``employee_assignments``) and, for days neither covers, where they are
now. One query for the rows, three small ones for the person's placements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.recap_data import Scope
from db.models import Employee
from db.models_day import AccessLog, DayRecord, EmployeeAssignment

# what was viewed (AccessLog.view); the texts are "privacy.view.<view>"
BOARD, PERSON_MONTH, PERSON_DAY = "board", "person_month", "person_day"
RECAP, REPORT_CLI = "recap", "report_cli"
SUMMARY, SUMMARY_CLI = "summary", "summary_cli"
OWN_DATA = "own_data"
VIEWS = (BOARD, PERSON_MONTH, PERSON_DAY, RECAP, REPORT_CLI, SUMMARY, SUMMARY_CLI, OWN_DATA)
OPERATOR = "operator"  # viewer_role of the command line (``hadir report``, ``hadir summary``)


def units_text(unit_ids: Iterable[int]) -> str | None:
    """",3,7,12,": found with LIKE '%,7,%' on every backend."""
    ids = sorted(set(unit_ids))
    return f",{','.join(str(i) for i in ids)}," if ids else None


def _units_of(value: str | None) -> frozenset[int]:
    return frozenset(int(part) for part in (value or "").split(",") if part)


def record(session: AsyncSession, *, at: datetime, viewer: Employee | None, view: str,
           first: date, last: date, everyone: bool = False, unit_ids: Iterable[int] = (),
           supervisor_id: int | None = None, subject_id: int | None = None) -> AccessLog:
    """Log one view (added to the session: one INSERT when it flushes)."""
    assert view in VIEWS, view
    row = AccessLog(at=at, viewer_id=viewer.id if viewer else None,
                    viewer_role=viewer.role if viewer else OPERATOR, view=view,
                    first=first, last=last, everyone=everyone,
                    unit_ids=units_text(unit_ids), supervisor_id=supervisor_id,
                    subject_id=subject_id)
    session.add(row)
    return row


def record_scope(session: AsyncSession, *, at: datetime, viewer: Employee | None, view: str,
                 first: date, last: date, scope: Scope) -> AccessLog:
    """Log a view of the days a recap or summary ``Scope`` holds."""
    return record(session, at=at, viewer=viewer, view=view, first=first, last=last,
                  everyone=scope.everyone, unit_ids=scope.unit_ids or (),
                  supervisor_id=scope.supervisor_id,
                  subject_id=(next(iter(scope.employee_ids))
                              if scope.employee_ids and len(scope.employee_ids) == 1 else None))


@dataclass(frozen=True)
class Placement:
    """Where a person was from ``first`` to ``last``."""

    first: date
    last: date
    unit_id: int | None
    supervisor_id: int | None


@dataclass(frozen=True)
class Access:
    """One view that showed the person's data."""

    at: datetime
    viewer_name: str | None  # None: the operator (command line)
    viewer_role: str
    view: str
    first: date
    last: date


async def placements(session: AsyncSession, employee: Employee) -> list[Placement]:
    """Each stretch of the person's history with its unit and supervisor."""
    found: list[Placement] = []
    history = list((await session.execute(
        select(EmployeeAssignment.valid_from, EmployeeAssignment.unit_id,
               EmployeeAssignment.supervisor_id)
        .where(EmployeeAssignment.employee_id == employee.id)
        .order_by(EmployeeAssignment.valid_from))).all())
    for n, (valid_from, unit_id, supervisor_id) in enumerate(history):
        until = history[n + 1][0] - timedelta(days=1) if n + 1 < len(history) else date.max
        found.append(Placement(valid_from, until, unit_id, supervisor_id))
    since = history[-1][0] if history else date.min  # where they are now, from their last move
    found.append(Placement(since, date.max, employee.unit_id, employee.supervisor_id))
    days = await session.execute(
        select(DayRecord.work_date, DayRecord.unit_id, DayRecord.supervisor_id)
        .where(DayRecord.employee_id == employee.id).order_by(DayRecord.work_date))
    for work_date, day_unit, day_supervisor in days:  # the unit of that day, as closed
        last = found[-1]  # runs of days in one place are one stretch
        if (last.last != date.max and last.last + timedelta(days=1) == work_date
                and (last.unit_id, last.supervisor_id) == (day_unit, day_supervisor)):
            found[-1] = Placement(last.first, work_date, day_unit, day_supervisor)
        else:
            found.append(Placement(work_date, work_date, day_unit, day_supervisor))
    return found


def covers(row: AccessLog, person_id: int, places: Iterable[Placement]) -> bool:
    """Whether the view of ``row`` showed the person on one of its days."""
    if row.subject_id == person_id:
        return True
    units = _units_of(row.unit_ids)
    for place in places:
        if place.last < row.first or place.first > row.last:
            continue
        if (row.everyone or (place.unit_id is not None and place.unit_id in units)
                or (row.supervisor_id is not None and place.supervisor_id == row.supervisor_id)):
            return True
    return False


async def accesses_of(session: AsyncSession, employee: Employee) -> list[Access]:
    """Every logged view that showed ``employee``'s data, oldest first: their
    own boards aside (a board never shows its viewer)."""
    places = await placements(session, employee)
    units = {p.unit_id for p in places if p.unit_id is not None}
    supervisors = {p.supervisor_id for p in places if p.supervisor_id is not None}
    wanted = [AccessLog.everyone.is_(True), AccessLog.subject_id == employee.id]
    if supervisors:
        wanted.append(AccessLog.supervisor_id.in_(supervisors))
    wanted += [AccessLog.unit_ids.like(f"%,{unit_id},%") for unit_id in sorted(units)]
    rows = await session.execute(
        select(AccessLog, Employee.name)
        .outerjoin(Employee, Employee.id == AccessLog.viewer_id)
        .where(or_(*wanted)).order_by(AccessLog.at, AccessLog.id))
    found = []
    for row, name in rows:
        if row.view == BOARD and row.viewer_id == employee.id:
            continue
        if covers(row, employee.id, places):
            found.append(Access(row.at, name, row.viewer_role, row.view, row.first, row.last))
    return found


async def purge(session: AsyncSession, *, now: datetime, keep_days: int) -> int:
    """Delete the rows older than ``keep_days``; how many."""
    result = await session.execute(
        delete(AccessLog).where(AccessLog.at < now - timedelta(days=keep_days)))
    return int(getattr(result, "rowcount", 0) or 0)
