"""What the day's jobs found, for ``bot.notifier.day`` to tell.

A reminder to check in or out, and a supervisor's list of people still
missing. Each event holds detached values (``bot.services.workday.Person``),
never live rows: a scan builds thousands of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.services.workday import Person


@dataclass(frozen=True)
class Missing:
    """Someone with no check-in and nothing that excuses it, at a moment."""

    employee_id: int
    name: str
    nip: str
    start: datetime  # their scheduled start
    timezone: str  # of their home office: the start is shown in it


@dataclass(frozen=True)
class CheckInReminderDue:
    """``CHECK_IN_REMINDER_MINUTES`` after the start: no check-in, no leave."""

    person: Person
    work_date: date
    start: datetime
    at: datetime


@dataclass(frozen=True)
class NoShowDigestDue:
    """``NO_SHOW_ALERT_MINUTES`` after the start: a manager's people still
    missing (provisional: nothing is marked until the day closes)."""

    manager: Person
    work_date: date
    scope: str  # the first window (schedule@zone) it is about: part of its key
    people: tuple[Missing, ...]
    at: datetime


@dataclass(frozen=True)
class CheckOutReminderDue:
    """``CHECK_OUT_REMINDER_MINUTES`` after the end: checked in, not out."""

    person: Person
    work_date: date
    end: datetime
    closes: datetime  # the last moment a check-out is taken
    code: str  # what a day without a check-out gets (MISSING_CHECK_OUT_CODE)
    at: datetime


DayEvent = CheckInReminderDue | NoShowDigestDue | CheckOutReminderDue
