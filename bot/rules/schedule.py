"""Which working period applies to an employee on a local date.

A schedule is a set of weekday rows under one code. Rows with a date range
(Ramadan, say) override the plain rows of the same code inside that range:
on such a date only the ranged rows count, and a weekday without a ranged row
is a day off. When ranges nest, the narrowest wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class ScheduleRow(Protocol):
    weekday: int  # 1 = Monday ... 7 = Sunday
    start: time
    end: time
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class WorkPeriod:
    """One working period in a time zone; ``end`` may fall on the next day."""

    work_date: date
    start: datetime
    end: datetime

    @property
    def overnight(self) -> bool:
        return self.end.date() != self.start.date()


def _covers(row: ScheduleRow, day: date) -> bool:
    assert row.valid_from is not None and row.valid_to is not None
    return row.valid_from <= day <= row.valid_to


def rows_in_force(rows: Iterable[ScheduleRow], day: date) -> list[ScheduleRow]:
    rows = list(rows)
    ranged = [r for r in rows if r.valid_from is not None and _covers(r, day)]
    if ranged:
        narrowest = min(ranged, key=lambda r: r.valid_to - r.valid_from)  # type: ignore[operator]
        return [
            r
            for r in ranged
            if (r.valid_from, r.valid_to) == (narrowest.valid_from, narrowest.valid_to)
        ]
    return [r for r in rows if r.valid_from is None]


def work_period(rows: Iterable[ScheduleRow], day: date, tz: ZoneInfo) -> WorkPeriod | None:
    """The period that starts on ``day`` (local), or None for a day off."""
    for row in rows_in_force(rows, day):
        if row.weekday == day.isoweekday():
            start = datetime.combine(day, row.start, tz)
            end_day = day if row.end > row.start else day + timedelta(days=1)
            return WorkPeriod(day, start, datetime.combine(end_day, row.end, tz))
    return None
