"""Dates typed by people: 25-11-2026, 25/11/2026 14:00, 25-11-2026 14.00."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

_PATTERN = re.compile(
    r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$"
)


def parse_local_datetime(value: str, tz: ZoneInfo, default_time: time) -> datetime | None:
    """The moment typed, in ``tz``; ``default_time`` when only a date is given.
    None for anything that is not a real date and time."""
    match = _PATTERN.match(value)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        on = date(int(year), int(month), int(day))
        at = time(int(hour), int(minute)) if hour is not None else default_time
    except ValueError:
        return None
    return datetime.combine(on, at, tz)
