"""A person's month: one code per day, the totals, their tasks' on-time rate.

The team board's name buttons and /status show this same block. It is
counted from ``bot.services.recap_data.load_period`` with
``bot.rules.recap.tally`` and ``task_tally`` — the loader and the rules of
the weekly summary and the monthly recap, so none of them disagree.

One line per week, a day as ``Sen 2 H``: a closed day's recap cell (H,
TL1..TL4, PSW1..PSW4, both as ``TL2/PSW1``, TK, the leave's code), a holiday
``libur``, a day without working hours ``–``, and ``?`` for a past working
day with no closed record yet. The grid starts at the month's first closed
day (days before Hadir judged anyone are not shown) and ends yesterday, or
today once today is closed.
"""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.rules.recap import ABSENT, HOLIDAY, LEAVE, OFF, Day, Tally, TaskTally, tally, task_tally
from bot.rules.schedule import work_period, works_on_holidays
from bot.rules.timefmt import month_name
from bot.services.recap_data import Period
from bot.texts import text

NO_RECORD = "?"
DAY_OFF = "–"


def _weekday(day: date, lang: str) -> str:
    return format_date(day, "EEE", locale="id" if lang == "id" else "en_GB")


def percent(rate: float) -> str:
    return f"{round(rate * 100)}%"


def day_cell(period: Period, record: Day | None, day: date, schedule_code: str,
             tz: ZoneInfo, lang: str) -> str:
    """What the grid shows for one date."""
    if record is not None:
        if record.status == HOLIDAY:
            return text("month.cell.holiday", lang)
        if record.status == OFF:
            return DAY_OFF
        if record.status == ABSENT:
            return record.code or "TK"
        if record.status == LEAVE:
            return html.escape(record.code or "-")
        return html.escape(record.cell)
    rows = period.schedules.get(schedule_code, [])
    if work_period(rows, day, tz) is None:
        return DAY_OFF
    if period.calendar.name(day) and not works_on_holidays(rows):
        return text("month.cell.holiday", lang)
    return NO_RECORD


def grid_lines(period: Period, employee_id: int, schedule_code: str, tz: ZoneInfo,
               today: date, lang: str) -> list[str]:
    """One line per week, from the first closed day of ``period`` up to today."""
    records = period.days.get(employee_id, {})
    weeks: dict[tuple[int, int], list[str]] = {}
    if not records:
        return []
    day = min(records)
    while day <= period.last and day <= today:
        record = records.get(day)
        if day < today or record is not None:
            cell = day_cell(period, record, day, schedule_code, tz, lang)
            weeks.setdefault(day.isocalendar()[:2], []).append(
                f"{_weekday(day, lang)} {day.day} {cell}")
        day += timedelta(days=1)
    return [" · ".join(cells) for cells in weeks.values()]


def totals_lines(counted: Tally, lang: str) -> list[str]:
    """Working days, present (on time), TK; TL and PSW with minutes; leave by code."""
    if counted.working == 0:
        return [text("month.totals.none", lang)]
    lines = [text("month.totals", lang, working=counted.working, present=counted.present,
                  on_time=counted.on_time, absent=counted.absent),
             text("month.late_early", lang, late=counted.late_days,
                  late_minutes=counted.late_minutes, early=counted.early_days,
                  early_minutes=counted.early_minutes)]
    if counted.leave:
        leave = " · ".join(f"{html.escape(code)} {n}" for code, n in sorted(counted.leave.items()))
        lines.append(text("month.leave", lang, leave=leave))
    return lines


def year_line(counted: TaskTally, year: int, lang: str) -> str:
    """The on-time rate of the tasks done in ``year`` so far."""
    return text("month.tasks.year", lang, year=year, on_time=counted.done_on_time,
                done=counted.done, rate=percent(counted.on_time_rate or 0.0))


def tasks_line(counted: TaskTally, lang: str) -> str:
    """The on-time rate of the tasks done this month, and what is still open."""
    if counted.done:
        line = text("month.tasks", lang, on_time=counted.done_on_time, done=counted.done,
                    rate=percent(counted.on_time_rate or 0.0))
    else:
        line = text("month.tasks.none", lang)
    if counted.open:
        line += text("month.tasks.open", lang, open=counted.open, overdue=counted.overdue)
    return line


def window(first: date, last: date, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """The instants of ``first``..``last`` in ``tz``, ending at ``now`` at the latest."""
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    return start, max(start, min(end, now))


def person_tasks(period: Period, employee_id: int, tz: ZoneInfo, now: datetime
                 ) -> TaskTally:
    start, end = window(period.first, period.last, tz, now)
    return task_tally((t for t in period.tasks if t.assignee_id == employee_id), start, end)


def month_block(period: Period, employee_id: int, schedule_code: str, tz: ZoneInfo,
                now: datetime, lang: str, *, today: date | None = None) -> list[str]:
    """The month's title, its grid, totals and tasks line (``period``: one month
    so far, loaded for this person; ``today``: the work date still open, by
    default the local date of ``now``)."""
    today = today or now.astimezone(tz).date()
    lines = [text("month.title", lang, month=month_name(period.first, lang))]
    lines += grid_lines(period, employee_id, schedule_code, tz, today, lang)
    lines += totals_lines(tally(period.days.get(employee_id, {}).values()), lang)
    lines.append(tasks_line(person_tasks(period, employee_id, tz, now), lang))
    return lines


def person_month(period: Period, employee_id: int, *, name: str, nip: str, unit: str,
                 schedule_code: str, tz: ZoneInfo, now: datetime, lang: str) -> str:
    """The month a team board's name button opens: who, then the month block."""
    lines = [text("month.person", lang, name=html.escape(name), nip=html.escape(nip),
                  unit=html.escape(unit)), ""]
    lines += month_block(period, employee_id, schedule_code, tz, now, lang)
    return "\n".join(lines)
