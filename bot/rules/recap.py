"""What the weekly summary, the monthly recap and the team board count.

Pure rules over closed days and tasks: no database, no Telegram, no texts.
``bot.services.recap_data`` loads a period once; everything that reads it
(the summary, the workbook, the board, a person's month) counts with these
functions, so the three never disagree.

* **A day** is a closed ``DayRecord``: its status (present, absent, leave,
  holiday, off), the code of its column (H, TL1..TL4, PSW1..PSW4, TK, or the
  leave's code), and the codes of both checks (a day can be TL2 and PSW1).
* **Working days** are the present, absent and leave days; the attendance
  rate is present days over working days, the on-time rate the present days
  without a TL code over the present days.
* **Deduction** (``DEDUCTION_PERCENT``): each day's TL code and PSW code and
  each TK day cost their percent; the month's sum is capped at
  ``DEDUCTION_CAP_PERCENT``.
* **Tasks** of a window: given in it, done in it on time or late (the last
  report of "done" against the deadline then in force), open and overdue at
  its end, extensions asked and granted in it, stalled at its end.
* **The workload line** (``WORKLOAD_SHARE``, ``WORKLOAD_RATIO``): in a unit
  of three or more, one person holding more than that share of the open
  tasks, or the busiest holding more than that factor times the median
  (a median of zero counts as one); one open task is never a pile.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

PRESENT, ABSENT, LEAVE, HOLIDAY, OFF = "present", "absent", "leave", "holiday", "off"
WORKING_STATUSES = frozenset({PRESENT, ABSENT, LEAVE})
TL_CODES = ("TL1", "TL2", "TL3", "TL4")
PSW_CODES = ("PSW1", "PSW2", "PSW3", "PSW4")
ABSENT_CODE = "TK"
PRESENT_CODE = "H"
# the order of the recap's total columns: attendance first, then leave as it comes
CODE_ORDER = (PRESENT_CODE, *TL_CODES, *PSW_CODES, ABSENT_CODE)

DEFAULT_DEDUCTION_PERCENT = ("TL1=0.5,TL2=1,TL3=1.25,TL4=1.5,"
                             "PSW1=0.5,PSW2=1,PSW3=1.25,PSW4=1.5,TK=5")
DEFAULT_WEEKLY_SUMMARY_TIME = "1 07:00"
_CODE = re.compile(r"[A-Z][A-Z0-9]{0,7}")


def parse_deductions(value: str) -> dict[str, float]:
    """``TL1=0.5,TK=5`` as a table of percent per code; ValueError when malformed."""
    table: dict[str, float] = {}
    for part in value.split(","):
        if not part.strip():
            continue
        code, sep, percent = part.partition("=")
        code = code.strip().upper()
        if not sep or not _CODE.fullmatch(code) or code in table:
            raise ValueError(part)
        amount = float(percent.strip())
        if not 0 <= amount <= 100:
            raise ValueError(part)
        table[code] = amount
    return table


@dataclass(frozen=True)
class WeeklyTime:
    """When the weekly summary goes: an ISO weekday (1 = Monday) and a local time."""

    weekday: int
    at: time

    def moment(self, week_monday: date) -> tuple[date, time]:
        """The local date and time of the summary sent in the week of ``week_monday``."""
        return week_monday + timedelta(days=self.weekday - 1), self.at


def parse_weekly_time(value: str) -> WeeklyTime:
    """``1 07:00`` (Monday 07:00); ValueError when malformed."""
    day, _, clock = value.strip().partition(" ")
    weekday = int(day)
    if not 1 <= weekday <= 7:
        raise ValueError(value)
    return WeeklyTime(weekday, time.fromisoformat(clock.strip()))


# the years a week or a month may name: a period's loader reaches a day or a
# week beyond it, which near year 1 or 9999 is outside what a date can hold
YEARS = range(1900, 3000)


def iso_week(value: str) -> date:
    """The Monday of ``YYYY-Www``; ValueError when malformed or out of range."""
    match = re.fullmatch(r"(\d{4})-W(\d{2})", value.strip())
    if not match or int(match.group(1)) not in YEARS:
        raise ValueError(value)
    return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)


def month_of(value: str) -> date:
    """The first day of ``YYYY-MM`` (CLI) or ``MM-YYYY`` (/rekap); ValueError otherwise."""
    value = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value) or None
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = re.fullmatch(r"(\d{1,2})[-/](\d{4})", value)
        if not match:
            raise ValueError(value)
        month, year = int(match.group(1)), int(match.group(2))
    if year not in YEARS:
        raise ValueError(value)
    return date(year, month, 1)


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Day:
    """One closed day of one person, as the recaps read it (slots: a province's
    month is 1.5 million of them)."""

    employee_id: int
    work_date: date
    unit_id: int | None
    supervisor_id: int | None
    status: str
    code: str | None
    check_in_code: str | None = None
    check_out_code: str | None = None
    late_minutes: int = 0
    early_minutes: int = 0
    apel_missed: bool = False
    midday_absences: int = 0
    holiday_name: str | None = None
    schedule_code: str | None = None

    @property
    def working(self) -> bool:
        return self.status in WORKING_STATUSES

    @property
    def cell(self) -> str:
        """The recap cell: the day's code, both checks' codes when both are off."""
        if self.status == PRESENT and self.check_in_code and self.check_out_code:
            return f"{self.check_in_code}/{self.check_out_code}"
        return self.code or ""

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes this day counts under (a day can be TL2 and PSW1)."""
        if self.status != PRESENT:
            return (self.code,) if self.code and self.working else ()
        found = tuple(c for c in (self.check_in_code, self.check_out_code) if c)
        return found or (PRESENT_CODE,)


@dataclass
class Tally:
    """The attendance of some days (one person's month, a unit's week)."""

    working: int = 0
    present: int = 0
    on_time: int = 0
    absent: int = 0
    late_days: int = 0
    early_days: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    midday_absences: int = 0
    apel_missed: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    leave: Counter[str] = field(default_factory=Counter)  # leave and DL days by code

    def add(self, day: Day) -> None:
        """Count one day (its codes as ``Day.codes`` gives them, written out:
        a province's month is 1.5 million calls)."""
        status = day.status
        if status not in WORKING_STATUSES:
            return
        self.working += 1
        if status == PRESENT:
            self.present += 1
            late, early = day.check_in_code, day.check_out_code
            if late is None:
                self.on_time += 1
            else:
                self.late_days += 1
            if early is not None:
                self.early_days += 1
            if late:
                self.codes[late] += 1
            if early:
                self.codes[early] += 1
            if not late and not early:
                self.codes[PRESENT_CODE] += 1
            self.late_minutes += day.late_minutes
            self.early_minutes += day.early_minutes
            self.midday_absences += day.midday_absences
            self.apel_missed += day.apel_missed
            return
        code = day.code
        if code:
            self.codes[code] += 1
        if status == ABSENT:
            self.absent += 1
        elif code:
            self.leave[code] += 1

    @property
    def attendance_rate(self) -> float | None:
        return self.present / self.working if self.working else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.present if self.present else None


def tally(days: Iterable[Day]) -> Tally:
    found = Tally()
    for day in days:
        found.add(day)
    return found


def deduction(codes: Mapping[str, int], table: Mapping[str, float], cap: float) -> float:
    """The percent the codes cost (each day's TL and PSW code, each TK day), capped."""
    total = sum(table.get(code, 0.0) * count for code, count in codes.items())
    return round(min(total, cap), 2)


# --- tasks ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskFact:
    """A task as the recaps read it (instants in UTC)."""

    id: int
    title: str
    assignee_id: int
    assigned_by_id: int
    unit_id: int | None  # the assignee's unit on the day it was given
    created_at: datetime
    deadline: datetime
    status: str
    completed_at: datetime | None  # accepted by the verifier
    submitted_at: datetime | None  # the report of "done" that was accepted
    last_report: datetime  # the last sign of work (created, started, progress)
    extensions: tuple[tuple[datetime, datetime | None, bool], ...] = ()  # asked, decided, granted

    @property
    def on_time(self) -> bool:
        done = self.submitted_at or self.completed_at
        return done is not None and done <= self.deadline


OPEN_TASK_STATUSES = frozenset({"new", "in_progress", "returned", "awaiting_verification"})


@dataclass
class TaskTally:
    given: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    extensions_asked: int = 0
    extensions_granted: int = 0
    stalled: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        return self.done_on_time / self.done if self.done else None


def is_open_at(task: TaskFact, at: datetime) -> bool:
    """Open at ``at``: given before it, and not accepted (nor cancelled) by then."""
    if task.created_at >= at:
        return False
    if task.status in OPEN_TASK_STATUSES:
        return True
    return task.status == "done" and task.completed_at is not None and task.completed_at >= at


def task_tally(tasks: Iterable[TaskFact], start: datetime, end: datetime,
               stalled: Iterable[int] = ()) -> TaskTally:
    """The tasks of the window ``start``..``end`` (``stalled``: ids stalled at its end)."""
    found = TaskTally()
    stuck = set(stalled)
    for task in tasks:
        found.given += start <= task.created_at < end
        if task.status == "done" and task.completed_at and start <= task.completed_at < end:
            if task.on_time:
                found.done_on_time += 1
            else:
                found.done_late += 1
        if is_open_at(task, end):
            found.open += 1
            found.overdue += task.deadline < end
            found.stalled += task.id in stuck
        for asked, decided, granted in task.extensions:
            found.extensions_asked += start <= asked < end
            found.extensions_granted += granted and decided is not None and start <= decided < end
    return found


# --- the workload line and who needs attention --------------------------------


@dataclass(frozen=True)
class Workload:
    """Why the open tasks look unevenly shared: ``share`` when one person holds
    more than WORKLOAD_SHARE of them, ``ratio`` when the busiest holds more
    than WORKLOAD_RATIO times the median."""

    employee_id: int
    open_tasks: int
    total: int
    share: float
    median: float
    reason: str  # share | ratio


MIN_PILE = 2  # one open task is never a pile, whatever its share


def workload(open_by_person: Mapping[int, int], people: Sequence[int], share_limit: float,
             ratio_limit: float) -> Workload | None:
    """The workload line of a unit (``people``: everyone in it, with or without tasks)."""
    if len(people) < 3:
        return None
    counts = {person: open_by_person.get(person, 0) for person in people}
    total = sum(counts.values())
    if total == 0:
        return None
    busiest = max(people, key=lambda person: (counts[person], -person))
    most = counts[busiest]
    if most < MIN_PILE:
        return None
    middle = float(median(counts.values()))
    if most / total > share_limit:
        return Workload(busiest, most, total, most / total, middle, "share")
    if most > ratio_limit * max(middle, 1.0):
        return Workload(busiest, most, total, most / total, middle, "ratio")
    return None


@dataclass(frozen=True)
class Attention:
    """Someone a head should look at first, with the weightiest reason."""

    employee_id: int
    score: int
    reason: str  # absent | overdue | midday | late | apel
    count: int
    minutes: int = 0


_WEIGHTS = {"absent": 100, "overdue": 30, "midday": 20, "late": 10, "apel": 5}


def attention(tallies: Mapping[int, Tally], overdue: Mapping[int, int],
              limit: int = 5) -> list[Attention]:
    """The ranked list: TK days weigh most, then overdue tasks, mid-day
    absences, late or early days (their minutes break ties) and missed apel."""
    found = []
    for person in set(tallies) | set(overdue):
        t = tallies.get(person) or Tally()
        counts = {"absent": t.absent, "overdue": overdue.get(person, 0),
                  "midday": t.midday_absences, "late": t.late_days + t.early_days,
                  "apel": t.apel_missed}
        score = sum(_WEIGHTS[kind] * n for kind, n in counts.items())
        if score == 0:
            continue
        reason = max(counts, key=lambda kind: (_WEIGHTS[kind] * counts[kind], _WEIGHTS[kind]))
        minutes = t.late_minutes + t.early_minutes if reason == "late" else 0
        found.append(Attention(person, score + t.late_minutes + t.early_minutes, reason,
                               counts[reason], minutes))
    found.sort(key=lambda a: (-a.score, a.employee_id))
    return found[:limit]
