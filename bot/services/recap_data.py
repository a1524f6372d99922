"""One period's closed days and tasks, loaded once for every reader.

The weekly summary, the monthly recap, the team board's "month" and /status
all read a period through ``load_period``: the closed ``DayRecord`` rows
(each with the unit and supervisor *of that day*, so a transfer inside the
month counts each day where it was worked), the people they belong to, the
tasks given to them, the month's holidays and the schedules used. A fixed
number of queries whatever the head count; the rules that count what was
loaded are in ``bot.rules.recap``.

A ``Scope`` says whose days: everyone (an admin, a province-wide recap, the
weekly job, which splits the period per unit in memory), a unit tree (a
head), a supervisor's team of that day, or some people (one person's month).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select, true, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.calendar import HolidayCalendar
from bot.rules.recap import Day, TaskFact
from bot.rules.task_states import TaskStatus
from bot.services.employees import Rule
from bot.services.pattern_base import among
from bot.services.recap_index import PeriodIndex
from bot.services.workday import calendar_between, schedules
from db.base import UTCDateTime
from db.models import Employee, ExtensionRequest, Office, Task, TaskEvent, Unit
from db.models_day import DayRecord, EmployeeAssignment

_REPORTS = ("created", "started", "progress")
_BATCH = 5_000  # closed days fetched at a time (a month of a province: 1.5 million)
_OPEN = tuple(s.value for s in (TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED,
                                TaskStatus.AWAITING_VERIFICATION))


@dataclass(frozen=True)
class Scope:
    """Whose days a reader may see. Empty fields: no limit of that kind."""

    unit_ids: frozenset[int] | None = None  # a unit tree (a head, a unit's summary)
    supervisor_id: int | None = None  # the team of that day (a supervisor)
    employee_ids: frozenset[int] | None = None  # some people (one person's month)

    @property
    def everyone(self) -> bool:
        return self.unit_ids is None and self.supervisor_id is None and self.employee_ids is None

    def holds(self, day: Day) -> bool:
        return ((self.unit_ids is None or day.unit_id in self.unit_ids)
                and (self.supervisor_id is None or day.supervisor_id == self.supervisor_id)
                and (self.employee_ids is None or day.employee_id in self.employee_ids))


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    parent_id: int | None
    head_id: int | None
    timezone: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def unit_tree(all_units: Mapping[int, UnitInfo], roots: Iterable[int]) -> frozenset[int]:
    """The units ``roots`` and every unit below them."""
    children: dict[int | None, list[int]] = {}
    for unit in all_units.values():
        children.setdefault(unit.parent_id, []).append(unit.id)
    found: set[int] = set()
    todo = list(roots)
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += children.get(current, [])
    return frozenset(found)


@dataclass(frozen=True)
class PersonInfo:
    """Someone with days in the period (active or not: a recap is history)."""

    id: int
    nip: str
    name: str
    unit_id: int  # today's unit (their days say where each was worked)
    supervisor_id: int | None
    schedule_code: str
    role: str
    active: bool
    language: str | None


@dataclass
class Period:
    """The closed days and tasks of ``first``..``last`` (local dates).

    ``within`` and ``people_in`` index what was loaded the first time they
    are asked (``PeriodIndex``; a loaded period is read, never changed), so
    the weekly job that splits a province's period into its unit trees reads
    only each tree's people."""

    first: date
    last: date
    scope: Scope
    units: dict[int, UnitInfo]
    people: dict[int, PersonInfo]
    days: dict[int, dict[date, Day]]  # employee -> work date -> day
    tasks: list[TaskFact]
    calendar: HolidayCalendar
    schedules: dict[str, list[Rule]]
    _index: PeriodIndex | None = field(default=None, repr=False, compare=False)

    def tree(self, unit_id: int) -> frozenset[int]:
        """The unit and every unit below it."""
        return unit_tree(self.units, [unit_id])

    def within(self, scope: Scope, first: date | None = None, last: date | None = None
               ) -> Period:
        """The part of this period a narrower scope (and dates) sees, without a
        query: only the people and tasks the scope can hold are looked at (an
        index built once), so splitting an organisation's period into its
        units costs what their days cost, not the organisation's per unit."""
        first, last = first or self.first, last or self.last
        every_date = first <= self.first and self.last <= last
        index = self._indexed()
        days: dict[int, dict[date, Day]] = {}
        for person in index.candidates(scope):
            kept = {d: day for d, day in self.days[person].items()
                    if (every_date or first <= d <= last) and scope.holds(day)}
            if kept:
                days[person] = kept
        if scope.employee_ids is not None:
            people = {i: p for i, p in self.people.items() if i in scope.employee_ids}
        else:
            people = {i: self.people[i] for i in days if i in self.people}
        tasks = index.tasks(scope, people)
        if scope.supervisor_id is not None and scope.unit_ids is None:
            # a team's tasks are those given on one of its days: a task given
            # after a transfer is the new team's, as the recap counts it
            tasks = [t for t in tasks
                     if t.assignee_id in self.days and scope.holds(self.day_given(t))]
        return Period(first, last, scope, self.units, people, days, tasks, self.calendar,
                      self.schedules)

    def day_given(self, task: TaskFact) -> Day:
        """The assignee's day of this period a task belongs to: the day it was
        given (in the zone of their last day's unit), else the nearest day
        before it, else their first (``task_day``)."""
        days = self.days[task.assignee_id]
        unit = self.units.get(days[max(days)].unit_id or 0)
        zone = unit.tz if unit else UTC
        return task_day(days, sorted(days), task.created_at.astimezone(zone).date())

    def holidays(self) -> dict[date, str]:
        found = {}
        day = self.first
        while day <= self.last:
            name = self.calendar.name(day)
            if name:
                found[day] = name
            day += timedelta(days=1)
        return found

    def people_in(self, unit_ids: frozenset[int]) -> list[int]:
        """Everyone whose last day of the period was in these units, by name."""
        by_last = self._indexed().by_last_unit
        found = [person for unit in unit_ids for person in by_last.get(unit, ())]
        return sorted(found, key=lambda i: (self.people[i].name.casefold(), i))

    def _indexed(self) -> PeriodIndex:
        if self._index is None:
            self._index = PeriodIndex(self.days, self.tasks)
        return self._index


def task_day(days: dict[date, Day], ordered: list[date], on: date) -> Day:
    """The person's day (``days``, ``ordered`` their dates) a task given on
    ``on`` belongs to: that day, else the nearest one before it, else their first."""
    if on in days:
        return days[on]
    before = [d for d in ordered if d <= on]
    return days[before[-1] if before else ordered[0]]


def _day_filter(session: AsyncSession, scope: Scope) -> ColumnElement[bool]:
    found: list[ColumnElement[bool]] = []
    if scope.unit_ids is not None:
        found.append(among(session, DayRecord.unit_id, scope.unit_ids))
    if scope.supervisor_id is not None:
        found.append(DayRecord.supervisor_id == scope.supervisor_id)
    if scope.employee_ids is not None:
        found.append(among(session, DayRecord.employee_id, scope.employee_ids))
    return and_(true(), *found)


async def units(session: AsyncSession) -> dict[int, UnitInfo]:
    rows = await session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.parent_id, Unit.head_id, Office.timezone)
        .join(Office, Office.id == Unit.office_id))
    return {row[0]: UnitInfo(*row) for row in rows}


async def _days(session: AsyncSession, first: date, last: date, scope: Scope
                ) -> dict[int, dict[date, Day]]:
    """Streamed in batches, each repeated value (ids, dates, codes) kept once:
    a province's month is 1.5 million rows."""
    query = (select(DayRecord.employee_id, DayRecord.work_date, DayRecord.unit_id,
                    DayRecord.supervisor_id, DayRecord.status, DayRecord.code,
                    DayRecord.check_in_code, DayRecord.check_out_code, DayRecord.late_minutes,
                    DayRecord.early_minutes, DayRecord.apel_missed,
                    DayRecord.midday_absences, DayRecord.holiday_name,
                    DayRecord.schedule_code)
             .where(DayRecord.work_date.between(first, last), _day_filter(session, scope))
             .execution_options(yield_per=_BATCH))
    found: dict[int, dict[date, Day]] = defaultdict(dict)
    shared: dict[object, Any] = {}
    one = shared.setdefault
    # Core rows, not the ORM's: plain columns have nothing to identify
    result = await (await session.connection()).stream(query)
    with _collector_paused():
        async for rows in result.partitions():
            for (person, day, unit, boss, status, code, in_code, out_code, late, early,
                 apel, midday, holiday, schedule) in rows:
                person, day = one(person, person), one(day, day)
                found[person][day] = Day(
                    person, day, one(unit, unit), one(boss, boss), one(status, status),
                    one(code, code), one(in_code, in_code), one(out_code, out_code), late,
                    early, bool(apel), int(midday or 0), one(holiday, holiday),
                    one(schedule, schedule))
    return dict(found)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while the days are made: they hold
    no cycles, and it would walk every one made so far again and again (half
    the time of a province's month)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


async def _people(session: AsyncSession, ids: Iterable[int] | None) -> dict[int, PersonInfo]:
    query = select(Employee.id, Employee.nip, Employee.name, Employee.unit_id,
                   Employee.supervisor_id, Employee.schedule_code, Employee.role,
                   Employee.active, Employee.language)
    if ids is not None:
        query = query.where(among(session, Employee.id, ids))
    return {row[0]: PersonInfo(*row[:7], bool(row[7]), row[8])
            for row in await session.execute(query)}


async def _assignments(session: AsyncSession, ids: Iterable[int] | None
                       ) -> dict[int, list[tuple[date, int]]]:
    query = select(EmployeeAssignment.employee_id, EmployeeAssignment.valid_from,
                   EmployeeAssignment.unit_id).order_by(EmployeeAssignment.valid_from)
    if ids is not None:
        query = query.where(among(session, EmployeeAssignment.employee_id, ids))
    found: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for employee_id, valid_from, unit_id in await session.execute(query):
        found[employee_id].append((valid_from, unit_id))
    return found


def unit_on(history: list[tuple[date, int]], day: date, default: int) -> int:
    """The unit of an assignment history on ``day`` (the earliest known before it)."""
    unit = history[0][1] if history else default
    for valid_from, unit_id in history:
        if valid_from > day:
            break
        unit = unit_id
    return unit


async def _tasks(session: AsyncSession, start: datetime, end: datetime,
                 people: dict[int, PersonInfo], everyone: bool, units_: dict[int, UnitInfo]
                 ) -> list[TaskFact]:
    reported = (select(func.max(TaskEvent.at))
                .where(TaskEvent.task_id == Task.id, TaskEvent.kind.in_(_REPORTS))
                .scalar_subquery())
    submitted = (select(func.max(TaskEvent.at))
                 .where(TaskEvent.task_id == Task.id, TaskEvent.kind == "submitted")
                 .scalar_subquery())
    query = (select(Task.id, Task.title, Task.assignee_id, Task.assigned_by_id,
                    Task.created_at, Task.deadline, Task.status, Task.completed_at,
                    type_coerce(submitted, UTCDateTime()),
                    type_coerce(func.coalesce(reported, Task.created_at), UTCDateTime()))
             .where(Task.created_at < end,
                    or_(Task.status.in_(_OPEN), Task.updated_at >= start)))
    if not everyone:
        query = query.where(among(session, Task.assignee_id, people))
    rows = (await session.execute(query)).all()
    ids = [row[0] for row in rows]
    extensions: dict[int, list[tuple[datetime, datetime | None, bool]]] = defaultdict(list)
    if ids:
        for task_id, asked, decided, status in await session.execute(
                select(ExtensionRequest.task_id, ExtensionRequest.requested_at,
                       ExtensionRequest.decided_at, ExtensionRequest.status)
                .where(among(session, ExtensionRequest.task_id, ids))
                .order_by(ExtensionRequest.id)):
            extensions[task_id].append((asked, decided, status == "approved"))
    history = await _assignments(session, None if everyone else people)
    found = []
    for (id_, title, assignee, by, created, deadline, status, completed, submitted_at,
         last) in rows:
        person = people.get(assignee)
        home = person.unit_id if person else None
        zone = units_[home].tz if home in units_ else UTC
        unit = unit_on(history.get(assignee, []), created.astimezone(zone).date(), home or 0)
        found.append(TaskFact(id_, title, assignee, by, unit or None, created, deadline,
                              TaskStatus(status).value, completed, submitted_at, last,
                              tuple(extensions.get(id_, ()))))
    return found


async def load_period(session: AsyncSession, settings: Settings, first: date, last: date,
                      scope: Scope = Scope()) -> Period:
    """The closed days of ``first``..``last`` that ``scope`` sees, their people,
    the tasks given to them that were alive in the period, the holidays and
    the schedules: ten queries, whatever the head count."""
    units_ = await units(session)
    days = await _days(session, first, last, scope)
    wanted = None if scope.everyone else set(days) | set(scope.employee_ids or ())
    people = await _people(session, wanted)
    if wanted is None:
        people = {i: p for i, p in people.items() if i in days}
    # instants of the period with a day's margin: every zone's local dates fit
    start = datetime.combine(first - timedelta(days=1), time(0), UTC)
    end = datetime.combine(last + timedelta(days=2), time(0), UTC)
    tasks = await _tasks(session, start, end, people, scope.everyone, units_)
    calendar = await calendar_between(session, settings, first, last)
    codes = {day.schedule_code for by_date in days.values() for day in by_date.values()}
    rules = await schedules(session, {code for code in codes if code}
                            | {person.schedule_code for person in people.values()})
    return Period(first, last, scope, units_, people, days, tasks, calendar, rules)
