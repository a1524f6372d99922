"""National holidays and cuti bersama (``holidays`` package) plus local ones."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _national(year: int, categories: tuple[str, ...]) -> Mapping[date, str]:
    calendar = holidays.Indonesia(years=year, categories=categories, language="id")
    return dict(calendar.items())


class HolidayCalendar:
    """Answers "is this local date a holiday, and which?".

    ``local`` holds the admin's own holidays; they win over the national name.
    ``working`` holds the days the agency works although the national calendar
    says otherwise (a cancelled cuti bersama): none of them is a holiday.
    """

    def __init__(
        self,
        categories: Iterable[str] = ("public", "government"),
        local: Mapping[date, str] | None = None,
        working: Collection[date] = (),
    ) -> None:
        self.categories = tuple(sorted(categories))
        self.local = dict(local or {})
        self.working = frozenset(working)

    def name(self, day: date) -> str | None:
        if day in self.working:
            return None
        if day in self.local:
            return self.local[day]
        return _national(day.year, self.categories).get(day)

    def is_holiday(self, day: date) -> bool:
        return self.name(day) is not None
