"""/status: the current work day's record, then my month (a code per day,
its totals and my tasks' on-time rate, ``bot.month_views``), my tasks'
on-time rate of the year and my annual-leave balance (as /izin counts it)."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from bot import commands, render
from bot.context import Interaction
from bot.leave_views import balance_text
from bot.month_views import month_block, person_tasks, year_line
from bot.rules.schedule import works_on_holidays
from bot.rules.timefmt import local_time, long_date
from bot.services import attendance, leave
from bot.services.employees import holiday_calendar, schedule_rows
from bot.services.recap_data import Scope, load_period
from handlers.kit import registered

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.context import HadirApp


@registered
async def status(act: Interaction) -> None:
    """The current work day: a night shift that started yesterday while it runs,
    else today."""
    me = act.me
    now = act.now()
    work_date, period, tz = await attendance.current_work_day(act.session, me, now)
    events = await attendance.day_events(act.session, me.id, work_date)
    holiday = (await holiday_calendar(act.session, act.settings.holiday_categories, work_date)
               ).name(work_date)

    def value(kind: str) -> str:
        event = events.get(kind)
        return render.event_summary(event, act.lang) if event else act.t("status.none")

    running_shift = work_date != now.astimezone(tz).date()
    lines = [act.t("status.title", name=html.escape(me.name)), "",
             act.t("status.shift" if running_shift else "status.today",
                   date=long_date(work_date, act.lang))]
    if holiday:
        lines.append(act.t("status.holiday", holiday=html.escape(holiday)))
    if period and not (holiday and not works_on_holidays(
            await schedule_rows(act.session, me.schedule_code))):
        lines.append(act.t("status.shift_schedule" if running_shift else "status.schedule",
                           start=local_time(period.start, tz), end=local_time(period.end, tz)))
    elif not holiday:
        lines.append(act.t("status.no_schedule"))
    lines += [act.t("status.in", value=value("in")), act.t("status.out", value=value("out")), ""]
    lines += await _my_month(act, work_date, tz)
    act.reply("\n".join(lines))


async def _my_month(act: Interaction, work_date: date, tz: ZoneInfo) -> list[str]:
    """The month of ``work_date`` so far, the year's tasks and the CT balance:
    the year is loaded once (the month is a part of it, read in memory)."""
    me, now = act.me, act.now()
    scope = Scope(employee_ids=frozenset({me.id}))
    year = await load_period(act.session, act.settings, work_date.replace(month=1, day=1),
                             work_date, scope)
    month = year.within(scope, work_date.replace(day=1), work_date)
    lines = month_block(month, me.id, me.schedule_code, tz, now, act.lang, today=work_date)
    this_year = person_tasks(year, me.id, tz, now)
    if this_year.done > person_tasks(month, me.id, tz, now).done:  # else: the month says it
        lines.append(year_line(this_year, work_date.year, act.lang))
    balance = await leave.annual(act.session, act.settings, me.id, work_date.year)
    return [*lines, balance_text(balance, act.lang)]


def register(app: HadirApp) -> None:
    # private chats only: someone's attendance is never shown in a group
    app.add_handler(commands.handler("status", status))
