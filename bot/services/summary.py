"""The weekly summary a unit head (or a supervisor, for their team) reads in a minute.

Computed here, nothing sent: ``bot.services.summary_scan`` decides when and
for whom, ``bot.notifier.summary`` says it in the receiver's language with
the chart of ``bot.summary_chart``. Everything counts with ``bot.rules.recap``
over one ``Period`` of two weeks (``load_weeks``: one ``load_period`` of
everyone), split per unit tree or team in memory (``Period.within``), so the
queries do not grow with the number of heads.

For the ISO week of ``monday``, in local dates and instants of the unit's
office zone:

* attendance: ``tally`` of the week's closed days (rates, TL/PSW codes and
  minutes, TK, mid-day absences, missed apel, leave and DL by code);
* tasks: ``task_tally`` from Monday 00:00 to the next Monday 00:00, stalled
  at its end (``STALLED_TASK_WORKING_DAYS`` of the assignee's schedule);
* who needs attention first (``attention``, ``ATTENTION_MAX`` of them);
* the week before, to say what changed;
* the workload line (``workload``) over everyone with days in the unit tree
  (or team) that week, open tasks at the week's end;
* each day for the chart: people by code, tasks given, done and overdue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.patterns import WorkTime, stalled
from bot.rules.recap import (
    Day,
    Tally,
    TaskFact,
    TaskTally,
    Workload,
    attention,
    is_open_at,
    tally,
    task_tally,
    workload,
)
from bot.services.recap_data import Period, Scope, UnitInfo, load_period
from bot.services.summary_days import DayFlow, flows, midnight, total

ATTENTION_MAX = 5
WEEK = timedelta(days=7)


def week_label(monday: date) -> str:
    """``2026-W48``, as ``hadir summary --week`` takes it."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


@dataclass(frozen=True)
class Flagged:
    """Someone who needs attention first, named (``bot.rules.recap.Attention``)."""

    employee_id: int
    name: str
    reason: str  # absent | overdue | midday | late | apel
    count: int
    minutes: int


@dataclass(frozen=True)
class Busiest:
    """The workload line, named, with the limit it went over (WORKLOAD_SHARE
    for ``share``, WORKLOAD_RATIO for ``ratio``)."""

    name: str
    line: Workload
    limit: float


@dataclass(frozen=True)
class Target:
    """Whose summary: a head's unit tree (``u<unit>``) or a supervisor's team
    of that week (``t<supervisor>``)."""

    key: str
    receiver_id: int | None
    unit_id: int  # the unit (a team: its supervisor's); its office zone counts the week
    supervisor_id: int | None = None

    @classmethod
    def unit(cls, unit: UnitInfo) -> Target:
        return cls(f"u{unit.id}", unit.head_id, unit.id)

    @classmethod
    def team(cls, supervisor_id: int, unit_id: int) -> Target:
        return cls(f"t{supervisor_id}", supervisor_id, unit_id, supervisor_id)


@dataclass(frozen=True)
class WeeklySummary:
    monday: date
    target: Target
    unit: UnitInfo
    supervisor_name: str | None  # a team's summary: whose team
    people: int  # with a closed day in the scope that week
    attendance: Tally
    previous: Tally
    tasks: TaskTally
    previous_tasks: TaskTally
    attention: tuple[Flagged, ...]
    workload: Busiest | None
    days: tuple[DayFlow, ...]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def week(self) -> str:
        return week_label(self.monday)

    @property
    def has_working_day(self) -> bool:
        """A week of holidays only (or nobody) sends nothing."""
        return self.attendance.working > 0


class SummaryCache:
    """What all the summaries of one period share, made once: a ``WorkTime``
    per (schedule, zone), and each person's tally of a whole week (a person
    whose week lies in one unit counts the same in every tree above it)."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self._made: dict[tuple[str, str], WorkTime] = {}
        self._weeks: dict[tuple[int, date], tuple[int, Tally]] = {}

    def work(self, schedule_code: str, tz: ZoneInfo) -> WorkTime:
        key = (schedule_code, tz.key)
        if key not in self._made:
            self._made[key] = WorkTime(self.period.schedules.get(schedule_code, []), tz,
                                       self.period.calendar)
        return self._made[key]

    def tally(self, person: int, monday: date, kept: dict[date, Day]) -> Tally:
        """The tally of ``kept``, some of the person's days of the week of ``monday``."""
        key = (person, monday)
        if key not in self._weeks:
            sunday = monday + timedelta(days=6)
            week = [d for d in self.period.days.get(person, {}).values()
                    if monday <= d.work_date <= sunday]
            self._weeks[key] = (len(week), tally(week))
        count, whole = self._weeks[key]
        return whole if len(kept) == count else tally(kept.values())

    def tallies(self, part: Period, monday: date) -> dict[int, Tally]:
        """Each person's tally of ``part`` (a scope's week)."""
        return {person: self.tally(person, monday, kept) for person, kept in part.days.items()}


async def load_weeks(session: AsyncSession, settings: Settings, monday: date) -> Period:
    """The week of ``monday`` and the one before, everyone's: one ``load_period``."""
    return await load_period(session, settings, monday - WEEK, monday + timedelta(days=6),
                             Scope())


def targets(period: Period, monday: date, *, teams: bool) -> list[Target]:
    """Every unit with a head; with ``teams``, every supervisor with people in
    the week of ``monday`` who heads no unit (a head has the whole tree)."""
    found = [Target.unit(u) for u in sorted(period.units.values(), key=lambda u: u.id)
             if u.head_id is not None]
    if not teams:
        return found
    heads = {u.head_id for u in period.units.values()}
    sunday = monday + timedelta(days=6)
    units_of: dict[int, Counter[int]] = {}
    for by_date in period.days.values():
        for day in by_date.values():
            if monday <= day.work_date <= sunday and day.supervisor_id is not None:
                units_of.setdefault(day.supervisor_id, Counter())[day.unit_id or 0] += 1
    for supervisor_id in sorted(units_of):
        if supervisor_id in heads:
            continue
        person = period.people.get(supervisor_id)
        unit_id = person.unit_id if person else units_of[supervisor_id].most_common(1)[0][0]
        if unit_id in period.units:
            found.append(Target.team(supervisor_id, unit_id))
    return found


def summarize(period: Period, settings: Settings, monday: date, target: Target,
              cache: SummaryCache | None = None, supervisor_name: str | None = None
              ) -> WeeklySummary:
    """The summary of ``target`` for the week of ``monday``, from ``period``
    (``load_weeks``); no query. ``supervisor_name``: a team's supervisor as
    the caller knows them (the period names only people with days)."""
    cache = cache or SummaryCache(period)
    unit = period.units[target.unit_id]
    scope = (Scope(supervisor_id=target.supervisor_id) if target.supervisor_id is not None
             else Scope(unit_ids=period.tree(unit.id)))
    week = period.within(scope, monday, monday + timedelta(days=6))
    before = period.within(scope, monday - WEEK, monday - timedelta(days=1))
    tz = unit.tz
    start, end = midnight(monday, tz), midnight(monday + WEEK, tz)
    quiet = _stalled(week.tasks, end, settings, cache, period, tz)
    per_person = cache.tallies(week, monday)
    open_at_end = [t for t in week.tasks if is_open_at(t, end)]
    # only people of the week: someone who moved away keeps tasks given here,
    # and their new head is the one to look at them
    overdue = Counter(t.assignee_id for t in open_at_end
                      if t.deadline < end and t.assignee_id in week.days)
    flagged = tuple(Flagged(a.employee_id, _name(period, a.employee_id), a.reason, a.count,
                            a.minutes)
                    for a in attention(per_person, overdue, ATTENTION_MAX))
    line = workload(Counter(t.assignee_id for t in open_at_end), sorted(week.days),
                    settings.workload_share, settings.workload_ratio)
    supervisor = (supervisor_name or _name(period, target.supervisor_id)
                  if target.supervisor_id is not None else None)
    return WeeklySummary(
        monday, target, unit, supervisor, len(week.days),
        total(per_person.values()), total(cache.tallies(before, monday - WEEK).values()),
        task_tally(week.tasks, start, end, quiet),
        task_tally(before.tasks, midnight(monday - WEEK, tz), start),
        flagged, _busiest(period, settings, line), flows(week, monday, tz))


def _busiest(period: Period, settings: Settings, line: Workload | None) -> Busiest | None:
    if line is None:
        return None
    limit = settings.workload_share if line.reason == "share" else settings.workload_ratio
    return Busiest(_name(period, line.employee_id), line, limit)


def unit_summary(period: Period, settings: Settings, monday: date, unit_id: int,
                 cache: SummaryCache | None = None) -> WeeklySummary:
    """The summary of a unit tree (a head's, or the operator's ``hadir summary``)."""
    return summarize(period, settings, monday, Target.unit(period.units[unit_id]), cache)


async def weekly_summaries(session: AsyncSession, settings: Settings, monday: date, *,
                           teams: bool | None = None) -> list[WeeklySummary]:
    """Every head's summary of the week of ``monday`` (and every supervisor's,
    with ``teams``, default ``WEEKLY_SUMMARY_SUPERVISORS``): one
    ``load_period``, whatever the head count. Summaries of weeks without a
    working day are included (``has_working_day`` is False: nothing is sent)."""
    period = await load_weeks(session, settings, monday)
    cache = SummaryCache(period)
    wanted = settings.weekly_summary_supervisors if teams is None else teams
    return [summarize(period, settings, monday, target, cache)
            for target in targets(period, monday, teams=wanted)]


# --- the parts ---------------------------------------------------------------------


def _name(period: Period, employee_id: int) -> str:
    person = period.people.get(employee_id)
    return person.name if person else f"#{employee_id}"


def _stalled(tasks: Iterable[TaskFact], end: datetime, settings: Settings, cache: SummaryCache,
             period: Period, tz: ZoneInfo) -> list[int]:
    """The tasks open at ``end`` with no report for STALLED_TASK_WORKING_DAYS
    working days of their assignee while the deadline is that near."""
    days = settings.stalled_task_working_days
    found = []
    for task in tasks:
        person = period.people.get(task.assignee_id)
        if (person is None or task.deadline <= end or task.last_report > end
                or not is_open_at(task, end)):
            continue
        work = cache.work(person.schedule_code, tz)
        if stalled(task.last_report, task.deadline, end, days, work):
            found.append(task.id)
    return found


