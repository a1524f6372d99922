"""/rekap [MM-YYYY] (/report): the monthly recap workbook, for whom the
sender may see (``bot.services.recap_scope``): an admin everyone, a head
their unit tree, a supervisor their team. Staff are pointed to /status. No
month: this month so far, in the sender's home-office date; a malformed or
future month gets a clear line and no file."""

from __future__ import annotations

import asyncio
import html
from typing import TYPE_CHECKING

from bot import commands, recap_notes
from bot.context import Interaction
from bot.rules.recap import month_of
from bot.rules.timefmt import month_name
from bot.services import access_log
from bot.services.employees import home_timezone
from bot.services.recap import build_recap
from bot.services.recap_scope import audience_of
from bot.texts import shorten
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp

CAPTION_MAX = 1024
_ECHO_MAX = 40  # characters of a bad month shown back
_WHOM_MAX = 300  # characters of "for whom" in the caption (a head of many units)



@registered
async def recap(act: Interaction) -> None:
    me = act.me
    audience = await audience_of(act.session, me)
    if audience is None:
        act.reply(act.t("recap.staff"))
        return
    now = act.now()
    zone = home_timezone(me)
    this_month = now.astimezone(zone).date().replace(day=1)
    raw = " ".join(act.context.args or []).strip()
    first = this_month
    if raw:
        try:
            first = month_of(raw)
        except ValueError:
            act.reply(act.t("recap.bad_month", value=html.escape(shorten(raw, _ECHO_MAX)),
                            example=f"{this_month:%m-%Y}"))
            return
        if first > this_month:
            act.reply(act.t("recap.future_month", month=month_name(first, act.lang)))
            return
    made = await build_recap(act.session, act.settings, first, audience, now, zone)
    whom = html.escape(shorten(recap_notes.whom(made, act.lang), _WHOM_MAX))
    if made.rows:  # who saw whose month (UU 27/2022): one row for the whole scope
        access_log.record_scope(act.session, at=now, viewer=me, view=access_log.RECAP,
                                first=made.first, last=made.last, scope=audience.scope)
    else:
        act.reply(act.t("recap.empty", month=month_name(first, act.lang), whom=whom))
        return
    caption = act.t("recap.caption", month=month_name(first, act.lang), whom=whom,
                    people=len(made.rows), closed=recap_notes.closed_text(made, act.lang))
    if len(caption) > CAPTION_MAX:  # the parts are clipped: this is only a guard
        caption = caption[:CAPTION_MAX - 1] + "…"
    # a province's workbook takes a while to write: off the event loop, so the
    # bot keeps answering everyone else meanwhile
    from bot.recap_book import workbook_bytes  # openpyxl: loaded by the first recap, not at start

    content = await asyncio.to_thread(workbook_bytes, made, act.lang)
    act.reply_document(content, recap_notes.file_name(made, act.lang), caption)


def register(app: HadirApp) -> None:
    # private chats only, new messages only: an edited /rekap sends nothing
    app.add_handler(commands.handler("rekap", recap))
