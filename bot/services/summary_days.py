"""The days of a summarised week and the sums of its tallies (pure, over a
``Period`` already narrowed to a scope): what the chart draws each day, and
a unit's tally from its people's."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.rules.recap import ABSENT, LEAVE, OPEN_TASK_STATUSES, PRESENT, Day, Tally
from bot.services.recap_data import Period

# the chart's groups of a day, in stacking order
GROUPS = ("H", "TL", "PSW", "TK", "leave")


@dataclass(frozen=True)
class DayFlow:
    """One day of the week as the chart draws it."""

    day: date
    working: bool  # someone had a working day (present, absent or on leave)
    holiday: str | None
    people: dict[str, int]  # GROUPS -> people that day
    given: int
    done: int
    overdue: int  # open and past the deadline at the day's end
    closed: bool = True  # somebody's day was closed (False: no record yet, not a day off)


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant a local day begins, in UTC (compared with instants in UTC,
    as the tasks' are, without working out two offsets each time)."""
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def group_of(day: Day) -> str | None:
    """The chart's group of a day: H, TL, PSW, TK or leave (a day not worked: None)."""
    if day.status == PRESENT:
        if day.check_in_code:
            return "TL"
        return "PSW" if day.check_out_code else "H"
    if day.status == ABSENT:
        return "TK"
    return "leave" if day.status == LEAVE else None


def flows(week: Period, monday: date, tz: ZoneInfo) -> tuple[DayFlow, ...]:
    days = [monday + timedelta(days=n) for n in range(7)]
    people: dict[date, Counter[str]] = {day: Counter() for day in days}
    names: dict[date, str] = {}
    closed: set[date] = set()
    for by_date in week.days.values():
        closed.update(by_date)
        for day in by_date.values():
            group = group_of(day)
            if group is not None:
                people[day.work_date][group] += 1
            if day.holiday_name:
                names.setdefault(day.work_date, day.holiday_name)
    ends = [midnight(day + timedelta(days=1), tz) for day in days]
    start = midnight(monday, tz)
    given, done, overdue = [0] * 7, [0] * 7, [0] * 7
    for task in week.tasks:  # each day's end is a bisection: a task costs the same for 7 days
        if start <= task.created_at < ends[-1]:
            given[bisect_right(ends, task.created_at)] += 1
        finished = task.completed_at if task.status == "done" else None
        if finished is not None and start <= finished < ends[-1]:
            done[bisect_right(ends, finished)] += 1
        if task.status in OPEN_TASK_STATUSES or finished is not None:
            # open and overdue at a day's end: after the deadline and the giving, before done
            first = bisect_right(ends, max(task.created_at, task.deadline))
            last = bisect_right(ends, finished) if finished is not None else 7
            for n in range(first, last):
                overdue[n] += 1
    return tuple(DayFlow(day, sum(people[day].values()) > 0,
                         week.calendar.name(day) or names.get(day),
                         {g: people[day][g] for g in GROUPS}, given[n], done[n], overdue[n],
                         day in closed)
                 for n, day in enumerate(days))


def total(tallies: Iterable[Tally]) -> Tally:
    """The sum of some tallies (a unit's from its people's: no day counted twice)."""
    found = Tally()
    for t in tallies:
        found.working += t.working
        found.present += t.present
        found.on_time += t.on_time
        found.absent += t.absent
        found.late_days += t.late_days
        found.early_days += t.early_days
        found.late_minutes += t.late_minutes
        found.early_minutes += t.early_minutes
        found.midday_absences += t.midday_absences
        found.apel_missed += t.apel_missed
        found.codes.update(t.codes)
        found.leave.update(t.leave)
    return found
