"""The closed day's record follows its marks and its leave.

A ``DayRecord`` is written when the day closes (``jobs.day``); afterwards
three things change what it says: a leave or DL approved later (its marks
are cleared), a supervisor's dispensation (a mark excused), and a mid-day
absence found later. Each of them calls ``refresh`` for the days it touched,
so the record — what summaries and recaps read — always says what the marks
that still count say. ``refresh`` runs a fixed number of queries, however
many days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.rules.leave import LeaveSpan, covering_day
from bot.services.workday import approved_leaves
from db.models_day import AttendanceMark, DayRecord

PRESENT, ABSENT, LEAVE, HOLIDAY, OFF = "present", "absent", "leave", "holiday", "off"
PRESENT_CODE = "H"
_CODE_KINDS = {"late": "in", "no_check_in": "in", "early": "out", "no_check_out": "out"}


class MarkFacts(Protocol):
    """What the record reads of a mark: an ``AttendanceMark``, or one about to
    be written (the day close derives the record before inserting its marks)."""

    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def facts(self) -> dict[str, Any]: ...
    @property
    def cleared_by_leave_id(self) -> int | None: ...
    @property
    def excused_at(self) -> datetime | None: ...


def counts(mark: MarkFacts) -> bool:
    """A mark counts unless a later leave cleared it or a supervisor excused it."""
    return mark.cleared_by_leave_id is None and mark.excused_at is None


@dataclass(frozen=True)
class DayFacts:
    """What a record says, derived from its marks and leave (pure)."""

    status: str
    code: str | None
    check_in_code: str | None
    check_out_code: str | None
    late_minutes: int
    early_minutes: int
    apel_missed: bool
    midday_absences: int
    leave_id: int | None


def derive(scheduled_status: str, marks: Iterable[MarkFacts],
           leave: LeaveSpan | None) -> DayFacts:
    """The record of a day whose schedule made it ``scheduled_status``
    (present for a working day, else holiday / off), given its marks. A
    holiday or a day off inside a leave stays what it is: leave is taken on
    working days (a week of CT is five days of CT and a weekend)."""
    if scheduled_status in (HOLIDAY, OFF):
        return DayFacts(scheduled_status, None, None, None, 0, 0, False, 0, None)
    if leave is not None:
        return DayFacts(LEAVE, leave.kind, None, None, 0, 0, False, 0, leave.id)
    live = [mark for mark in marks if counts(mark)]
    if any(mark.kind == "absent" for mark in live):
        return DayFacts(ABSENT, "TK", None, None, 0, 0, False, 0, None)
    codes: dict[str, str | None] = {"in": None, "out": None}
    minutes = {"in": 0, "out": 0}
    for mark in live:
        side = _CODE_KINDS.get(mark.kind)
        if side is not None and mark.code:
            codes[side] = mark.code
            minutes[side] = int(mark.facts.get("minutes", 0) or 0)
    code = codes["in"] or codes["out"] or PRESENT_CODE
    return DayFacts(PRESENT, code, codes["in"], codes["out"], minutes["in"], minutes["out"],
                    any(mark.kind == "apel_missed" for mark in live),
                    sum(1 for mark in live if mark.kind == "midday_absence"), None)


def _pairs_filter(column_employee: InstrumentedAttribute[int],
                  column_date: InstrumentedAttribute[date],
                  pairs: set[tuple[int, date]]) -> ColumnElement[bool]:
    by_date: dict[date, set[int]] = defaultdict(set)
    for employee_id, day in pairs:
        by_date[day].add(employee_id)
    return or_(*(and_(column_date == day, column_employee.in_(ids))
                 for day, ids in by_date.items()))


async def refresh(session: AsyncSession, days: Iterable[tuple[int, date]],
                  now: datetime) -> list[DayRecord]:
    """Bring the closed records of these (employee, work date) days in line
    with their marks and approved leave; the records that changed. Days not
    closed yet have no record: the close reads the marks itself."""
    pairs = set(days)
    if not pairs:
        return []
    records = list(await session.scalars(select(DayRecord).where(
        _pairs_filter(DayRecord.employee_id, DayRecord.work_date, pairs))))
    if not records:
        return []
    marks: dict[tuple[int, date], list[AttendanceMark]] = defaultdict(list)
    for mark in await session.scalars(select(AttendanceMark).where(
            _pairs_filter(AttendanceMark.employee_id, AttendanceMark.work_date, pairs))):
        marks[(mark.employee_id, mark.work_date)].append(mark)
    first, last = min(day for _, day in pairs), max(day for _, day in pairs)
    leaves = await approved_leaves(session, first, last, {e for e, _ in pairs})
    changed = []
    for record in records:
        scheduled = record.status if record.status in (HOLIDAY, OFF) else PRESENT
        facts = derive(scheduled, marks[(record.employee_id, record.work_date)],
                       covering_day(leaves.get(record.employee_id, []), record.work_date))
        values = facts.__dict__
        if any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_at = now
            changed.append(record)
    return changed
