"""What the pattern scans share in SQL: ids in one parameter, the closed
days' counting marks, marks close together, each schedule's working days.

Every loader here is one query whatever the head count; the scans call each
a fixed number of times. Who is told and the alert rows: ``pattern_alerts``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, ColumnElement, Select, and_, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.patterns import MarkFact
from bot.rules.calendar import HolidayCalendar
from bot.rules.patterns import working_days
from bot.services.employees import Rule
from bot.services.workday import calendar_between
from db.models import ScheduleRule
from db.models_day import AttendanceMark, DayRecord

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
    """SQL: the employees with ``size`` closed days (``DayRecord`` rows, which
    follow their counting marks) that ``where`` picks within ``span`` calendar
    days: only they can have a streak or a run, and only their marks are
    read. ``told``: a subquery by ``employee_id`` that ``where`` may name
    (what was told before)."""
    earlier = func.lag(DayRecord.work_date, size - 1).over(
        partition_by=DayRecord.employee_id, order_by=DayRecord.work_date)
    inner = select(DayRecord.employee_id, DayRecord.work_date, earlier.label("earlier"))
    if told is not None:
        inner = inner.outerjoin(told, told.c.employee_id == DayRecord.employee_id)
    found = inner.where(*where).subquery()
    return (select(found.c.employee_id)
            .where(found.c.earlier >= days_before(session, found.c.work_date, span))
            .distinct())


