"""Unexcused absence (PP 94/2021), read from the closed days.

A TK day is a closed day with a counting mark of kind ``absent``. Each time
the TK days of a calendar year reach a band of ``UNEXCUSED_ABSENCE_BANDS``,
and each time ``UNEXCUSED_CONSECUTIVE_DAYS`` consecutive working days are all
TK, the supervisor and the unit head are asked to review, with the band's
name and the dates. It is a prompt to review, never a sanction: the message
says so.

A band is told once a year (``Alert`` ``pp94:<employee>:<year>:<band>``):
if a leave approved later clears TK days and the count drops, reaching the
band again that year tells nobody again. Two bands reached at once (after an
outage, or two days closed together) are one message naming the higher,
recorded for both. A run is told once (``pp94-run:<employee>:<first day>``);
a run that goes on is the same run, a new one needs a working day without
TK in between.

The year's TK marks are read only for the people SQL finds with a band or a
run not told yet: a fixed number of queries whatever the head count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.patterns import AbsenceBandReached, AbsenceRunFound, MarkFact, PatternFound
from bot.rules.patterns import absence_runs, bands_crossed
from bot.services.employees import home_timezone
from bot.services.pattern_base import (
    CLOSED,
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

BAND, RUN = "absence_band", "absence_run"  # Alert.kind
ABSENT = "absent"
RUN_ROOM_DAYS = 31  # in January the last year is read too: a run may cross the new year
YEAR_GRACE_DAYS = 3  # a year's last days close after it ended (and after an outage)


def band_key(employee_id: int, year: int, band: int) -> str:
    return f"pp94:{employee_id}:{year}:{band}"


def run_key(employee_id: int, first: date) -> str:
    return f"pp94-run:{employee_id}:{first.isoformat()}"


def years_open(now: datetime) -> list[int]:
    today = now.date()
    return sorted({(today + timedelta(days=d)).year for d in (-YEAR_GRACE_DAYS, 0, 1)})


def _base(since: date) -> list[ColumnElement[bool]]:
    return [*counting(ABSENT), AttendanceMark.work_date >= since, Employee.active.is_(True)]


def _grouped() -> Select[Any]:
    return (select(*subject_columns()).select_from(AttendanceMark).join(DayRecord, CLOSED)
            .join(Employee, Employee.id == AttendanceMark.employee_id))


async def _band_candidates(session: AsyncSession, settings: Settings,
                           year: int) -> list[Subject]:
    """People whose TK days of ``year`` reached a band above the last one told."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    told = (select(func.max(Alert.facts["band"].as_integer()))
            .where(Alert.kind == BAND, Alert.employee_id == Employee.id,
                   Alert.work_date.between(first, last)).scalar_subquery())
    days = func.count(distinct(AttendanceMark.work_date))
    rows = await session.execute(
        _grouped().where(*_base(first), AttendanceMark.work_date <= last)
        .group_by(*subject_columns())
        .having(or_(*(and_(days >= band, or_(told.is_(None), told < band))
                      for band in settings.unexcused_absence_bands))))
    return [Subject(*row) for row in rows]


async def _run_candidates(session: AsyncSession, settings: Settings,
                          since: date) -> list[Subject]:
    """People with enough TK days after the last run told to make a new one."""
    last = (select(func.max(Alert.work_date))
            .where(Alert.kind == RUN, Alert.employee_id == AttendanceMark.employee_id)
            .scalar_subquery())
    rows = await session.execute(
        _grouped().where(*_base(since), or_(last.is_(None), AttendanceMark.work_date > last))
        .group_by(*subject_columns())
        .having(func.count(distinct(AttendanceMark.work_date))
                >= settings.unexcused_consecutive_days))
    return [Subject(*row) for row in rows]


async def _told(session: AsyncSession, ids: set[int], since: date
                ) -> tuple[dict[tuple[int, int], set[int]], dict[int, date]]:
    """The bands told per (person, year), and the day each person's last run was complete."""
    bands: dict[tuple[int, int], set[int]] = defaultdict(set)
    runs: dict[int, date] = {}
    rows = await session.execute(
        select(Alert.employee_id, Alert.kind, Alert.work_date, Alert.facts).where(
            Alert.kind.in_((BAND, RUN)), among(session, Alert.employee_id, ids),
            or_(Alert.kind == RUN, Alert.work_date >= since)))
    for employee_id, kind, day, facts in rows:
        if kind == BAND:
            bands[(employee_id, day.year)].add(int((facts or {}).get("band", 0)))
        elif day > runs.get(employee_id, date.min):
            runs[employee_id] = day
    return bands, runs


async def scan_unexcused_absence(session: AsyncSession, settings: Settings,
                                 now: datetime) -> int:
    """Tell each band reached and each run of TK days not told yet; how many
    messages were queued."""
    years = years_open(now)
    since = date((now.date() - timedelta(days=RUN_ROOM_DAYS)).year, 1, 1)
    found: dict[int, Subject] = {}
    for year in years:
        found |= {s.id: s for s in await _band_candidates(session, settings, year)}
    found |= {s.id: s for s in await _run_candidates(session, settings, since)}
    if not found:
        return 0
    ids = set(found)
    tree = await unit_tree(session)
    receivers = {s.id: receivers_of(s, tree, head_too=True) for s in found.values()}
    rows = await employees(session, [*ids, *(r for told in receivers.values() for r in told)])
    marks = await mark_facts(session, *counting(ABSENT),
                             among(session, AttendanceMark.employee_id, ids),
                             AttendanceMark.work_date >= since)
    told_bands, told_runs = await _told(session, ids, since)
    calendar = await working_days_of(session, settings, {rows[i].schedule_code for i in ids},
                                     since, now.date() + timedelta(days=1))
    events: list[PatternFound] = []
    for subject in found.values():
        person = rows[subject.id]
        to = tuple(rows[r] for r in receivers[subject.id])
        by_day: dict[date, MarkFact] = {}
        for mark in marks.get(subject.id, []):
            by_day.setdefault(mark.work_date, mark)
        for year in years:
            events += await _bands(session, settings, now, person, to, year,
                                   [m for d, m in sorted(by_day.items()) if d.year == year],
                                   told_bands[(person.id, year)])
        tz = home_timezone(person)
        days = calendar.between(person.schedule_code, tz, since, now.astimezone(tz).date())
        events += await _runs(session, settings, now, person, to, by_day, days,
                              told_runs.get(person.id))
    return await publish_all(session, settings, events)


async def _bands(session: AsyncSession, settings: Settings, now: datetime, person: Employee,
                 to: tuple[Employee, ...], year: int, year_marks: list[MarkFact],
                 told: set[int]) -> list[PatternFound]:
    bands = settings.unexcused_absence_bands
    new = bands_crossed(len(year_marks), bands, told)
    if not new:
        return []
    top = new[-1]
    recorded = {}
    for band in new:
        recorded[band] = await record_alert(
            session, key=band_key(person.id, year, band), kind=BAND, employee_id=person.id,
            work_date=year_marks[band - 1].work_date, now=now,
            facts={"band": band, "year": year, "count": len(year_marks), "told_with": top,
                   "marks": mark_ids(year_marks), "needed": top})
    alert_id = recorded[top]
    if alert_id is None:  # another run told it
        return []
    return [AbsenceBandReached(
        at=now, alert_id=alert_id, alert_key=band_key(person.id, year, top), person=person,
        receivers=to, marks=tuple(year_marks), year=year, count=len(year_marks), band=top,
        bands=tuple(bands), skipped=tuple(b for b in new[:-1] if recorded[b] is not None))]


async def _runs(session: AsyncSession, settings: Settings, now: datetime, person: Employee,
                to: tuple[Employee, ...], by_day: dict[date, MarkFact], days: list[date],
                last_told: date | None) -> list[PatternFound]:
    length = settings.unexcused_consecutive_days
    events: list[PatternFound] = []
    for run in absence_runs(by_day, days, length):
        if last_told is not None and run[0] <= last_told:
            continue  # the run told before, going on
        run_marks = tuple(by_day[d] for d in run)
        key = run_key(person.id, run[0])
        alert_id = await record_alert(
            session, key=key, kind=RUN, employee_id=person.id, work_date=run[-1], now=now,
            facts={"days": [d.isoformat() for d in run], "marks": mark_ids(run_marks),
                   "needed": length})
        if alert_id is not None:
            events.append(AbsenceRunFound(at=now, alert_id=alert_id, alert_key=key,
                                          person=person, receivers=to, marks=run_marks,
                                          length=length))
        last_told = run[-1]
    return events
