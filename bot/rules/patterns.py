"""Patterns over closed days and open tasks: the pure rules behind the alerts.

Nothing here reads the database or knows Telegram: dates, schedule rows, a
time zone and a holiday calendar come in; streaks, bands and moments go out.

* **Chronic lateness.** A *late day* is a closed working day with a TL code
  that counts (a late check-in, or a missing check-in recorded as TL4). A
  streak is ``size`` late days within ``window`` working days; its days are
  used up by it, so the next streak needs ``size`` new late days. A streak
  that begins within ``window`` working days after the previous one ended is
  a *repeat* (it goes to the unit head as well).
* **Unexcused absence (PP 94/2021).** Cumulative TK days in the calendar
  year against the bands; and runs of consecutive working days that are all
  TK (weekends and holidays between them do not break a run, a working day
  without TK does).
* **Overdue tasks.** When a deadline counts as passed (in the assignee's
  working time), when it is overdue by some working days, and when an open
  task is stalled: no progress report for some working days while its
  deadline is near.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.rules.calendar import HolidayCalendar
from bot.rules.schedule import ScheduleRow, WorkPeriod, end_of_local_day
from bot.rules.working_time import add_working_days, next_working_moment, working_period

# PP 94/2021 Pasal 9–11, by band, in the order of UNEXCUSED_ABSENCE_BANDS (a
# band list longer than this keeps the last name for the extra bands)
BAND_NAMES = ("oral_warning", "written_warning", "statement", "tukin_6", "tukin_9",
              "tukin_12", "demotion", "staff_post", "dismissal")
RUN_NAME = "dismissal"  # 10 consecutive working days absent (Pasal 11 ayat 2 huruf d)


def working_days(rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar,
                 first: date, last: date) -> list[date]:
    """The working days of a schedule from ``first`` to ``last``, in order."""
    found = []
    day = first
    while day <= last:
        if working_period(rows, day, tz, calendar) is not None:
            found.append(day)
        day += timedelta(days=1)
    return found


def _with(days: Iterable[date], more: Iterable[date]) -> list[date]:
    """Working days plus the days something was recorded on (a day with a
    check-in or a TK was worked or due, whatever the schedule says now)."""
    return sorted(set(days) | set(more))


@dataclass(frozen=True)
class Streak:
    days: tuple[date, ...]  # the late days, in order: the first names the streak
    repeat: bool  # began within the window after the previous streak ended

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


def late_streaks(late_days: Iterable[date], days: Iterable[date], *, size: int, window: int,
                 previous_last: date | None = None) -> list[Streak]:
    """The streaks among ``late_days`` after the previous streak (which ended
    on ``previous_last``), given the person's working ``days``: each one as
    soon as ``size`` late days fall within ``window`` working days."""
    late = sorted(set(late_days))
    order = _with(days, late)
    position = {day: i for i, day in enumerate(order)}
    found: list[Streak] = []
    last = previous_last
    pending: list[date] = []
    for day in late:
        if last is not None and day <= last:
            continue
        here = position[day]
        pending = [d for d in pending if here - position[d] < window] + [day]
        if len(pending) >= size:
            repeat = last is not None and (
                bisect_right(order, pending[0]) - bisect_right(order, last) <= window)
            found.append(Streak(tuple(pending), repeat))
            last, pending = day, []
    return found


# --- PP 94/2021 ---------------------------------------------------------------


def band_name(band: int, bands: Sequence[int]) -> str:
    """The name of a band (a key suffix of ``patterns.band.*``)."""
    return BAND_NAMES[min(list(bands).index(band), len(BAND_NAMES) - 1)]


def band_span(band: int, bands: Sequence[int]) -> tuple[int, int | None]:
    """The TK days a band covers: (4, 6) for "4–6", (28, None) for "≥ 28"."""
    ordered = list(bands)
    i = ordered.index(band)
    return band, (ordered[i + 1] - 1 if i + 1 < len(ordered) else None)


def bands_crossed(count: int, bands: Sequence[int], told: Iterable[int]) -> list[int]:
    """The bands ``count`` TK days have reached that were not told yet, lowest first."""
    done = set(told)
    return [band for band in bands if band <= count and band not in done]


def absence_runs(absent_days: Iterable[date], days: Iterable[date], length: int
                 ) -> list[tuple[date, ...]]:
    """Each run of at least ``length`` consecutive working days that are all
    TK, cut at its ``length``-th day (the day the run was complete)."""
    absent = set(absent_days)
    runs: list[tuple[date, ...]] = []
    current: list[date] = []
    for day in _with(days, absent):
        if day in absent:
            current.append(day)
            if len(current) == length:
                runs.append(tuple(current))
        else:
            current = []
    return runs


# --- overdue tasks ------------------------------------------------------------

OVERDUE_AFTER = timedelta(minutes=1)  # the reminder goes at the deadline, this after it


class WorkTime:
    """One schedule's working time in one zone, its answers kept: a scan asks
    the same questions (the next working moment after a deadline, the n-th
    working day after a date) for thousands of tasks."""

    def __init__(self, rows: Sequence[ScheduleRow], tz: ZoneInfo,
                 calendar: HolidayCalendar) -> None:
        self.rows, self.tz, self.calendar = list(rows), tz, calendar
        self._plus: dict[tuple[date, int], date] = {}
        self._next: dict[datetime, datetime] = {}
        self._periods: dict[date, WorkPeriod | None] = {}

    def plus(self, day: date, working: int) -> date:
        """The ``working``-th working day after ``day``."""
        key = (day, working)
        if key not in self._plus:
            self._plus[key] = add_working_days(day, working, self.rows, self.tz, self.calendar)
        return self._plus[key]

    def next_moment(self, moment: datetime) -> datetime:
        """``moment`` if it is working time, else the start of the next period."""
        if moment not in self._next:
            self._next[moment] = next_working_moment(moment, self.rows, self.tz, self.calendar)
        return self._next[moment]

    def period(self, day: date) -> WorkPeriod | None:
        if day not in self._periods:
            self._periods[day] = working_period(self.rows, day, self.tz, self.calendar)
        return self._periods[day]


def overdue_notice_at(deadline: datetime, work: WorkTime) -> datetime:
    """When "the deadline has passed" is told: just after it, moved into the
    assignee's working time (nobody is told at night or on a holiday)."""
    return work.next_moment(deadline + OVERDUE_AFTER)


def escalation_at(deadline: datetime, working: int, work: WorkTime) -> datetime:
    """The moment a task is overdue by ``working`` working days of the
    assignee: the deadline's local time on the ``working``-th working day
    after the deadline's date, moved into working time."""
    local = deadline.astimezone(work.tz)
    moment = datetime.combine(work.plus(local.date(), working), local.time(), work.tz)
    return work.next_moment(moment)


def may_escalate(deadline: datetime, working: int, now: datetime) -> bool:
    """Cheap first test: ``working`` working days take at least as many days."""
    return now >= deadline + timedelta(days=working)


def stalled(last_report: datetime, deadline: datetime, at: datetime, working: int,
            work: WorkTime) -> bool:
    """No progress report for ``working`` working days while the deadline,
    not yet passed, falls within the next ``working`` working days."""
    if deadline <= at:
        return False
    tz = work.tz
    if deadline.astimezone(tz).date() > work.plus(at.astimezone(tz).date(), working):
        return False
    reported = last_report.astimezone(tz)
    return at >= datetime.combine(work.plus(reported.date(), working), reported.time(), tz)


def digest_window(day: date, at: time, work: WorkTime) -> tuple[datetime, datetime] | None:
    """When the daily digest of ``day`` may go: from ``at`` local time until
    the end of that working period (or of the local day when the period ends
    earlier); None when ``day`` is not a working day."""
    period = work.period(day)
    if period is None:
        return None
    start = datetime.combine(day, at, work.tz)
    end = period.end if period.end > start else end_of_local_day(start, work.tz)
    return start, end
