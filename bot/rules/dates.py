"""Dates typed by people: 25-11-2026, 25/11/2026 14:00, 25-11-2026 14.00."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.rules.calendar import HolidayCalendar
from bot.rules.schedule import ScheduleRow
from bot.rules.working_time import deadline_on

_PATTERN = re.compile(
    r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$"
)


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
                   calendar: HolidayCalendar) -> datetime | None:
    """A typed deadline in ``tz``: the time given, or the end of that day's
    working period when only a date is typed."""
    typed = parse_typed(value)
    if typed is None:
        return None
    on, at = typed
    return datetime.combine(on, at, tz) if at is not None else deadline_on(on, rows, tz, calendar)
