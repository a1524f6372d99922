"""Working time: when a reminder may go out, and which deadlines to offer.

A *working day* is a local date with a schedule period (see ``schedule``) that
is not a holiday or cuti bersama, unless the schedule works on holidays. An
overnight period belongs to the day it starts on, so the hours after midnight
are working time of the day before.
Nothing here knows of Telegram or the database: rows, a time zone and a
holiday calendar come in, instants and dates go out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.rules.calendar import HolidayCalendar
from bot.rules.schedule import ScheduleRow, WorkPeriod, work_period, works_on_holidays

HORIZON_DAYS = 60
DEADLINE_LABEL = "0"  # the reminder at the deadline itself
TODAY_CUTOFF = time(16, 0)  # "today" means 16:00 at the latest...
TODAY_MIN_LEAD = timedelta(minutes=30)  # ...and at least this far ahead
# a schedule without a period (or with none in the horizon) falls back to this
FALLBACK_END = time(16, 0)


def working_period(
    rows: Iterable[ScheduleRow], day: date, tz: ZoneInfo, calendar: HolidayCalendar
) -> WorkPeriod | None:
    """The period that starts on ``day``, or None on a day off, or on a holiday
    for a schedule that does not work on holidays."""
    rows = list(rows)
    if calendar.is_holiday(day) and not works_on_holidays(rows):
        return None
    return work_period(rows, day, tz)


def next_working_moment(
    moment: datetime,
    rows: Sequence[ScheduleRow],
    tz: ZoneInfo,
    calendar: HolidayCalendar,
    *,
    horizon_days: int = HORIZON_DAYS,
) -> datetime:
    """``moment`` if it is working time, else the start of the next period.

    Both ends of a period count as working time, so a deadline at the end of
    the day is reminded at that minute. With no period within the horizon
    (no schedule at all) ``moment`` is returned: a reminder is never lost.
    """
    first = moment.astimezone(tz).date() - timedelta(days=1)  # yesterday's night shift
    for offset in range(horizon_days + 2):
        period = working_period(rows, first + timedelta(days=offset), tz, calendar)
        if period is None or period.end < moment:
            continue
        if period.start <= moment:
            return moment
        return period.start.astimezone(moment.tzinfo)
    return moment


def end_of_working_day(
    day: date, rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar
) -> datetime | None:
    """When the period of ``day`` ends (next morning for a night shift)."""
    period = working_period(rows, day, tz, calendar)
    return period.end if period else None


def _working_days_after(
    day: date, rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar,
    horizon_days: int,
) -> Iterable[date]:
    for offset in range(1, horizon_days + 1):
        candidate = day + timedelta(days=offset)
        if working_period(rows, candidate, tz, calendar) is not None:
            yield candidate


def add_working_days(
    day: date, n: int, rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar
) -> date:
    """The ``n``-th working day after ``day`` (``day`` itself for 0).

    Without working days ahead (no schedule) it counts calendar days instead.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return day
    for count, found in enumerate(
        _working_days_after(day, rows, tz, calendar, HORIZON_DAYS + 7 * n), start=1
    ):
        if count == n:
            return found
    return day + timedelta(days=n)


def _working_day_on_or_after(
    day: date, rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar
) -> date:
    if working_period(rows, day, tz, calendar) is not None:
        return day
    return next(iter(_working_days_after(day, rows, tz, calendar, HORIZON_DAYS)), day)


def deadline_on(
    day: date, rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar
) -> datetime:
    """A deadline "on ``day``": the end of its working period, else 16:00 local."""
    end = end_of_working_day(day, rows, tz, calendar)
    return end if end is not None else datetime.combine(day, FALLBACK_END, tz)


def deadline_quick_picks(
    now: datetime, rows: Sequence[ScheduleRow], tz: ZoneInfo, calendar: HolidayCalendar
) -> list[tuple[str, datetime]]:
    """("today" | "tomorrow" | "3_working_days" | "1_week", deadline) pairs.

    "today" is 16:00, or the end of today's period when it ends earlier (or
    when the period does not contain 16:00, as for a night shift); it is left
    out on a day off and when it is less than 30 minutes away. The others are
    the end of a working day.
    """
    today = now.astimezone(tz).date()
    picks: list[tuple[str, datetime]] = []
    period = working_period(rows, today, tz, calendar)
    if period is not None:
        cutoff = datetime.combine(today, TODAY_CUTOFF, tz)
        end = cutoff if period.start < cutoff < period.end else period.end
        if end - now >= TODAY_MIN_LEAD:
            picks.append(("today", end))
    picks.append(("tomorrow", deadline_on(add_working_days(today, 1, rows, tz, calendar),
                                           rows, tz, calendar)))
    picks.append(("3_working_days", deadline_on(add_working_days(today, 3, rows, tz, calendar),
                                                 rows, tz, calendar)))
    week = _working_day_on_or_after(today + timedelta(days=7), rows, tz, calendar)
    picks.append(("1_week", deadline_on(week, rows, tz, calendar)))
    return picks


def offset_label(hours: float) -> str:
    """'24', '2', '1.5': the name of a reminder in outbox keys."""
    return f"{hours:g}"


def reminder_times(
    deadline: datetime,
    offsets_hours: Iterable[float],
    created_or_set_at: datetime,
    rows: Sequence[ScheduleRow],
    tz: ZoneInfo,
    calendar: HolidayCalendar,
) -> list[tuple[str, datetime]]:
    """(label, when) for each reminder of a deadline, earliest first.

    One per offset ("24", "2") and one at the deadline ("0"). A reminder
    whose time came before the deadline was set is dropped; the others are
    moved into working time, so several may end up at the same moment.
    """
    offsets = sorted({h for h in offsets_hours if h > 0}, reverse=True)
    raw = [(offset_label(h), deadline - timedelta(hours=h)) for h in offsets]
    raw.append((DEADLINE_LABEL, deadline))
    return [
        (label, next_working_moment(when, rows, tz, calendar))
        for label, when in raw
        if when >= created_or_set_at
    ]


def due_reminder(
    times: Sequence[tuple[str, datetime]], now: datetime, sent: Collection[str] = ()
) -> tuple[str, datetime] | None:
    """The most urgent reminder that is due, unless it was already sent.

    Earlier reminders that are due as well are superseded: they are never
    returned once a later one is due, so a "24" cannot follow a "2".
    """
    due = [(label, when) for label, when in times if when <= now]
    if not due or due[-1][0] in sent:
        return None
    return due[-1]


def time_left_parts(deadline: datetime, now: datetime) -> tuple[str, int, str]:
    """('left' | 'overdue' | 'now', amount, 'days' | 'hours' | 'minutes').

    Rounded to the nearest unit: minutes under an hour, hours under a day.
    """
    seconds = (deadline - now).total_seconds()
    minutes = int(abs(seconds) / 60 + 0.5)
    if minutes == 0:
        return "now", 0, "minutes"
    direction = "left" if seconds > 0 else "overdue"
    if minutes < 60:
        return direction, minutes, "minutes"
    hours = int(minutes / 60 + 0.5)
    if hours < 24:
        return direction, hours, "hours"
    return direction, int(hours / 24 + 0.5), "days"
