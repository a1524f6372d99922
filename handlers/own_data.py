"""/dataku (/mydata): the sender's own data as one workbook (UU 27/2022):
profile, check-ins with the locations still kept, closed days with their
codes, positions, presence checks, leave, tasks, day marks, alerts, and who
viewed their data (``bot.services.access_log``). Unknown and inactive
accounts are refused as for every command (``handlers.kit.registered``);
the view itself is logged too."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from bot import commands
from bot.context import Interaction
from bot.recap_notes import day_text
from bot.rules.timefmt import local_time
from bot.services import access_log, own_data
from bot.services.employees import home_timezone
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp


@registered
async def my_data(act: Interaction) -> None:
    me, now = act.me, act.now()
    zone = home_timezone(me)
    today = now.astimezone(zone).date()
    data = await own_data.gather(act.session, me)
    access_log.record(act.session, at=now, viewer=me, view=access_log.OWN_DATA,
                      first=own_data.first_day(data, today), last=today, subject_id=me.id)
    retention = act.settings.location_retention_days
    # a long history takes a while to write: off the event loop
    from bot.own_data_book import file_name, own_data_bytes  # openpyxl: loaded on first use

    content = await asyncio.to_thread(own_data_bytes, data, act.lang, zone, now, retention)
    made = f"{day_text(today, act.lang)} {local_time(now, zone)}"
    caption = act.t("privacy.caption", made=made, events=len(data.events), days=len(data.days),
                    positions=len(data.positions), presence=len(data.presence),
                    leave=len(data.leave), tasks=len(data.tasks), marks=len(data.marks),
                    alerts=len(data.alerts), accesses=len(data.accesses), retention=retention)
    act.reply_document(content, file_name(me.nip, today, act.lang), caption)


def register(app: HadirApp) -> None:
    # private chats only: nobody's data is sent where others read
    app.add_handler(commands.handler("dataku", my_data))
