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
number of queries: SQL finds the few people who may have something new in
the closed days' records (which follow their counting marks:
``day_records.refresh``), and only their marks are read, to name the facts.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.events.patterns import LateMinutesReached, LateStreakFound, MarkFact
from bot.rules.patterns import late_streaks
from bot.services.pattern_alerts import (
    ALERTS_PER_RUN,
    Found,
    NewAlert,
    Subject,
    UnitTree,
    events_of,
    mark_ids,
    persons_of,
    publish_all,
    receivers_of,
    subject_columns,
    unit_tree,
)
from bot.services.pattern_base import (
    WorkingDays,
    among,
    close_together,
    counting,
    mark_facts,
    widest_span,
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


async def _streak_candidates(session: AsyncSession, settings: Settings, since: date,
                             span: int) -> list[Subject]:
    """People with ``CHRONIC_LATE_DAYS`` late days since ``since``, after their
    last streak, within ``span`` calendar days (the widest a window of working
    days stretches): SQL finds them, whatever the head count."""
    told = (select(Alert.employee_id, func.max(Alert.work_date).label("last"))
            .where(Alert.kind == STREAK).group_by(Alert.employee_id).subquery())
    where = [DayRecord.check_in_code.like("TL%"), DayRecord.work_date >= since,
             or_(told.c.last.is_(None), DayRecord.work_date > told.c.last)]
    near = close_together(session, where, size=settings.chronic_late_days, span=span,
                          told=told)
    rows = await session.execute(
        select(*subject_columns()).where(Employee.id.in_(near), Employee.active.is_(True))
        .order_by(Employee.id).limit(ALERTS_PER_RUN))
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
    totals = (select(DayRecord.employee_id)
              .where(DayRecord.work_date.between(month, end),
                     (DayRecord.late_minutes > 0) | (DayRecord.early_minutes > 0))
              .group_by(DayRecord.employee_id)
              .having(func.sum(DayRecord.late_minutes + DayRecord.early_minutes)
                      >= settings.chronic_late_minutes_month).subquery())
    rows = await session.execute(
        select(*subject_columns()).join(totals, totals.c.employee_id == Employee.id)
        .where(Employee.active.is_(True), ~told).order_by(Employee.id).limit(ALERTS_PER_RUN))
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
    # working days from a look-back earlier still: whether a streak repeats the last one
    calendar = await working_days_of(session, settings, look_back(settings, since),
                                     now.date() + timedelta(days=1))
    span = widest_span(calendar, since, now.date() + timedelta(days=1),
                       settings.chronic_late_window_days)
    streaky = await _streak_candidates(session, settings, since, span)
    monthly = {month: await _minute_candidates(session, settings, month)
               for month in months_open(now)}
    if not streaky and not any(monthly.values()):
        return 0
    tree = await unit_tree(session)
    found: list[Found] = []
    if streaky:
        found += await _streaks(session, settings, now, since, streaky, tree, calendar)
    for month, candidates in monthly.items():
        if candidates:
            found += await _month(session, settings, now, month, candidates, tree)
    return await publish_all(session, settings, await events_of(session, found, now))


async def _streaks(session: AsyncSession, settings: Settings, now: datetime, since: date,
                   candidates: list[Subject], tree: UnitTree,
                   calendar: WorkingDays) -> list[Found]:
    persons = await persons_of(session, (s.id for s in candidates))
    ids = set(persons)
    previous = await _last_streaks(session, ids)
    marks = await mark_facts(session, *_late(), among(session, AttendanceMark.employee_id, ids),
                             AttendanceMark.work_date >= since)
    # a streak told before this is too far back for a new one to repeat it
    first = look_back(settings, since)
    size, window = settings.chronic_late_days, settings.chronic_late_window_days
    found: list[Found] = []
    for subject in candidates:
        person = persons.get(subject.id)
        if person is None:
            continue
        by_day: dict[date, MarkFact] = {}
        for mark in marks.get(subject.id, []):
            by_day.setdefault(mark.work_date, mark)
        before = previous.get(subject.id, ())
        days = calendar.between(person.schedule_code, first, now.astimezone(person.tz).date())
        for streak in late_streaks(by_day, days, size=size, window=window,
                                   previous_last=before[-1] if before else None):
            streak_marks = tuple(by_day[d] for d in streak.days)
            alert = NewAlert(streak_key(person.id, streak.first), STREAK, person.id,
                             streak.last, {"days": [d.isoformat() for d in streak.days],
                                           "repeat": streak.repeat,
                                           "marks": mark_ids(streak_marks), "needed": size})
            told = receivers_of(subject, tree, head_too=streak.repeat, escalation=streak.repeat)
            found.append(Found(LateStreakFound, alert, told, {
                "at": now, "marks": streak_marks, "size": size, "window": window,
                "repeat": streak.repeat, "previous": before if streak.repeat else ()}))
            before = streak.days
    return found


async def _month(session: AsyncSession, settings: Settings, now: datetime, month: date,
                 candidates: list[Subject], tree: UnitTree) -> list[Found]:
    ids = {s.id for s in candidates}
    marks = await mark_facts(session, *counting(*MINUTE_KINDS),
                             among(session, AttendanceMark.employee_id, ids),
                             AttendanceMark.work_date.between(month, _month_end(month)))
    limit = settings.chronic_late_minutes_month
    found: list[Found] = []
    for subject in candidates:
        named = tuple(m for m in marks.get(subject.id, []) if m.minutes > 0)
        total = sum(m.minutes for m in named)
        if not named or total < limit:
            continue
        alert = NewAlert(minutes_key(subject.id, month), MONTH, subject.id, named[-1].work_date,
                         {"month": f"{month:%Y-%m}", "total": total, "marks": mark_ids(named),
                          "needed": limit, "measure": "minutes"})
        found.append(Found(LateMinutesReached, alert, receivers_of(subject, tree, head_too=False),
                           {"at": now, "marks": named, "month": month,
                            "total": total, "limit": limit}))
    return found


__all__ = ["look_back", "minutes_key", "months_open", "scan_chronic_lateness", "streak_key"]
