"""Closing the day: the final record of each employee and work date.

A group's work date (``bot.services.day_windows``) closes when its
check-out window does: the period end plus ``CHECK_OUT_SLACK_MINUTES``, in
the group's time zone (a night shift belongs to the date it starts, so it
closes the next morning); a day without a period closes at local midnight.
Then every active employee of the group gets one ``DayRecord`` for it, and
``AttendanceMark`` rows for what was wrong (``judge``):

    late          the check-in's TL code and minutes
    early         the check-out's PSW code and minutes
    no_check_out  a check-in and no check-out: MISSING_CHECK_OUT_CODE (PSW4)
    no_check_in   a check-out and no check-in: MISSING_CHECK_IN_CODE (TL4)
    absent        nothing at all: TK
    apel_missed   a check-in after the start on an APEL_WEEKDAYS day (no night shift)

A day covered by approved leave or DL is ``leave`` with the leave's code and
no marks; a permission covering the start (or the end) excuses the
check-in's (the check-out's) marks; an approved FWA day excuses a missing
day. A day without a period is ``off``; a holiday is ``holiday`` unless the
schedule works holidays. The record's fields are ``day_records.derive`` of
its marks (the ones already there, such as mid-day absences, included), so a
leave approved later or a dispensation (``day_records.refresh``) changes it
the same way. The record keeps the unit, supervisor and schedule of that
day: each person is judged as the assignment in force on the work date
places them (``day_windows.days_of``), so a day closed after a transfer was
recorded (the bot was down over it, or a night shift that ends after the
import) still counts for the unit it was worked in.

Days missed while the bot was down are all closed on start (records are
facts, not messages), back to the first day Hadir judged for the group
(its ``close_from`` window, claimed the first time the group is seen) and at
most ``CATCH_UP_DAYS`` back: history before Hadir ran is never judged.
Re-running changes nothing: windows are claimed once, keys are unique, and
a person's day that has a record is skipped. A fixed number of queries,
whatever the head count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.apel import missed_apel
from bot.rules.leave import covering_moment
from bot.rules.schedule import WorkPeriod, work_period
from bot.services import windows, workday
from bot.services.day_records import HOLIDAY, OFF, PRESENT, derive
from bot.services.day_windows import Group, Window, claim_all, days_of, groups
from bot.services.workday import PersonDay
from db.models_day import AttendanceMark, DayRecord, JobWindow
from db.session import dialect_insert

CLOSE, CLOSE_FROM = "close", "close_from"
CATCH_UP_DAYS = 62  # after a long outage, at most this many days back are closed
ABSENT_CODE = "TK"
_LAST_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Draft:
    """A mark to write: what was wrong, when, and the facts it rests on (a
    new mark counts: nobody cleared or excused it yet)."""

    kind: str
    code: str | None
    at: datetime
    facts: dict[str, Any]
    cleared_by_leave_id: None = None
    excused_at: None = None


def scheduled_status(day: PersonDay) -> str:
    """present (a working day), holiday or off, before leave and marks."""
    if day.period is None:
        return OFF
    if day.holiday is not None and not day.works_on_holidays:
        return HOLIDAY
    return PRESENT


@lru_cache(maxsize=256)
def _scheduled(period: WorkPeriod) -> dict[str, str]:
    """The period as a mark's facts give it (shared by a group: worked out once)."""
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def judge(day: PersonDay, settings: Settings) -> list[Draft]:
    """What was wrong on a closed working day (pure: the marks to write)."""
    period = day.period
    if period is None or scheduled_status(day) != PRESENT or day.leave is not None:
        return []
    spans = list(day.leaves)
    start_excused = bool(spans) and covering_moment(spans, day.work_date,
                                                    period.start) is not None
    end_excused = bool(spans) and covering_moment(spans, day.work_date,
                                                  period.end - _LAST_MINUTE) is not None
    scheduled = _scheduled(period)
    check_in, check_out = day.check_in, day.check_out
    found: list[Draft] = []
    if check_in is None and check_out is None:
        if not (start_excused and end_excused) and day.fwa is None:
            found.append(Draft("absent", ABSENT_CODE, period.start, dict(scheduled)))
        return found
    if check_in is not None and not start_excused:
        arrival = {**scheduled, "check_in": check_in.occurred_at.isoformat(),
                   "minutes": check_in.minutes_off}
        if check_in.code:
            found.append(Draft("late", check_in.code, check_in.occurred_at, arrival))
        if missed_apel(settings.apel_weekdays, day.work_date, check_in.minutes_off,
                       overnight=period.overnight):
            found.append(Draft("apel_missed", None, check_in.occurred_at,
                               {**arrival, "apel": period.start.isoformat()}))
    if check_in is None and not start_excused:
        assert check_out is not None
        found.append(Draft("no_check_in", settings.missing_check_in_code, period.start,
                           {**scheduled, "check_out": check_out.occurred_at.isoformat()}))
    if check_out is None and not end_excused:
        assert check_in is not None
        found.append(Draft("no_check_out", settings.missing_check_out_code, period.end,
                           {**scheduled, "check_in": check_in.occurred_at.isoformat()}))
    if check_out is not None and check_out.code and not end_excused:
        found.append(Draft("early", check_out.code, check_out.occurred_at,
                           {**scheduled, "check_out": check_out.occurred_at.isoformat(),
                            "minutes": check_out.minutes_off}))
    return found


def mark_key(kind: str, employee_id: int, work_date: date) -> str:
    """The fact a mark names: one of each kind per person and day."""
    return f"{kind}:{employee_id}:{work_date.isoformat()}"


def closes_at(group: Group, day: date, period: WorkPeriod | None, settings: Settings
              ) -> datetime:
    """When a work date's check-out window closes, in the group's zone."""
    if period is not None:
        return period.end + timedelta(minutes=settings.check_out_slack_minutes)
    return datetime.combine(day + timedelta(days=1), time(0), group.zone)


async def _to_close(session: AsyncSession, settings: Settings, now: datetime) -> list[Window]:
    """The windows that closed and nobody judged, back to each group's first
    judged day: claimed now."""
    found = await groups(session)
    rules = await workday.schedules(session, {g.code for g in found})
    starts = {scope: day for scope, day in await session.execute(
        select(JobWindow.scope, func.min(JobWindow.work_date))
        .where(JobWindow.name == CLOSE_FROM).group_by(JobWindow.scope))}
    candidates = []
    for group in found:
        today = now.astimezone(group.zone).date()
        first = starts.get(group.scope)
        if first is None:  # a group seen for the first time: its days from today on
            await windows.claim(session, CLOSE_FROM, group.scope, today, now)
            first = today
        day = max(first, today - timedelta(days=CATCH_UP_DAYS))
        while day <= today:
            period = work_period(rules[group.code], day, group.zone)
            if closes_at(group, day, period, settings) <= now:
                candidates.append(Window(group, day, period))
            day += timedelta(days=1)
    return await claim_all(session, CLOSE, candidates, now)


async def close_days(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Write the records and marks of every day whose window closed; how many
    records were written."""
    found = await _to_close(session, settings, now)
    if not found:
        return 0
    judged = await days_of(session, settings, found)
    dates = {window.work_date for window in found}
    closed = {(employee_id, day) for employee_id, day in await session.execute(
        select(DayRecord.employee_id, DayRecord.work_date)
        .where(DayRecord.work_date.in_(dates)))}
    marks: dict[tuple[int, date], list[AttendanceMark]] = defaultdict(list)
    for mark in await session.scalars(select(AttendanceMark)
                                      .where(AttendanceMark.work_date.in_(dates))):
        marks[(mark.employee_id, mark.work_date)].append(mark)
    new_marks: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for _, day in judged.days:
        person, work_date = day.person, day.work_date
        if (person.id, work_date) in closed:
            continue
        had = marks[(person.id, work_date)]
        keys = {mark.key for mark in had}
        fresh = [d for d in judge(day, settings)
                 if mark_key(d.kind, person.id, work_date) not in keys]
        facts = derive(scheduled_status(day), [*had, *fresh], day.leave)
        new_marks += [{"key": mark_key(d.kind, person.id, work_date), "employee_id": person.id,
                       "work_date": work_date, "kind": d.kind, "code": d.code, "at": d.at,
                       "facts": d.facts, "created_at": now} for d in fresh]
        records.append({"employee_id": person.id, "work_date": work_date,
                        "unit_id": person.unit_id,
                        "supervisor_id": person.supervisor_id, "office_id": person.offices[0].id,
                        "schedule_code": person.schedule_code, "holiday_name": day.holiday,
                        "closed_at": now, "updated_at": now, **facts.__dict__})
    insert = dialect_insert(session)
    if new_marks:
        await session.execute(insert(AttendanceMark.__table__)
                              .on_conflict_do_nothing(index_elements=["key"]), new_marks)
    if records:
        await session.execute(insert(DayRecord.__table__).on_conflict_do_nothing(
            index_elements=["employee_id", "work_date"]), records)
    return len(records)
