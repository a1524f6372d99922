"""Local dates and times as people in Indonesia write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date

_ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


def zone_abbreviation(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    hours = offset.total_seconds() / 3600
    if hours in _ZONE_NAMES:
        return _ZONE_NAMES[int(hours)]
    return f"UTC{hours:+g}"


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    """'07:42 WIB'."""
    local = moment.astimezone(tz)
    return f"{local:%H:%M} {zone_abbreviation(local)}"


@lru_cache(maxsize=1024)
def long_date(day: date, lang: str) -> str:
    """'Senin, 23 November 2026' / 'Monday, 23 November 2026' (remembered: a
    job writes the same date into thousands of messages)."""
    return format_date(day, "EEEE, d MMMM y", locale="id" if lang == "id" else "en_GB")


def month_name(day: date, lang: str) -> str:
    """'November 2026'."""
    return format_date(day, "LLLL y", locale="id" if lang == "id" else "en_GB")
