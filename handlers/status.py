"""/status: the current work day's record and this month's counts."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from bot import commands, render
from bot.context import Interaction
from bot.rules.schedule import works_on_holidays
from bot.rules.timefmt import local_time, long_date, month_name
from bot.services import attendance
from bot.services.employees import holiday_calendar, schedule_rows
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp


@registered
async def status(act: Interaction) -> None:
    """The current work day: a night shift that started yesterday while it runs,
    else today."""
    me = act.me
    now = act.now()
    work_date, period, tz = await attendance.current_work_day(act.session, me, now)
    events = await attendance.day_events(act.session, me.id, work_date)
    counts = await attendance.month_counts(act.session, me.id, work_date)
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
    lines += [act.t("status.in", value=value("in")), act.t("status.out", value=value("out")), "",
              act.t("status.month", month=month_name(work_date, act.lang),
                    on_time=counts.on_time, late=counts.late, early=counts.early)]
    act.reply("\n".join(lines))


def register(app: HadirApp) -> None:
    # private chats only: someone's attendance is never shown in a group
    app.add_handler(commands.handler("status", status))
