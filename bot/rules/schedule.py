"""Which working period applies to an employee on a local date.

A schedule is a set of weekday rows under one code. Rows with a date range
(Ramadan, say) override the plain rows of the same code inside that range:
on such a date only the ranged rows count, and a weekday without a ranged row
is a day off. When ranges nest, the narrowest wins.

A check belongs to the period of its work date (the local date the period
starts): a check-out closes a check-in only until the period end plus a slack
for overtime, and live-location positions are kept only inside the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class ScheduleRow(Protocol):
    @property
    def weekday(self) -> int: ...  # 1 = Monday ... 7 = Sunday
    @property
    def start(self) -> time: ...
    @property
    def end(self) -> time: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def works_on_holidays(self) -> bool: ...  # the same on every row of a code


def works_on_holidays(rows: Iterable[ScheduleRow]) -> bool:
    """Whether the schedule treats a holiday as a working day (public services)."""
    return any(row.works_on_holidays for row in rows)


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


def end_of_local_day(moment: datetime, tz: ZoneInfo) -> datetime:
    """Midnight after ``moment`` in ``tz``."""
    return datetime.combine(moment.astimezone(tz).date() + timedelta(days=1), time(0), tz)


def check_out_deadline(
    period: WorkPeriod | None, checked_in_at: datetime, tz: ZoneInfo, slack: timedelta,
    *, workday: bool,
) -> datetime:
    """Until when a check-out may close a check-in.

    On a working day: the period end plus ``slack`` (overtime). On a holiday or
    a day without a schedule: the end of the check-in's local date, or an
    overnight period's end plus ``slack`` when that is later."""
    if workday and period is not None:
        return period.end + slack
    same_day = end_of_local_day(checked_in_at, tz)
    return max(same_day, period.end + slack) if period is not None else same_day


def tracking_end(
    period: WorkPeriod | None, checked_in_at: datetime, max_tracking: timedelta,
    *, workday: bool,
) -> datetime:
    """When positions of a live location stop being kept (a check-out ends them
    sooner): the scheduled end on a working day, else ``max_tracking`` after
    the check-in."""
    if workday and period is not None:
        return period.end
    return checked_in_at + max_tracking
