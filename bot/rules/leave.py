"""Leave and permission kinds, and what an approved one covers.

Kinds (shared/docs/domain-rules.md): CT annual leave, CS sick, CM maternity,
CAP urgent personal reasons, CB long leave, CLTN unpaid, DL official travel
(dinas luar), TB study assignment, I permission; FWA flexible work (WFH or
another place: the person still checks in, from that place); IK izin keluar,
a short permission inside one working day.

A whole-day kind excuses attendance on each date of its span: no lateness,
no TK, no presence check. A part-of-day request (``start_at``..``end_at``)
excuses what falls inside it: a presence check, and lateness or early leave
when it covers the scheduled start or end. FWA excuses nothing; it moves
the geofence for its dates to the approved place.

Asking for one (the /izin flow and ``bot.services.leave``): which kinds may
be filed after the fact or for some hours only, the window of dates, the
reason's length, overlaps with other requests, the annual leave balance,
who may decide or cancel in which status, and the dates and times people type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.rules.calendar import HolidayCalendar
from bot.rules.dates import parse_typed
from bot.rules.schedule import ScheduleRow
from bot.rules.task_states import Refusal
from bot.rules.working_time import working_period


class LeaveKind(StrEnum):
    CT = "CT"  # cuti tahunan
    CS = "CS"  # cuti sakit
    CM = "CM"  # cuti melahirkan
    CAP = "CAP"  # cuti karena alasan penting
    CB = "CB"  # cuti besar
    CLTN = "CLTN"  # cuti di luar tanggungan negara
    DL = "DL"  # dinas luar
    TB = "TB"  # tugas belajar
    I = "I"  # noqa: E741 — izin, the code operators write
    FWA = "FWA"  # flexible work arrangement / WFH
    IK = "IK"  # izin keluar: a short permission during the day


# kinds that excuse attendance (everything but FWA)
EXCUSING = frozenset(kind for kind in LeaveKind if kind is not LeaveKind.FWA)
# kinds asked as part of one day only
PART_OF_DAY_ONLY = frozenset({LeaveKind.IK})


class LeaveStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class LeaveSpan:
    """An approved request, detached from the database."""

    id: int
    employee_id: int
    kind: str
    start_date: date
    end_date: date
    start_at: datetime | None = None  # part of a day
    end_at: datetime | None = None
    latitude: float | None = None  # FWA: the approved place
    longitude: float | None = None

    @property
    def whole_days(self) -> bool:
        return self.start_at is None or self.end_at is None

    def on(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


def covering_day(spans: list[LeaveSpan], day: date) -> LeaveSpan | None:
    """The approved whole-day leave or DL that excuses ``day``, if any."""
    for span in spans:
        if span.kind in EXCUSING and span.whole_days and span.on(day):
            return span
    return None


def covering_moment(spans: list[LeaveSpan], day: date, at: datetime) -> LeaveSpan | None:
    """The approved leave that excuses a check at ``at`` on work date ``day``:
    a whole-day one of that date, or a part-of-day one containing ``at``."""
    if (whole := covering_day(spans, day)) is not None:
        return whole
    for span in spans:
        if (span.kind in EXCUSING and not span.whole_days and span.start_at is not None
                and span.end_at is not None and span.start_at <= at < span.end_at):
            return span
    return None


# the marks of the day close by the side of the day a permission must cover
# (``bot.services.day_close.judge``): its start, its end (the last minute), both
START_SIDE_MARKS = frozenset({"late", "no_check_in", "apel_missed"})
END_SIDE_MARKS = frozenset({"early", "no_check_out"})
LAST_MINUTE = timedelta(minutes=1)  # a permission until the end covers its last minute


def excuses_mark(spans: list[LeaveSpan], kind: str, day: date, at: datetime,
                 period: tuple[datetime, datetime] | None) -> bool:
    """Whether approved ``spans`` excuse a mark of ``kind`` made at ``at`` on
    work date ``day``, judged as the day close judges it when they were
    approved before: a check-in's marks when the scheduled start (of
    ``period``, from the mark's facts) is covered, a check-out's when its end
    is, TK when both are; any other mark (a mid-day absence) by its moment."""
    if covering_day(spans, day) is not None:
        return True
    if period is None or kind not in START_SIDE_MARKS | END_SIDE_MARKS | {"absent"}:
        return covering_moment(spans, day, at) is not None
    start = covering_moment(spans, day, period[0]) is not None
    end = covering_moment(spans, day, period[1] - LAST_MINUTE) is not None
    if kind in START_SIDE_MARKS:
        return start
    if kind in END_SIDE_MARKS:
        return end
    return start and end


def fwa_place(spans: list[LeaveSpan], day: date) -> LeaveSpan | None:
    """The approved FWA/WFH place of ``day``, if any."""
    for span in spans:
        if (span.kind == LeaveKind.FWA and span.on(day) and span.latitude is not None
                and span.longitude is not None):
            return span
    return None


# --- asking for one: which kinds, which dates, how long ---------------------

# the order the /izin flow offers them in
KINDS: tuple[LeaveKind, ...] = tuple(LeaveKind)
# besides IK, the kinds that may also be asked for some hours of one day (a
# doctor's visit, a short official errand); the others are whole days only
PART_OF_DAY_ALLOWED = frozenset({LeaveKind.CS, LeaveKind.CAP, LeaveKind.DL, LeaveKind.I})
# filed after the fact (sick, a birth, an emergency, a trip ordered that morning):
# up to BACKDATE_DAYS back. The others (CT, CB, CLTN, TB, FWA, IK) start today or later.
BACKDATED = frozenset({LeaveKind.CS, LeaveKind.CM, LeaveKind.CAP, LeaveKind.DL, LeaveKind.I})
BACKDATE_DAYS = 31
AHEAD_DAYS = 366  # a start more than a year ahead is a typo
SPAN_DAYS = 366  # the longest request, in calendar days...
LONG_SPAN_DAYS = 3 * 366  # ...except unpaid leave and study assignments, which run for years
LONG_KINDS = frozenset({LeaveKind.CLTN, LeaveKind.TB})
REASON_MIN, REASON_MAX = 3, 500
IK_MIN = timedelta(minutes=10)  # an izin keluar shorter than this is a slip of the finger

# the marks an approved leave (or DL) clears for its span
CLEARABLE_MARKS = ("absent", "no_check_in", "no_check_out", "late", "early", "midday_absence",
                   "apel_missed")
# the statuses that hold dates: a new request may not overlap them
HOLDING = (LeaveStatus.PENDING, LeaveStatus.APPROVED)


def kind_of(value: str) -> LeaveKind | None:
    return next((kind for kind in LeaveKind if kind.value == value), None)


def whole_days_only(kind: LeaveKind) -> bool:
    return kind not in PART_OF_DAY_ALLOWED and kind not in PART_OF_DAY_ONLY


def earliest_start(kind: LeaveKind, today: date) -> date:
    return today - timedelta(days=BACKDATE_DAYS) if kind in BACKDATED else today


def latest_start(today: date) -> date:
    return today + timedelta(days=AHEAD_DAYS)


def longest_span(kind: LeaveKind) -> int:
    return LONG_SPAN_DAYS if kind in LONG_KINDS else SPAN_DAYS


def check_start(kind: LeaveKind, start: date, today: date) -> None:
    """Raise ``Refusal`` unless a request of ``kind`` may start on ``start``."""
    if start < earliest_start(kind, today):
        if kind in BACKDATED:
            raise Refusal("leave.refused.too_early_backdated", days=BACKDATE_DAYS,
                          earliest=earliest_start(kind, today))
        raise Refusal("leave.refused.past")
    if start > latest_start(today):
        raise Refusal("leave.refused.too_far", latest=latest_start(today))


def check_dates(kind: LeaveKind, start: date, end: date, today: date) -> None:
    """Raise ``Refusal`` unless ``start``..``end`` are dates a request of
    ``kind`` may cover (see the constants above)."""
    check_start(kind, start, today)
    if end < start:
        raise Refusal("leave.refused.end_before_start", start=start)
    if (end - start).days + 1 > longest_span(kind):
        raise Refusal("leave.refused.too_long", days=longest_span(kind))
    if kind is LeaveKind.CT and start.year != end.year:
        raise Refusal("leave.refused.ct_two_years", year=start.year)


def check_part_of_day(kind: LeaveKind, day: date, start_at: datetime, end_at: datetime,
                      today: date) -> None:
    check_start(kind, day, today)
    if end_at <= start_at:
        raise Refusal("leave.refused.times_order")


def check_izin_keluar(start_at: datetime, back_at: datetime, end_of_day: datetime) -> None:
    """An izin keluar runs from now until the expected return, later today."""
    if back_at < start_at + IK_MIN:
        raise Refusal("leave.refused.ik_too_short", minutes=int(IK_MIN.total_seconds() // 60))
    if back_at > end_of_day:
        raise Refusal("leave.refused.ik_today")


def check_reason(reason: str) -> str:
    """The reason as stored (spaces trimmed), or ``Refusal``."""
    cleaned = reason.strip()
    if len(cleaned) < REASON_MIN:
        raise Refusal("leave.refused.reason_short", limit=REASON_MIN)
    if len(cleaned) > REASON_MAX:
        raise Refusal("leave.refused.reason_long", limit=REASON_MAX)
    return cleaned


# --- one request against the others -------------------------------------------


def overlaps(a: LeaveSpan, b: LeaveSpan) -> bool:
    """Whether two requests claim the same time. Whole days against whole days
    by date, parts of a day by instant; a part of a day inside a whole-day
    request overlaps it — except FWA/WFH, which only moves where one works:
    stepping out for an hour (IK) or a doctor's visit on a WFH day is fine."""
    if a.whole_days and b.whole_days:
        return a.start_date <= b.end_date and b.start_date <= a.end_date
    if not a.whole_days and not b.whole_days:
        assert a.start_at and a.end_at and b.start_at and b.end_at
        return a.start_at < b.end_at and b.start_at < a.end_at
    whole, part = (a, b) if a.whole_days else (b, a)
    return whole.kind != LeaveKind.FWA and whole.on(part.start_date)


def first_overlap(new: LeaveSpan, existing: list[LeaveSpan]) -> LeaveSpan | None:
    return next((span for span in existing if overlaps(new, span)), None)


# --- annual leave (CT) ---------------------------------------------------------


@dataclass(frozen=True)
class AnnualBalance:
    """Annual leave of one year, in working days: the year's entitlement plus
    what was carried over from last year, minus what is approved or waiting."""

    year: int
    entitlement: int
    carried: int
    used: int  # approved
    pending: int  # asked, not decided yet: held so two requests cannot overdraw

    @property
    def total(self) -> int:
        return self.entitlement + self.carried

    @property
    def available(self) -> int:
        return max(0, self.total - self.used - self.pending)


def annual_balance(year: int, *, entitlement: int, carry_over_cap: int, used_last_year: int,
                   used: int, pending: int) -> AnnualBalance:
    """Last year's unused days are carried over up to ``carry_over_cap``."""
    carried = min(carry_over_cap, max(0, entitlement - used_last_year))
    return AnnualBalance(year, entitlement, carried, used, pending)


def check_balance(balance: AnnualBalance, days: int) -> None:
    if days <= 0:
        raise Refusal("leave.refused.no_working_days")
    if days > balance.available:
        raise Refusal("leave.refused.balance", days=days, available=balance.available,
                      year=balance.year)


def working_dates(start: date, end: date, rows: Sequence[ScheduleRow], tz: ZoneInfo,
                  calendar: HolidayCalendar) -> list[date]:
    """The working days of ``start``..``end`` in the schedule (holidays and
    days off excluded, unless the schedule works on holidays)."""
    days = []
    day = start
    while day <= end:
        if working_period(rows, day, tz, calendar) is not None:
            days.append(day)
        day += timedelta(days=1)
    return days


def nth_working_day(start: date, n: int, rows: Sequence[ScheduleRow], tz: ZoneInfo,
                    calendar: HolidayCalendar, horizon_days: int = 90) -> date | None:
    """The date of the ``n``-th working day counted from ``start`` itself."""
    count = 0
    for offset in range(horizon_days):
        day = start + timedelta(days=offset)
        if working_period(rows, day, tz, calendar) is not None:
            count += 1
            if count == n:
                return day
    return None


# --- who may do what to a request ------------------------------------------------


def check_can_decide(status: str) -> None:
    if status != LeaveStatus.PENDING:
        raise Refusal(f"leave.refused.already_{status}")


def started(request: LeaveSpan, now: datetime, today: date) -> bool:
    """Whether the request's span has begun (whole days: its first local date)."""
    if not request.whole_days and request.start_at is not None:
        return request.start_at <= now
    return request.start_date <= today


def check_can_cancel(status: str, has_started: bool) -> None:
    if status not in HOLDING:
        raise Refusal(f"leave.refused.already_{status}")
    if has_started:
        raise Refusal("leave.refused.started")


# --- typed dates and times --------------------------------------------------------

_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})\s*$", re.ASCII)
_CLOCK = r"(\d{1,2})[:.](\d{2})"
_ONE_TIME = re.compile(rf"^\s*(?:jam\s+|pukul\s+)?{_CLOCK}\s*$", re.ASCII | re.IGNORECASE)
_TIME_RANGE = re.compile(
    rf"^\s*{_CLOCK}\s*(?:-|–|—|s\.?d\.?|sampai|hingga|to|until)\s*{_CLOCK}\s*$",
    re.IGNORECASE)


def parse_day(value: str, today: date) -> date | None:
    """'30-11-2026', '30/11/2026' or '30-11' (the nearest such date from a
    month back on); None for anything that is no real date."""
    typed = parse_typed(value)
    if typed is not None:
        on, at = typed
        return on if at is None else None
    match = _DAY_MONTH.match(value)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29-02 of a year without it: try the next
        if candidate >= today - timedelta(days=BACKDATE_DAYS):
            return candidate
    return None


def _clock(hour: str, minute: str) -> time | None:
    try:
        return time(int(hour), int(minute))
    except ValueError:
        return None


def parse_time(value: str) -> time | None:
    """'11:30', '11.30', 'jam 11.30'."""
    match = _ONE_TIME.match(value)
    return _clock(*match.groups()) if match else None


def parse_time_range(value: str) -> tuple[time, time] | None:
    """'08:00-11:30', '08.00 – 11.30', '8:00 s.d. 11:30'."""
    match = _TIME_RANGE.match(value)
    if not match:
        return None
    first, second = _clock(*match.groups()[:2]), _clock(*match.groups()[2:])
    return (first, second) if first is not None and second is not None else None
