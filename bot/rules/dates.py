"""Dates typed by people: 25-11-2026, 25/11/2026 14:00, 25-11-2026 14.00;
and the days a deadline may fall on.

A deadline is today at the earliest and at most ``DEADLINE_YEARS_AHEAD``
years ahead: tasks in an office run for days or weeks, a yearly report at
most a year; a date beyond that is a typo (``31-12-9999``), and refusing it
keeps every later date sum (an extension, a reminder) within the calendar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.rules.calendar import HolidayCalendar
from bot.rules.schedule import ScheduleRow
from bot.rules.working_time import deadline_on

DEADLINE_YEARS_AHEAD = 1

_PATTERN = re.compile(
    r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$", re.ASCII
)


class OutsideDeadlineWindow(ValueError):
    """A real date, but not one a deadline may fall on."""

    def __init__(self, day: date, earliest: date, latest: date) -> None:
        super().__init__(day.isoformat())
        self.day, self.earliest, self.latest = day, earliest, latest

    @property
    def too_early(self) -> bool:
        return self.day < self.earliest


def latest_deadline_day(today: date) -> date:
    """The last day a deadline set ``today`` may fall on (29 February → 28th)."""
    year = today.year + DEADLINE_YEARS_AHEAD
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def check_deadline_day(day: date, today: date) -> None:
    """Raise ``OutsideDeadlineWindow`` unless ``day`` is today up to the latest day."""
    latest = latest_deadline_day(today)
    if not today <= day <= latest:
        raise OutsideDeadlineWindow(day, today, latest)


def in_deadline_window(day: date, today: date) -> bool:
    return today <= day <= latest_deadline_day(today)


def parse_typed(value: str) -> tuple[date, time | None] | None:
    """The date (and the time, when given) typed; None for anything that is
    not a real date and time."""
    match = _PATTERN.match(value)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        on = date(int(year), int(month), int(day))
        at = time(int(hour), int(minute)) if hour is not None else None
    except ValueError:
        return None
    return on, at


def parse_deadline(value: str, rows: Sequence[ScheduleRow], tz: ZoneInfo,
                   calendar: HolidayCalendar, today: date) -> datetime | None:
    """A typed deadline in ``tz``: the time given, or the end of that day's
    working period when only a date is typed. None when it is no date;
    ``OutsideDeadlineWindow`` when it is one no deadline may fall on."""
    typed = parse_typed(value)
    if typed is None:
        return None
    on, at = typed
    check_deadline_day(on, today)
    return datetime.combine(on, at, tz) if at is not None else deadline_on(on, rows, tz, calendar)
