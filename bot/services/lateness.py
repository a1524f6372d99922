"""Chronic lateness, read from the closed days: late streaks and the month's
TL+PSW minutes, each told once.

A *late day* is a closed day (a ``DayRecord`` exists) with a counting mark
of kind ``late`` or ``no_check_in`` whose code is a TL code; a mark excused
by a supervisor or cleared by leave does not count. ``CHRONIC_LATE_DAYS``
late days within ``CHRONIC_LATE_WINDOW_DAYS`` working days of the person's
schedule make a streak, told to the supervisor once (``Alert``
``late-streak:<employee>:<first date>``, its ``work_date`` the streak's last
day). The days of a streak are used up by it: the next one needs new late
days. A streak that begins within the window after the previous one ended is
told to the unit head as well. Separately, ``CHRONIC_LATE_MINUTES_MONTH``
TL+PSW minutes in a calendar month are told once per month
(``late-minutes:<employee>:<YYYY-MM>``).

The scan looks back two windows (in calendar days, with room for long
holidays): after a long outage older streaks are not told. It runs a fixed
number of queries: SQL finds the few people who may have something new, and
only their marks are read.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.events.patterns import LateMinutesReached, LateStreakFound, MarkFact, PatternFound
from bot.rules.patterns import late_streaks
from bot.services.employees import home_timezone
from bot.services.pattern_base import (
    CLOSED,
    MINUTES,
    Subject,
    among,
    counting,
    employees,
    mark_facts,
    mark_ids,
    publish_all,
    receivers_of,
    record_alert,
    subject_columns,
    unit_tree,
    working_days_of,
)
from db.models import Employee
from db.models_day import Alert, AttendanceMark, DayRecord

STREAK, MONTH = "late_streak", "late_minutes"  # Alert.kind
LATE_KINDS = ("late", "no_check_in")
MINUTE_KINDS = ("late", "early", "no_check_in", "no_check_out")
HOLIDAY_ROOM_DAYS = 14  # calendar days added to the look-back for long holidays
MONTH_GRACE_DAYS = 3  # a month's last days close after it ended (and after an outage)


def streak_key(employee_id: int, first: date) -> str:
    return f"late-streak:{employee_id}:{first.isoformat()}"


def minutes_key(employee_id: int, month: date) -> str:
    return f"late-minutes:{employee_id}:{month:%Y-%m}"


def look_back(settings: Settings, today: date) -> date:
    """The first day read: two windows of working days, in calendar days."""
    span = math.ceil(2 * settings.chronic_late_window_days * 7 / 5) + HOLIDAY_ROOM_DAYS
    return today - timedelta(days=span)


def _late() -> list[ColumnElement[bool]]:
    return [*counting(*LATE_KINDS), AttendanceMark.code.like("TL%")]


async def _streak_candidates(session: AsyncSession, settings: Settings,
                             since: date) -> list[Subject]:
    """People with enough late days since ``since`` after their last streak."""
    last = (select(func.max(Alert.work_date))
            .where(Alert.kind == STREAK, Alert.employee_id == AttendanceMark.employee_id)
            .scalar_subquery())
    rows = await session.execute(
        select(*subject_columns()).select_from(AttendanceMark).join(DayRecord, CLOSED)
        .join(Employee, Employee.id == AttendanceMark.employee_id)
        .where(*_late(), AttendanceMark.work_date >= since, Employee.active.is_(True),
               or_(last.is_(None), AttendanceMark.work_date > last))
        .group_by(*subject_columns())
        .having(func.count(distinct(AttendanceMark.work_date)) >= settings.chronic_late_days))
    return [Subject(*row) for row in rows]


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def months_open(now: datetime) -> list[date]:
    """The months whose closed days may still add up: this one, and the last
    one during its first days."""
    today = now.date()
    return sorted({(today + timedelta(days=d)).replace(day=1)
                   for d in (-MONTH_GRACE_DAYS, 0, 1)})


async def _minute_candidates(session: AsyncSession, settings: Settings,
                             month: date) -> list[Subject]:
    """People whose TL+PSW minutes of ``month`` reached the limit, not told yet."""
    end = _month_end(month)
    told = (select(Alert.id).where(Alert.kind == MONTH, Alert.employee_id == Employee.id,
                                   Alert.work_date.between(month, end)).exists())
    rows = await session.execute(
        select(*subject_columns()).select_from(AttendanceMark).join(DayRecord, CLOSED)
        .join(Employee, Employee.id == AttendanceMark.employee_id)
        .where(*counting(*MINUTE_KINDS), AttendanceMark.work_date.between(month, end),
               Employee.active.is_(True), ~told)
        .group_by(*subject_columns())
        .having(func.coalesce(func.sum(MINUTES), 0) >= settings.chronic_late_minutes_month))
    return [Subject(*row) for row in rows]


async def _last_streaks(session: AsyncSession, ids: set[int]) -> dict[int, tuple[date, ...]]:
    """The days of each person's latest streak told (by its last day)."""
    if not ids:
        return {}
    other = aliased(Alert)
    latest = (select(func.max(other.work_date))
              .where(other.kind == STREAK, other.employee_id == Alert.employee_id)
              .scalar_subquery())
    rows = await session.execute(select(Alert.employee_id, Alert.work_date, Alert.facts).where(
        Alert.kind == STREAK, among(session, Alert.employee_id, ids), Alert.work_date == latest))
    return {employee_id: tuple(date.fromisoformat(d) for d in (facts or {}).get("days", []))
            or (last,) for employee_id, last, facts in rows}


async def scan_chronic_lateness(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Tell each new late streak and each month's minutes reaching the limit;
    how many messages were queued."""
    since = look_back(settings, now.date() - timedelta(days=1))
    streaky = await _streak_candidates(session, settings, since)
    monthly = {month: await _minute_candidates(session, settings, month)
               for month in months_open(now)}
    if not streaky and not any(monthly.values()):
        return 0
    subjects = {s.id: s for s in [*streaky, *(s for found in monthly.values() for s in found)]}
    tree = await unit_tree(session)
    receivers = {s.id: receivers_of(s, tree, head_too=False) for s in subjects.values()}
    heads = {s.id: receivers_of(s, tree, head_too=True, escalation=True) for s in streaky}
    rows = await employees(session, [*subjects, *(r for ids in [*receivers.values(),
                                                              *heads.values()] for r in ids)])
    events: list[PatternFound] = []
    if streaky:
        events += await _streaks(session, settings, now, since, streaky, rows, receivers, heads)
    for month, found in monthly.items():
        if found:
            events += await _month(session, settings, now, month, found, rows, receivers)
    return await publish_all(session, settings, events)


async def _streaks(session: AsyncSession, settings: Settings, now: datetime, since: date,
                   found: list[Subject], rows: dict[int, Employee],
                   receivers: dict[int, list[int]], heads: dict[int, list[int]]
                   ) -> list[PatternFound]:
    ids = {s.id for s in found}
    previous = await _last_streaks(session, ids)
    marks = await mark_facts(session, *_late(), among(session, AttendanceMark.employee_id, ids),
                             AttendanceMark.work_date >= since)
    first = min([since, *(days[-1] for days in previous.values())])
    calendar = await working_days_of(session, settings, {rows[i].schedule_code for i in ids},
                                     first, now.date() + timedelta(days=1))
    size, window = settings.chronic_late_days, settings.chronic_late_window_days
    events: list[PatternFound] = []
    for subject in found:
        person = rows[subject.id]
        tz = home_timezone(person)
        by_day: dict[date, MarkFact] = {}
        for mark in marks.get(subject.id, []):
            by_day.setdefault(mark.work_date, mark)
        before = previous.get(subject.id, ())
        days = calendar.between(person.schedule_code, tz, first, now.astimezone(tz).date())
        for streak in late_streaks(by_day, days, size=size, window=window,
                                   previous_last=before[-1] if before else None):
            streak_marks = tuple(by_day[d] for d in streak.days)
            alert_id = await record_alert(
                session, key=streak_key(person.id, streak.first), kind=STREAK,
                employee_id=person.id, work_date=streak.last, now=now,
                facts={"days": [d.isoformat() for d in streak.days], "repeat": streak.repeat,
                       "marks": mark_ids(streak_marks), "needed": size})
            if alert_id is not None:
                told = heads if streak.repeat else receivers
                events.append(LateStreakFound(
                    at=now, alert_id=alert_id, alert_key=streak_key(person.id, streak.first),
                    person=person, receivers=tuple(rows[r] for r in told[subject.id]),
                    marks=streak_marks, size=size, window=window, repeat=streak.repeat,
                    previous=before if streak.repeat else ()))
            before = streak.days
    return events


async def _month(session: AsyncSession, settings: Settings, now: datetime, month: date,
                 found: list[Subject], rows: dict[int, Employee],
                 receivers: dict[int, list[int]]) -> list[PatternFound]:
    ids = {s.id for s in found}
    marks = await mark_facts(session, *counting(*MINUTE_KINDS),
                             among(session, AttendanceMark.employee_id, ids),
                             AttendanceMark.work_date.between(month, _month_end(month)))
    limit = settings.chronic_late_minutes_month
    events: list[PatternFound] = []
    for subject in found:
        named = tuple(m for m in marks.get(subject.id, []) if m.minutes > 0)
        total = sum(m.minutes for m in named)
        if not named or total < limit:
            continue
        person = rows[subject.id]
        key = minutes_key(person.id, month)
        alert_id = await record_alert(
            session, key=key, kind=MONTH, employee_id=person.id, work_date=named[-1].work_date,
            now=now, facts={"month": f"{month:%Y-%m}", "total": total, "marks": mark_ids(named),
                            "needed": limit, "measure": "minutes"})
        if alert_id is not None:
            events.append(LateMinutesReached(
                at=now, alert_id=alert_id, alert_key=key, person=person,
                receivers=tuple(rows[r] for r in receivers[subject.id]), marks=named,
                month=month, total=total, limit=limit))
    return events


__all__ = ["look_back", "minutes_key", "months_open", "scan_chronic_lateness",
           "streak_key"]
