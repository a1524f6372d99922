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

SQL finds the people with a band or a run not told yet in the closed days'
records (status ``absent``: they follow their counting marks), and only
their TK marks are read: a fixed number of queries whatever the head count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.patterns import AbsenceBandReached, AbsenceRunFound, MarkFact
from bot.rules.patterns import absence_runs, bands_crossed
from bot.services.pattern_alerts import (
    ALERTS_PER_RUN,
    Found,
    NewAlert,
    Subject,
    events_of,
    mark_ids,
    persons_of,
    publish_all,
    receivers_of,
    subject_columns,
    unit_tree,
)
from bot.services.pattern_base import (
    among,
    close_together,
    counting,
    mark_facts,
    widest_span,
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




async def _band_candidates(session: AsyncSession, settings: Settings,
                           year: int) -> list[Subject]:
    """People whose TK days of ``year`` reached a band above the last one told."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    told = (select(Alert.employee_id, func.max(Alert.facts["band"].as_integer()).label("band"))
            .where(Alert.kind == BAND, Alert.work_date.between(first, last))
            .group_by(Alert.employee_id).subquery())
    days = (select(DayRecord.employee_id, func.count().label("days"))
            .where(DayRecord.status == ABSENT, DayRecord.work_date.between(first, last))
            .group_by(DayRecord.employee_id)
            .having(func.count() >= min(settings.unexcused_absence_bands)).subquery())
    rows = await session.execute(
        select(*subject_columns()).join(days, days.c.employee_id == Employee.id)
        .outerjoin(told, told.c.employee_id == Employee.id)
        .where(Employee.active.is_(True),
               or_(*(and_(days.c.days >= band, or_(told.c.band.is_(None), told.c.band < band))
                     for band in settings.unexcused_absence_bands)))
        .order_by(Employee.id).limit(ALERTS_PER_RUN))
    return [Subject(*row) for row in rows]


async def _run_candidates(session: AsyncSession, settings: Settings, since: date,
                          span: int) -> list[Subject]:
    """People with ``UNEXCUSED_CONSECUTIVE_DAYS`` TK days after the last run
    told, within ``span`` calendar days (the widest so many consecutive
    working days stretch): only they can have a new run."""
    told = (select(Alert.employee_id, func.max(Alert.work_date).label("last"))
            .where(Alert.kind == RUN).group_by(Alert.employee_id).subquery())
    where = [DayRecord.status == ABSENT, DayRecord.work_date >= since,
             or_(told.c.last.is_(None), DayRecord.work_date > told.c.last)]
    near = close_together(session, where, size=settings.unexcused_consecutive_days, span=span,
                          told=told)
    rows = await session.execute(
        select(*subject_columns()).where(Employee.id.in_(near), Employee.active.is_(True))
        .order_by(Employee.id).limit(ALERTS_PER_RUN))
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
    candidates: dict[int, Subject] = {}
    for year in years:
        candidates |= {s.id: s for s in await _band_candidates(session, settings, year)}
    calendar = await working_days_of(session, settings, since, now.date() + timedelta(days=1))
    span = widest_span(calendar, since, now.date() + timedelta(days=1),
                       settings.unexcused_consecutive_days)
    candidates |= {s.id: s for s in await _run_candidates(session, settings, since, span)}
    if not candidates:
        return 0
    tree = await unit_tree(session)
    persons = await persons_of(session, candidates)
    ids = set(persons)
    marks = await mark_facts(session, *counting(ABSENT),
                             among(session, AttendanceMark.employee_id, ids),
                             AttendanceMark.work_date >= since)
    told_bands, told_runs = await _told(session, ids, since)
    found: list[Found] = []
    for person in persons.values():
        to = receivers_of(candidates[person.id], tree, head_too=True)
        by_day: dict[date, MarkFact] = {}
        for mark in marks.get(person.id, []):
            by_day.setdefault(mark.work_date, mark)
        for year in years:
            found += _bands(settings, now, person.id, to, year,
                            [m for d, m in sorted(by_day.items()) if d.year == year],
                            told_bands[(person.id, year)])
        days = calendar.between(person.schedule_code, since, now.astimezone(person.tz).date())
        found += _runs(settings, now, person.id, to, by_day, days, told_runs.get(person.id))
    return await publish_all(session, settings, await events_of(session, found, now))


def _bands(settings: Settings, now: datetime, person: int, to: tuple[int, ...], year: int,
           year_marks: list[MarkFact], told: set[int]) -> list[Found]:
    bands = settings.unexcused_absence_bands
    new = bands_crossed(len(year_marks), bands, told)
    if not new:
        return []
    top = new[-1]
    alerts = [NewAlert(band_key(person, year, band), BAND, person,
                       year_marks[band - 1].work_date,
                       {"band": band, "year": year, "count": len(year_marks), "told_with": top,
                        "marks": mark_ids(year_marks), "needed": top}) for band in new]
    return [Found(AbsenceBandReached, alerts[-1], to, {
        "at": now, "marks": tuple(year_marks), "year": year, "count": len(year_marks),
        "band": top, "bands": tuple(bands), "skipped": tuple(new[:-1])},
        also=tuple(alerts[:-1]))]


def _runs(settings: Settings, now: datetime, person: int, to: tuple[int, ...],
          by_day: dict[date, MarkFact], days: list[date], last_told: date | None) -> list[Found]:
    length = settings.unexcused_consecutive_days
    found: list[Found] = []
    for run in absence_runs(by_day, days, length):
        if last_told is not None and run[0] <= last_told:
            continue  # the run told before, going on
        run_marks = tuple(by_day[d] for d in run)
        alert = NewAlert(run_key(person, run[0]), RUN, person, run[-1],
                         {"days": [d.isoformat() for d in run], "marks": mark_ids(run_marks),
                          "needed": length})
        found.append(Found(AbsenceRunFound, alert, to,
                           {"at": now, "marks": run_marks, "length": length}))
        last_told = run[-1]
    return found
