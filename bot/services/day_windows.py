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
    judged with their current one. Worked out once per person, except for
    the few whose assignment changes inside the dates."""
    if not found:
        return lambda group, day: []
    current = {group_of(person) for person in persons}
    first = min(window.work_date for window in found)
    dates = sorted({window.work_date for window in found})

    def placed(person: Person, day: date) -> Person:
        there = assignments.as_of(person, history.get(person.id, ()), day)
        if there.schedule_code != person.schedule_code and group_of(there) not in current:
            return replace(there, schedule_code=person.schedule_code)
        return there

    steady: dict[Group, list[Person]] = defaultdict(list)
    moving: dict[tuple[Group, date], list[Person]] = defaultdict(list)
    for person in persons:
        own = history.get(person.id, ())
        if len(own) > 1 or (own and own[0].valid_from > first):
            for day in dates:
                there = placed(person, day)
                moving[(group_of(there), day)].append(there)
        else:
            there = placed(person, first)
            steady[group_of(there)].append(there)

    def members(group: Group, day: date) -> list[Person]:
        extra = moving.get((group, day))
        return sorted([*steady[group], *extra], key=lambda p: p.id) if extra else steady[group]

    return members
