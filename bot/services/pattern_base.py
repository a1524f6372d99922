"""What the pattern scans share: the closed days' counting marks, who is
told (supervisor, unit head), the people loaded once, the alert rows.

Every loader here is one query whatever the head count; the scans call each
a fixed number of times.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, ColumnElement, Select, and_, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot import notifier
from bot.config import Settings
from bot.events.patterns import MarkFact, PatternFound
from bot.rules.calendar import HolidayCalendar
from bot.rules.patterns import working_days
from bot.services.employees import MAX_CHAIN, Rule
from bot.services.workday import Person, calendar_between, people
from db.models import Employee, ScheduleRule, Unit
from db.models_day import Alert, AttendanceMark, DayRecord
from db.session import dialect_insert

# --- ids in one parameter ---------------------------------------------------------


def among(session: AsyncSession, column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN ids`` with the ids in one bound parameter, however many:
    asyncpg and SQLite cap the parameters of a statement (32,767), and a first
    scan over 50,000 people may name more. PostgreSQL gets an array, SQLite a
    JSON list read with ``json_each``."""
    wanted = sorted({int(i) for i in ids})
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        return column == any_(bindparam(None, wanted, type_=ARRAY(BigInteger)))
    listed = func.json_each(bindparam(None, json.dumps(wanted))).table_valued("value")
    return column.in_(select(listed.c.value))


# --- the marks that count, on closed days ---------------------------------------


def counting(*kinds: str) -> list[ColumnElement[bool]]:
    """Marks of these kinds that count (neither cleared by leave nor excused)."""
    return [AttendanceMark.kind.in_(kinds), AttendanceMark.cleared_by_leave_id.is_(None),
            AttendanceMark.excused_at.is_(None)]


CLOSED = and_(DayRecord.employee_id == AttendanceMark.employee_id,
              DayRecord.work_date == AttendanceMark.work_date)
MINUTES = AttendanceMark.facts["minutes"].as_integer()
PLACE = AttendanceMark.facts["place"].as_string()


def mark_facts_query(*where: ColumnElement[bool]) -> Select[Any]:
    """The facts of counting marks on closed days (``MarkFact`` columns)."""
    return (select(AttendanceMark.id, AttendanceMark.employee_id, AttendanceMark.work_date,
                   AttendanceMark.kind, AttendanceMark.code, AttendanceMark.at, MINUTES, PLACE)
            .join(DayRecord, CLOSED).where(*where)
            .order_by(AttendanceMark.employee_id, AttendanceMark.work_date, AttendanceMark.id))


async def mark_facts(session: AsyncSession, *where: ColumnElement[bool]
                     ) -> dict[int, list[MarkFact]]:
    """Counting marks on closed days, by employee, in date order: one query."""
    found: dict[int, list[MarkFact]] = {}
    for id_, employee_id, day, kind, code, at, minutes, place in await session.execute(
            mark_facts_query(*where)):
        found.setdefault(employee_id, []).append(
            MarkFact(id_, employee_id, day, kind, code, at, int(minutes or 0), place))
    return found


# --- who is told ------------------------------------------------------------------


@dataclass(frozen=True)
class UnitTree:
    """Every unit's parent and head: the heads above anyone, without a query."""

    units: dict[int, tuple[int | None, int | None]]  # id -> (parent, head)

    def head_for(self, unit_id: int, exclude: Iterable[int | None] = ()) -> int | None:
        """The head of the unit, or of the nearest unit above, who is not in
        ``exclude`` (the person themselves; the supervisor, for an escalation)."""
        skip = set(exclude)
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in seen and len(seen) < MAX_CHAIN:
            seen.add(current)
            parent, head = self.units.get(current, (None, None))
            if head is not None and head not in skip:
                return head
            current = parent
        return None


async def unit_tree(session: AsyncSession) -> UnitTree:
    rows = await session.execute(select(Unit.id, Unit.parent_id, Unit.head_id))
    return UnitTree({id_: (parent, head) for id_, parent, head in rows})


@dataclass(frozen=True)
class Subject:
    """Someone a pattern is about, as the candidates' query found them."""

    id: int
    supervisor_id: int | None
    unit_id: int


def receivers_of(subject: Subject, tree: UnitTree, *, head_too: bool,
                 escalation: bool = False) -> list[int]:
    """The supervisor (else the unit head), and with ``head_too`` the unit head
    as well: ids, nearest first, without repeats. For an ``escalation`` the
    head is one above the supervisor (the head of a unit above, when the
    supervisor heads the person's unit)."""
    exclude = (subject.id, subject.supervisor_id) if escalation else (subject.id,)
    head = tree.head_for(subject.unit_id, exclude=exclude)
    found = [subject.supervisor_id] if subject.supervisor_id is not None else []
    if head is not None and (head_too or not found):
        found.append(head)
    return list(dict.fromkeys(found))


async def employees(session: AsyncSession, ids: Iterable[int]) -> dict[int, Employee]:
    """These employees' rows, active or not (a notice for an inactive manager
    goes to the next one up), with their offices, in one query: kept in the
    session, so queueing their notices looks nobody up again."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = (await session.scalars(select(Employee).options(joinedload(Employee.offices))
                                  .where(among(session, Employee.id, wanted)))).unique()
    return {row.id: row for row in rows}


PEOPLE_BY_ID_MAX = 10_000  # more people than this are read whole rather than by id


async def persons_of(session: AsyncSession, ids: Iterable[int]) -> dict[int, Person]:
    """The active ones of these people, detached (schedule, home zone): three queries."""
    wanted = set(ids)
    if not wanted:
        return {}
    found = await people(session, employee_ids=wanted if len(wanted) <= PEOPLE_BY_ID_MAX
                         else None)
    return {person.id: person for person in found if person.id in wanted}


@dataclass(frozen=True)
class Found:
    """A pattern recorded, waiting for its people's rows to become its event
    (the rows of everyone told are loaded at once, after all is found)."""

    kind: type[PatternFound]
    person_id: int
    receiver_ids: tuple[int, ...]
    values: dict[str, Any]  # the event's other fields

    @property
    def ids(self) -> tuple[int, ...]:
        return self.person_id, *self.receiver_ids

    def event(self, rows: dict[int, Employee]) -> PatternFound:
        return self.kind(person=rows[self.person_id],
                         receivers=tuple(rows[r] for r in self.receiver_ids), **self.values)


async def events_of(session: AsyncSession, found: Sequence[Found]) -> list[PatternFound]:
    rows = await employees(session, (i for f in found for i in f.ids))
    return [f.event(rows) for f in found]


def subject_columns() -> tuple[Any, ...]:
    return Employee.id, Employee.supervisor_id, Employee.unit_id


# --- working days -----------------------------------------------------------------

UTC_ZONE = ZoneInfo("UTC")  # working days are local dates: any zone gives the same ones


@dataclass
class WorkingDays:
    """Each schedule's working days in a zone (schedules and holidays loaded once)."""

    rules: dict[str, list[Rule]]
    calendar: HolidayCalendar
    _cache: dict[tuple[str, date, date], list[date]] = field(default_factory=dict)

    def between(self, code: str, first: date, last: date) -> list[date]:
        key = (code, first, last)
        if key not in self._cache:
            self._cache[key] = working_days(self.rules.get(code, []), UTC_ZONE, self.calendar,
                                            first, last)
        return self._cache[key]


async def working_days_of(session: AsyncSession, settings: Settings, first: date,
                          last: date) -> WorkingDays:
    """Two queries: every schedule's rows, and the holidays from ``first`` to ``last``."""
    rules: dict[str, list[Rule]] = {}
    for r in await session.scalars(select(ScheduleRule)):
        rules.setdefault(r.code, []).append(Rule(r.weekday, r.start, r.end, r.valid_from,
                                                 r.valid_to, r.works_on_holidays))
    return WorkingDays(rules, await calendar_between(session, settings, first, last))


def widest_span(calendar: WorkingDays, first: date, last: date, count: int) -> int:
    """The most calendar days that ``count`` consecutive working days of any
    schedule stretch over (from the first to the last of them), between
    ``first`` and ``last``: marks further apart cannot fall within them."""
    widest = 0
    for code in calendar.rules:
        days = calendar.between(code, first, last)
        if days and len(days) < count:
            return (last - first).days
        widest = max([widest, *((days[i + count - 1] - days[i]).days
                                for i in range(len(days) - count + 1))])
    return widest


def days_before(session: AsyncSession, day: Any, count: int) -> Any:
    """SQL: the date ``count`` days before ``day``."""
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        return day - count
    return func.date(day, f"-{int(count)} days")


def close_together(session: AsyncSession, where: Sequence[ColumnElement[bool]], *, size: int,
                   span: int, told: Any | None = None) -> Select[Any]:
    """SQL: the employees with ``size`` marks (counting, on closed days, as
    ``where`` says) within ``span`` calendar days: only they can have a
    streak or a run, and only their marks are read. ``told``: a subquery by
    ``employee_id`` that ``where`` may name (what was told before)."""
    earlier = func.lag(AttendanceMark.work_date, size - 1).over(
        partition_by=AttendanceMark.employee_id,
        order_by=(AttendanceMark.work_date, AttendanceMark.id))
    inner = (select(AttendanceMark.employee_id, AttendanceMark.work_date,
                    earlier.label("earlier"))
             .join(DayRecord, CLOSED))
    if told is not None:
        inner = inner.outerjoin(told, told.c.employee_id == AttendanceMark.employee_id)
    found = inner.where(*where).subquery()
    return (select(found.c.employee_id)
            .where(found.c.earlier >= days_before(session, found.c.work_date, span))
            .distinct())


# --- alert rows -------------------------------------------------------------------


async def record_alert(session: AsyncSession, *, key: str, kind: str, employee_id: int,
                       work_date: date, facts: dict[str, Any], now: datetime) -> int | None:
    """Write the alert; its id, or None when it was recorded before (a re-run,
    a second process): then nobody is told again."""
    result = await session.execute(
        dialect_insert(session)(Alert)
        .values(key=key, kind=kind, employee_id=employee_id, work_date=work_date,
                facts=facts, created_at=now)
        .on_conflict_do_nothing(index_elements=["key"]).returning(Alert.id))
    return result.scalar()


def mark_ids(marks: Sequence[MarkFact]) -> list[int]:
    return [mark.id for mark in marks]


PUBLISH_CHUNK = 5_000  # events per notifier call (its one bindings query names their receivers)


async def publish_all(session: AsyncSession, settings: Settings,
                      events: Sequence[notifier.Happened]) -> int:
    """Queue what the events cause; how many messages. A first scan after a
    long outage may find thousands: they go in chunks, each with one query
    for the receivers' bindings, so no statement names too many ids."""
    queued = 0
    for i in range(0, len(events), PUBLISH_CHUNK):
        queued += await notifier.publish(session, *events[i:i + PUBLISH_CHUNK],
                                         default_language=settings.default_language)
    return queued
