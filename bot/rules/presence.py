"""Mid-day presence checks: when they may fall, and what a position says.

A unit is checked ``PRESENCE_CHECKS_PER_DAY`` times a working day at random
moments (``secrets``: nobody can work them out from a formula, the date or
the unit) inside its working period and outside its break, with a margin of
``PRESENCE_ANSWER_MINUTES`` after each start (people arriving, coming back
from the break) and before each end, so that the whole answer window fits
in working time. Two checks of a day are at least two answer windows apart,
so one is judged before the next asks.

A live location is current only until its message date + ``live_period``:
Telegram sends no "sharing stopped" update (``LIVE_FOREVER`` is "until I
turn it off"). Nothing here knows of Telegram or the database.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from random import Random
from zoneinfo import ZoneInfo

from bot.rules.schedule import ScheduleRow, WorkPeriod, rows_in_force

LIVE_FOREVER = 0x7FFFFFFF  # live_period of "until I turn it off"
FWA_PLACE = "FWA/WFH"  # the place name kept for an approved FWA/WFH place
LIVE_DAY_S = 8 * 3600  # the longest fixed live period Telegram offers: a working day
# the domain default (Perpres 21/2023): Mon–Thu 12:00–13:00, Fri 11:30–13:00
DEFAULT_BREAK_TIMES = "1-4 12:00-13:00,5 11:30-13:00"
_ATTEMPTS = 200  # random draws before falling back to one moment per stretch

Breaks = dict[int, tuple[time, time]]  # weekday (1 = Monday) -> (start, end)
Span = tuple[datetime, datetime]

_ENTRY = re.compile(r"([1-7])(?:-([1-7]))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


def parse_break_times(value: str) -> Breaks:
    """``"1-4 12:00-13:00,5 11:30-13:00"``: weekdays (a day or a range) and
    a break each; ``"-"`` or ``"none"``: no breaks. ValueError when wrong."""
    value = value.strip()
    if value.lower() in ("-", "none", "tidak ada"):
        return {}
    found: Breaks = {}
    for entry in (part.strip() for part in value.split(",")):
        match = _ENTRY.fullmatch(entry)
        if match is None:
            raise ValueError(entry)
        first, last = int(match[1]), int(match[2] or match[1])
        h1, m1, h2, m2 = (int(match[i]) for i in range(3, 7))
        if first > last or h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(entry)
        start, end = time(h1, m1), time(h2, m2)
        if start >= end:
            raise ValueError(entry)
        for weekday in range(first, last + 1):
            if weekday in found:
                raise ValueError(entry)
            found[weekday] = (start, end)
    return found


def break_of(rows: Iterable[ScheduleRow], period: WorkPeriod, defaults: Breaks) -> Span | None:
    """The break inside ``period``: its schedule row's own (``break_start``,
    ``break_end``; a row without them has none of its own), else the default
    of its weekday; None when there is none or it lies outside the period."""
    day = period.work_date
    tz = period.start.tzinfo
    assert isinstance(tz, ZoneInfo)
    own: tuple[time, time] | None = None
    for row in rows_in_force(list(rows), day):
        if row.weekday == day.isoweekday():
            start, end = getattr(row, "break_start", None), getattr(row, "break_end", None)
            if start is not None and end is not None:
                own = (start, end)
            break
    chosen = own or defaults.get(day.isoweekday())
    if chosen is None:
        return None
    start, end = _on(day, chosen[0], tz, period), _on(day, chosen[1], tz, period)
    start, end = max(start, period.start), min(end, period.end)
    return (start, end) if start < end else None


def _on(day: date, moment: time, tz: ZoneInfo, period: WorkPeriod) -> datetime:
    """``moment`` on the work date, or the next day for the part of a night shift
    after midnight."""
    at = datetime.combine(day, moment, tz)
    return at + timedelta(days=1) if at < period.start else at


def working_stretches(period: WorkPeriod, brk: Span | None) -> list[Span]:
    """The period without its break."""
    if brk is None:
        return [(period.start, period.end)]
    return [(s, e) for s, e in ((period.start, brk[0]), (brk[1], period.end)) if s < e]


def check_windows(period: WorkPeriod, brk: Span | None, answer: timedelta) -> list[Span]:
    """Where a check may fall: each working stretch less ``answer`` at both
    ends (the answer window ends inside working time, before the break)."""
    return [(s + answer, e - answer) for s, e in working_stretches(period, brk)
            if s + answer <= e - answer]


def in_working_time(at: datetime, period: WorkPeriod, brk: Span | None) -> bool:
    return any(s <= at < e for s, e in working_stretches(period, brk))


def plan_moments(windows: Sequence[Span], count: int, answer: timedelta, *,
                 not_before: datetime | None = None, rng: Random | None = None
                 ) -> list[datetime]:
    """``count`` random whole minutes inside ``windows`` (from ``not_before``
    on), each at least two answer windows after the one before, in order;
    fewer when the time left does not hold them."""
    rng = rng or secrets.SystemRandom()
    minutes = _Minutes(windows, not_before)
    if count <= 0 or not minutes.total:
        return []
    gap = 2 * answer
    for _ in range(_ATTEMPTS):
        picked = [minutes.at(i) for i in sorted(rng.sample(range(minutes.total),
                                                           min(count, minutes.total)))]
        if all(b - a >= gap for a, b in pairwise(picked)):
            return picked
    return _spread(minutes, count, gap, rng)


class _Minutes:
    """The whole minutes inside some windows, numbered 0 .. total - 1 (not
    listed one by one: a province plans thousands of units at once)."""

    def __init__(self, windows: Sequence[Span], not_before: datetime | None) -> None:
        self.stretches: list[tuple[datetime, int]] = []  # first minute, how many
        for start, end in windows:
            if not_before is not None:
                start = max(start, not_before)
            first = start.replace(second=0, microsecond=0)
            if first < start:
                first += timedelta(minutes=1)
            if first <= end:
                self.stretches.append((first, int((end - first).total_seconds() // 60) + 1))
        self.total = sum(n for _, n in self.stretches)

    def at(self, index: int) -> datetime:
        for first, n in self.stretches:
            if index < n:
                return first + timedelta(minutes=index)
            index -= n
        raise IndexError(index)


def _spread(minutes: _Minutes, count: int, gap: timedelta, rng: Random) -> list[datetime]:
    """One random moment in each of ``count`` equal parts of the minutes left,
    keeping the gap; used only when random draws keep colliding."""
    picked: list[datetime] = []
    size = max(1, minutes.total // count)
    for n in range(count):
        part = [m for m in (minutes.at(i) for i in range(n * size,
                                                         min((n + 1) * size, minutes.total)))
                if not picked or m - picked[-1] >= gap]
        if part:
            picked.append(rng.choice(part))
    return picked


def live_current(shared_at: datetime, live_period: int | None, now: datetime) -> bool:
    """Whether a live location shared at ``shared_at`` is still being shared."""
    if not live_period:
        return False
    return live_period >= LIVE_FOREVER or now < shared_at + timedelta(seconds=live_period)


def period_seconds(live_period: int | timedelta | None) -> int | None:
    """``live_period`` as PTB gives it (seconds, or a timedelta under
    PTB_TIMEDELTA) as whole seconds."""
    if live_period is None:
        return None
    if isinstance(live_period, timedelta):
        return int(live_period.total_seconds())
    return int(live_period)
