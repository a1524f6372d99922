"""Patterns found in the closed days and in open tasks, and dispensations.

The scans of ``bot.services.patterns`` return these; ``bot.notifier.patterns``
alone turns them into messages. Each pattern event carries the ``Alert`` row
that records it (its id is what a queued message re-checks when it is sent)
and the facts it rests on, so that every message can name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from db.models import Employee


@dataclass(frozen=True)
class MarkFact:
    """One mark (``AttendanceMark``) as an alert names it."""

    id: int
    employee_id: int
    work_date: date
    kind: str
    code: str | None
    at: datetime
    minutes: int = 0
    place: str | None = None  # where it was seen (``facts["place"]``), when the mark says


@dataclass(frozen=True, kw_only=True)
class PatternFound:
    """A pattern about ``person``, told to ``receivers`` (supervisor first)."""

    at: datetime
    alert_id: int
    alert_key: str
    person: Employee
    receivers: tuple[Employee, ...]
    marks: tuple[MarkFact, ...]


@dataclass(frozen=True, kw_only=True)
class LateStreakFound(PatternFound):
    """``size`` late days within ``window`` working days. ``repeat``: it began
    within the window after the previous streak (``previous``: its days), so
    the unit head is among the receivers."""

    size: int
    window: int
    repeat: bool = False
    previous: tuple[date, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LateMinutesReached(PatternFound):
    """TL+PSW minutes of a calendar month reached the limit."""

    month: date  # its first day
    total: int
    limit: int


@dataclass(frozen=True, kw_only=True)
class AbsenceBandReached(PatternFound):
    """``count`` TK days in ``year`` reached ``band`` (PP 94/2021); ``marks``
    are the year's TK days. ``skipped``: lower bands reached at the same time
    (after downtime, or two days closed at once), told within this one."""

    year: int
    count: int
    band: int
    bands: tuple[int, ...]
    skipped: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AbsenceRunFound(PatternFound):
    """``length`` consecutive working days of TK (``marks``: those days)."""

    length: int


@dataclass(frozen=True)
class TaskFacts:
    """An open task as the overdue alerts name it (detached)."""

    id: int
    title: str
    deadline: datetime
    status: str
    progress: int
    assignee_id: int
    assigned_by_id: int
    last_report: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class TaskOverdue:
    """The deadline of an open task has passed: told to its assignee and to
    the supervisor who gave it."""

    at: datetime
    task: TaskFacts
    assignee: Employee
    assigner: Employee


@dataclass(frozen=True, kw_only=True)
class TaskOverdueEscalated:
    """Overdue by ``working_days`` working days: told to the unit head."""

    at: datetime
    task: TaskFacts
    assignee: Employee
    assigner: Employee
    head: Employee
    working_days: int


@dataclass(frozen=True, kw_only=True)
class OverdueDigest:
    """One supervisor's morning list: the overdue tasks they gave and those
    stalled near their deadline, as of ``moment`` (when it was made).
    ``overdue_total``: how many are overdue (more than listed, at times)."""

    at: datetime
    supervisor: Employee
    day: date
    moment: datetime
    overdue: tuple[TaskFacts, ...]
    stalled: tuple[TaskFacts, ...]
    names: dict[int, str]  # assignee id -> name
    overdue_total: int = 0


@dataclass(frozen=True, kw_only=True)
class MarkExcused:
    """A supervisor excused a mark (a dispensation): the person is told."""

    at: datetime
    mark: MarkFact
    person: Employee
    by: Employee
    reason: str


PATTERN_EVENTS: tuple[type, ...] = (PatternFound, TaskOverdue, TaskOverdueEscalated,
                                    OverdueDigest, MarkExcused)
