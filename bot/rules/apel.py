"""The morning assembly (apel pagi): on ``APEL_WEEKDAYS`` it is held at the
scheduled start, and a check-in after it is "tidak ikut apel". A night shift
(a period that ends the next day) has no apel pagi."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date


def missed_apel(apel_weekdays: Collection[int], work_date: date, minutes_late: int, *,
                overnight: bool = False) -> bool:
    """Whether a check-in ``minutes_late`` whole minutes after the start missed
    that day's apel (a partial minute never counts, as for lateness)."""
    return not overnight and work_date.isoweekday() in apel_weekdays and minutes_late > 0
