"""Lateness (TL) and early-leave (PSW) codes from minutes and band limits.

With limits (30, 60, 90): 1–30 min → 1, 31–60 → 2, 61–90 → 3, more → 4.
A grace period (toleransi) keeps the first minutes on time; past it the
minutes still count from the scheduled time. Minutes are whole minutes rounded
down, both ways: a partial minute never counts (07:30:59 is on time, and so is
leaving at 15:59:30 for a 16:00 end).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime


def minutes_late(scheduled_start: datetime, at: datetime) -> int:
    """Whole minutes after the start: 07:30:59 is 0, 07:31:00 is 1."""
    return max(0, math.floor((at - scheduled_start).total_seconds() / 60))


def minutes_early(scheduled_end: datetime, at: datetime) -> int:
    """Whole minutes before the end: 15:59:30 is 0 before 16:00, 15:59:00 is 1."""
    return max(0, math.floor((scheduled_end - at).total_seconds() / 60))


def band(minutes: int, limits: Sequence[int], grace: int = 0) -> int | None:
    """1..4 for the band of ``minutes``, or None when within the grace period."""
    if minutes <= 0 or minutes <= grace:
        return None
    for number, limit in enumerate(limits, start=1):
        if minutes <= limit:
            return number
    return len(limits) + 1


def late_code(minutes: int, limits: Sequence[int], grace: int = 0) -> str | None:
    number = band(minutes, limits, grace)
    return f"TL{number}" if number else None


def early_code(minutes: int, limits: Sequence[int], grace: int = 0) -> str | None:
    number = band(minutes, limits, grace)
    return f"PSW{number}" if number else None
