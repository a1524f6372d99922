"""Everyone's working day at a moment, in a fixed number of queries.

The day's jobs (check-in reminder, no-show, presence checks, closing the
day) all ask the same question — who works today, in which period, in which
zone, with which leave, and what did they record — for thousands of people
at once. ``people`` and ``days_at``/``days_on`` answer it with one query per
table, whatever the head count (no query per employee), reading plain
columns rather than ORM objects so that 50,000 people stay cheap.

Each person's day is in the time zone of their home office (the first of
their offices, else their unit's): "07:30" is local time there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.calendar import HolidayCalendar
from bot.rules.leave import LeaveSpan, LeaveStatus, covering_day, fwa_place
from bot.rules.schedule import ScheduleRow, WorkPeriod, work_period
from bot.services.employees import Rule, calendar_of, rule_of
from db.models import (
    AttendanceEvent,
    Employee,
    Holiday,
    Office,
    ScheduleRule,
    TelegramBinding,
    Unit,
    employee_offices,
)
from db.models_day import LeaveRequest

# up to this many people, ``days_on`` reads only their leave and checks (ids as
# bound parameters stay far below the drivers' cap of 32,767 a statement)
FEW_PEOPLE = 1000


@dataclass(frozen=True)
class Place:
    """An office (or an approved FWA place) as the geofence sees it."""

    id: int
    code: str
    name: str
    latitude: float
    longitude: float
    radius_m: float
    timezone: str


@dataclass(frozen=True)
class Person:
    """An active employee, detached from the database."""

    id: int
    nip: str
    name: str
    unit_id: int
    role: str
    supervisor_id: int | None
    schedule_code: str
    language: str | None
    offices: tuple[Place, ...]  # home office first; never empty
    chat_id: int | None  # their Telegram chat, None before they activate

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.offices[0].timezone)


@dataclass(frozen=True)
class Check:
    """A recorded check-in or check-out."""

    id: int
    kind: str
    occurred_at: datetime
    code: str | None
    minutes_off: int
    office_id: int
    chat_id: int
    message_id: int


@dataclass(frozen=True)
class PersonDay:
    """One person's work date: schedule, holiday, leave and what they recorded."""

    person: Person
    work_date: date
    period: WorkPeriod | None
    holiday: str | None
    works_on_holidays: bool
    leaves: tuple[LeaveSpan, ...] = ()  # approved requests touching this date
    checks: dict[str, Check] = field(default_factory=dict)  # "in" / "out"

    @property
    def working(self) -> bool:
        """A scheduled working day (a holiday only for schedules that work them)."""
        return self.period is not None and (self.holiday is None or self.works_on_holidays)

    @property
    def leave(self) -> LeaveSpan | None:
        """The whole-day leave or DL that excuses this date."""
        return covering_day(list(self.leaves), self.work_date)

    @property
    def fwa(self) -> LeaveSpan | None:
        return fwa_place(list(self.leaves), self.work_date)

    @property
    def check_in(self) -> Check | None:
        return self.checks.get("in")

    @property
    def check_out(self) -> Check | None:
        return self.checks.get("out")


async def people(session: AsyncSession, *, unit_ids: Iterable[int] | None = None,
                 employee_ids: Iterable[int] | None = None) -> list[Person]:
    """Active employees (all, or of these units, or these ids): three queries."""
    query = (
        select(Employee.id, Employee.nip, Employee.name, Employee.unit_id, Employee.role,
               Employee.supervisor_id, Employee.schedule_code, Employee.language,
               Unit.office_id, TelegramBinding.chat_id)
        .join(Unit, Unit.id == Employee.unit_id)
        .outerjoin(TelegramBinding, TelegramBinding.employee_id == Employee.id)
        .where(Employee.active.is_(True))
        .order_by(Employee.id)
    )
    if unit_ids is not None:
        query = query.where(Employee.unit_id.in_(set(unit_ids)))
    if employee_ids is not None:
        query = query.where(Employee.id.in_(set(employee_ids)))
    rows = (await session.execute(query)).all()
    places = {o.id: Place(o.id, o.code, o.name, o.latitude, o.longitude, o.radius_m,
                          o.timezone) for o in await session.scalars(select(Office))}
    own: dict[int, list[int]] = defaultdict(list)
    links = await session.execute(
        select(employee_offices.c.employee_id, employee_offices.c.office_id)
        .order_by(employee_offices.c.employee_id, employee_offices.c.office_id))
    for employee_id, office_id in links:
        own[employee_id].append(office_id)
    found = []
    for (id_, nip, name, unit_id, role, supervisor_id, code, language, unit_office,
         chat_id) in rows:
        offices = tuple(places[o] for o in own.get(id_, ())) or (places[unit_office],)
        found.append(Person(id_, nip, name, unit_id, role, supervisor_id, code, language,
                            offices, chat_id))
    return found


async def schedules(session: AsyncSession, codes: Iterable[str]) -> dict[str, list[Rule]]:
    by_code: dict[str, list[Rule]] = defaultdict(list)
    for r in await session.scalars(select(ScheduleRule).where(ScheduleRule.code.in_(set(codes)))):
        by_code[r.code].append(rule_of(r))
    return by_code


async def calendar_between(session: AsyncSession, settings: Settings, first: date,
                           last: date) -> HolidayCalendar:
    rows = await session.scalars(select(Holiday).where(Holiday.date.between(first, last)))
    return calendar_of(settings.holiday_categories,
                       {row.date: (row.name, row.working) for row in rows})


async def approved_leaves(session: AsyncSession, first: date, last: date,
                          employee_ids: Iterable[int] | None = None
                          ) -> dict[int, list[LeaveSpan]]:
    """Approved requests touching ``first``..``last``, by employee: one query."""
    query = select(LeaveRequest).where(
        LeaveRequest.status == LeaveStatus.APPROVED,
        LeaveRequest.start_date <= last, LeaveRequest.end_date >= first)
    if employee_ids is not None:
        query = query.where(LeaveRequest.employee_id.in_(set(employee_ids)))
    found: dict[int, list[LeaveSpan]] = defaultdict(list)
    for r in await session.scalars(query.order_by(LeaveRequest.id)):
        found[r.employee_id].append(LeaveSpan(
            r.id, r.employee_id, r.kind, r.start_date, r.end_date, r.start_at, r.end_at,
            r.latitude, r.longitude))
    return found


async def checks_on(session: AsyncSession, dates: Iterable[date],
                    employee_ids: Iterable[int] | None = None
                    ) -> dict[tuple[int, date], dict[str, Check]]:
    """Check-ins and check-outs of these work dates (of everyone, or of these
    employees), by (employee, date): one query."""
    found: dict[tuple[int, date], dict[str, Check]] = defaultdict(dict)
    query = (
        select(AttendanceEvent.id, AttendanceEvent.employee_id, AttendanceEvent.work_date,
               AttendanceEvent.kind, AttendanceEvent.occurred_at, AttendanceEvent.code,
               AttendanceEvent.minutes_off, AttendanceEvent.office_id,
               AttendanceEvent.chat_id, AttendanceEvent.message_id)
        .where(AttendanceEvent.work_date.in_(set(dates))))
    if employee_ids is not None:
        query = query.where(AttendanceEvent.employee_id.in_(set(employee_ids)))
    rows = await session.execute(query)
    for id_, employee_id, work_date, kind, at, code, minutes, office_id, chat, message in rows:
        found[(employee_id, work_date)][kind] = Check(id_, kind, at, code, minutes, office_id,
                                                      chat, message)
    return found


def local_date(person: Person, at: datetime) -> date:
    return at.astimezone(person.tz).date()


async def days_on(session: AsyncSession, settings: Settings,
                  wanted: Iterable[tuple[Person, date]]) -> list[PersonDay]:
    """The days asked for (each person with one of their local dates), in
    five queries whatever their number."""
    wanted = list(wanted)
    if not wanted:
        return []
    dates = {day for _, day in wanted}
    first, last = min(dates), max(dates)
    rules = await schedules(session, {person.schedule_code for person, _ in wanted})
    calendar = await calendar_between(session, settings, first - timedelta(days=1), last)
    # a few people (a team's board, one person's day): only their leave and checks,
    # not everyone's of those dates; many (a job's scan): everyone's, in one go
    few = {person.id for person, _ in wanted} if len(wanted) <= FEW_PEOPLE else None
    leaves = await approved_leaves(session, first, last, few)
    checks = await checks_on(session, dates, few)
    # everyone of one schedule, zone and date shares the period and the holiday:
    # worked out once per group, not once per person (50,000 people stay cheap)
    shared: dict[tuple[str, str, date], tuple[WorkPeriod | None, str | None, bool]] = {}
    found = []
    for person, day in wanted:
        key = (person.schedule_code, person.offices[0].timezone, day)
        if key not in shared:
            rows = rules[person.schedule_code]
            shared[key] = (work_period(rows, day, person.tz), calendar.name(day),
                           any(row.works_on_holidays for row in rows))
        period, holiday, works_on_holidays = shared[key]
        own = leaves.get(person.id)
        found.append(PersonDay(person, day, period, holiday, works_on_holidays,
                               tuple(span for span in own if span.on(day)) if own else (),
                               dict(checks.get((person.id, day), {}))))
    return found


async def days_at(session: AsyncSession, settings: Settings, persons: Iterable[Person],
                  at: datetime) -> list[PersonDay]:
    """Each person's work day at ``at``: today's local date in their zone (an
    overnight period of yesterday still running owns the moment)."""
    persons = list(persons)
    rules = await schedules(session, {person.schedule_code for person in persons})
    wanted = []
    for person in persons:
        today = local_date(person, at)
        rows: list[ScheduleRow] = list(rules[person.schedule_code])
        previous = work_period(rows, today - timedelta(days=1), person.tz)
        owner = previous.work_date if previous and previous.start <= at < previous.end else today
        wanted.append((person, owner))
    return await days_on(session, settings, wanted)


def person_day(person: Person, day: date, rows: list[Rule], calendar: HolidayCalendar,
               leaves: list[LeaveSpan], checks: dict[str, Check]) -> PersonDay:
    """One person's day from what was loaded (pure: no query)."""
    period = work_period(rows, day, person.tz)
    works_on_holidays = any(row.works_on_holidays for row in rows)
    touching = tuple(span for span in leaves if span.on(day))
    return PersonDay(person, day, period, calendar.name(day), works_on_holidays, touching,
                     dict(checks))
