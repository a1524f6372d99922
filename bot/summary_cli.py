"""``hadir summary --week YYYY-Www --unit CODE [--png FILE]``: a unit's weekly
summary for an operator, the same one its head receives (counted from the
same period, ``bot.services.summary``), as plain text, and its chart."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.rules.recap import iso_week
from bot.rules.timefmt import local_time, long_date
from bot.services import access_log
from bot.services.recap_data import Scope, units
from bot.services.summary import WEEK, load_weeks, unit_summary
from bot.summary_chart import render_chart
from bot.summary_views import message, plain
from bot.texts import text
from db.session import Database


async def weekly_summary(settings: Settings, *, week: str, unit: str, png: Path | None,
                         lang: str, clock: Clock) -> tuple[bool, str]:
    """(True, the summary as text) or (False, one line saying why not): a
    malformed week, an unknown unit, a week that has not ended in the unit's zone."""
    try:
        monday = iso_week(week)
    except ValueError:
        return False, text("summary.cli.bad_week", lang, value=week)
    db = Database(settings.database_url)
    try:
        async with db.transaction() as session:
            known = {u.code.casefold(): u for u in (await units(session)).values()}
            found = known.get(unit.strip().casefold())
            if found is None:
                return False, text("summary.cli.unknown_unit", lang, code=unit)
            end = datetime.combine(monday + WEEK, time(0), found.tz)
            if clock.now() < end:
                return False, text("summary.cli.not_ended", lang, week=week.strip(),
                                   unit=found.name,
                                   end=f"{long_date(end.date(), lang)} {local_time(end, found.tz)}")
            period = await load_weeks(session, settings, monday)
            summary = unit_summary(period, settings, monday, found.id)
            if summary.people:  # the operator saw these people's week (UU 27/2022)
                access_log.record_scope(session, at=clock.now(), viewer=None,
                                        view=access_log.SUMMARY_CLI, first=monday,
                                        last=monday + WEEK - timedelta(days=1),
                                        scope=Scope(unit_ids=period.tree(found.id)))
    finally:
        await db.dispose()
    lines = [plain(message(summary, lang))]
    if not summary.has_working_day:
        lines.insert(0, text("summary.cli.no_working_day", lang, week=summary.week,
                             unit=found.name))
    if png is not None:
        chart = render_chart(summary, lang)
        await asyncio.to_thread(png.write_bytes, chart)
        lines.append(text("summary.cli.png_written", lang, path=png, size=len(chart)))
    return True, "\n\n".join(lines)
