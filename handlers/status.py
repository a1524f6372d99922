"""/status: today's record and this month's counts."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram.ext import CommandHandler

from bot import commands, render
from bot.context import Interaction
from bot.rules.schedule import work_period
from bot.rules.timefmt import local_time, long_date, month_name
from bot.services import attendance
from bot.services.employees import holiday_calendar, home_timezone, schedule_rows
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.app import HadirApp


@registered
async def status(act: Interaction) -> None:
    me = act.me
    tz: ZoneInfo = home_timezone(me)
    today = act.now().astimezone(tz).date()
    events = await attendance.day_events(act.session, me.id, today)
    counts = await attendance.month_counts(act.session, me.id, today)
    period = work_period(await schedule_rows(act.session, me.schedule_code), today, tz)
    holiday = (await holiday_calendar(act.session, act.settings.holiday_categories, today)
               ).name(today)

    def value(kind: str) -> str:
        event = events.get(kind)
        return render.event_summary(event, act.lang) if event else act.t("status.none")

    lines = [act.t("status.title", name=html.escape(me.name)), "",
             act.t("status.today", date=long_date(today, act.lang))]
    if holiday:
        lines.append(act.t("status.holiday", holiday=html.escape(holiday)))
    elif period:
        lines.append(act.t("status.schedule", start=local_time(period.start, tz),
                           end=local_time(period.end, tz)))
    else:
        lines.append(act.t("status.no_schedule"))
    lines += [act.t("status.in", value=value("in")), act.t("status.out", value=value("out")), "",
              act.t("status.month", month=month_name(today, act.lang), on_time=counts.on_time,
                    late=counts.late, early=counts.early)]
    act.reply("\n".join(lines))


def register(app: HadirApp) -> None:
    app.add_handler(CommandHandler(commands.names("status"), status))
