"""The groups the day's jobs judge, and their windows.

Everyone with the same schedule code and the same home-office time zone
has the same working period on a local date: such a group (``UMUM@Asia/
Jakarta``) is judged at once. A window is one moment of one group's work
date (the check-in reminder at 07:45 local, the no-show digest at 08:30, the
close at 20:00); it is judged once it has passed and only while it is still
worth judging (no reminder to check in after the day's end), and claimed in
the transaction that writes what was found (``bot.services.windows``): a
re-run, a restart or a second process judges it no more.

Every function here runs a fixed number of queries, whatever the head count:
one per table, plus one claim per window (a group and a date, never a person).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.rules.schedule import WorkPeriod, work_period
from bot.services import assignments, windows, workday
from bot.services.assignments import Assignment
from bot.services.workday import Person, PersonDay
from db.models import Employee, Office, Unit, employee_offices


@dataclass(frozen=True, order=True)
class Group:
    """People who share a schedule and a home-office time zone."""

    code: str
    timezone: str

    @property
    def scope(self) -> str:
        return f"{self.code}@{self.timezone}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def group_of(person: Person) -> Group:
    return Group(person.schedule_code, person.offices[0].timezone)


@dataclass(frozen=True)
class Window:
    """One group's work date, with its period (None: a day off)."""

    group: Group
    work_date: date
    period: WorkPeriod | None


async def groups(session: AsyncSession) -> list[Group]:
    """The groups active employees fall in (home office: their first office,
    else their unit's, as in ``workday.people``): one query."""
    home = (select(employee_offices.c.employee_id,
                   func.min(employee_offices.c.office_id).label("office_id"))
            .group_by(employee_offices.c.employee_id).subquery())
    own, unit_office = aliased(Office), aliased(Office)
    zone = func.coalesce(own.timezone, unit_office.timezone)
    rows = await session.execute(
        select(Employee.schedule_code, zone).distinct()
        .join(Unit, Unit.id == Employee.unit_id)
        .join(unit_office, unit_office.id == Unit.office_id)
        .outerjoin(home, home.c.employee_id == Employee.id)
        .outerjoin(own, own.id == home.c.office_id)
        .where(Employee.active.is_(True)))
    return sorted(Group(code, tz) for code, tz in rows)


async def claim_all(session: AsyncSession, name: str, candidates: Iterable[Window],
                    now: datetime) -> list[Window]:
    """The candidates nobody judged yet, now claimed by this run."""
    candidates = list(candidates)
    done = await windows.claimed(session, name,
                                 [(w.group.scope, w.work_date) for w in candidates])
    return [w for w in candidates if (w.group.scope, w.work_date) not in done
            and await windows.claim(session, name, w.group.scope, w.work_date, now)]


Moment = Callable[[WorkPeriod], datetime]


async def open_windows(session: AsyncSession, name: str, now: datetime, *, opens: Moment,
                       closes: Moment) -> list[Window]:
    """The working periods of today and yesterday (a night shift) whose
    moment ``opens`` has passed and ``closes`` has not, not judged before:
    claimed now. After the bot was down a window still open is judged once;
    one that closed meanwhile is not judged at all (its day is over)."""
    found = await groups(session)
    rules = await workday.schedules(session, {g.code for g in found})
    candidates = []
    for group in found:
        today = now.astimezone(group.zone).date()
        for day in (today - timedelta(days=1), today):
            period = work_period(rules[group.code], day, group.zone)
            if period is not None and opens(period) <= now < closes(period):
                candidates.append(Window(group, day, period))
    return await claim_all(session, name, candidates, now)


@dataclass(frozen=True)
class Judged:
    """The days of the windows' people, and everyone active (their managers)."""

    days: list[tuple[Window, PersonDay]]
    people: dict[int, Person]


async def days_of(session: AsyncSession, settings: Settings, found: list[Window]) -> Judged:
    """Each window's people, as they were placed on its date (unit, supervisor
    and schedule of that day: ``assignments.as_of``), with their day (leave,
    checks): eight queries."""
    persons = await workday.people(session)
    history = (await assignments.between(session, min(w.work_date for w in found),
                                         max(w.work_date for w in found)) if found else {})
    members = _members(persons, history, found)
    wanted = [(window, person) for window in found
              for person in members(window.group, window.work_date)]
    days = await workday.days_on(session, settings,
                                 [(person, window.work_date) for window, person in wanted])
    return Judged([(window, day) for (window, _), day in zip(wanted, days, strict=True)],
                  {person.id: person for person in persons})


def _members(persons: list[Person], history: dict[int, list[Assignment]],
             found: list[Window]) -> Callable[[Group, date], list[Person]]:
    """Who is in a group on a date. A transfer between the windows' dates
    places someone in the group of each day's schedule; a schedule no current
    group has (nobody is on it any more, so no window judges it) leaves them
    judged with their current one. Everyone without such history is placed
    once, as they are now (groups keyed by plain tuples: 50,000 people stay
    cheap); the few who moved are placed per assignment."""
    if not found:
        return lambda group, day: []
    first = min(window.work_date for window in found)
    dates = sorted({window.work_date for window in found})
    steady: dict[tuple[str, str], list[Person]] = defaultdict(list)
    movers = []
    for person in persons:
        if person.id in history:
            movers.append(person)
        else:
            steady[(person.schedule_code, person.offices[0].timezone)].append(person)
    current = set(steady) | {(p.schedule_code, p.offices[0].timezone) for p in movers}

    def placed(person: Person, day: date) -> tuple[Person, tuple[str, str]]:
        there = assignments.as_of(person, history[person.id], day)
        key = (there.schedule_code, there.offices[0].timezone)
        if key not in current:  # judged with the schedule they have now
            there = replace(there, schedule_code=person.schedule_code)
            key = (person.schedule_code, key[1])
        return there, key

    moving: dict[tuple[tuple[str, str], date], list[Person]] = defaultdict(list)
    for person in movers:
        own = history[person.id]
        if len(own) == 1 and own[0].valid_from <= first:  # one place over all the dates
            there, key = placed(person, first)
            steady[key].append(there)
            continue
        places: dict[Assignment | None, tuple[Person, tuple[str, str]]] = {}
        for day in dates:
            in_force = assignments.in_force(own, day)
            if in_force not in places:
                places[in_force] = placed(person, day)
            there, key = places[in_force]
            moving[(key, day)].append(there)

    def members(group: Group, day: date) -> list[Person]:
        key = (group.code, group.timezone)
        extra = moving.get((key, day))
        return [*steady.get(key, ()), *extra] if extra else steady.get(key, [])

    return members
