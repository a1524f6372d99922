"""/tim (/team): today's board of a supervisor's or a head's people, its
refresh and page buttons, and a name's button: that person's month.

Every press re-checks who may see what (``team_board.audience`` for a board,
``team_board.may_see`` for a person): a forged or stale button for someone
outside the presser's team shows nothing and says so; an old board's button
still works (it shows today's board, or the person's current month). A
button pressed anywhere but the presser's private chat with the bot (a board
forwarded to a group) shows nothing there.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot import commands
from bot.board_views import board_keyboard, board_text
from bot.callbacks import BoardCB, MonthCB
from bot.context import Interaction
from bot.month_views import person_month
from bot.rules.task_states import Refusal
from bot.services import access_log, team_board, workday
from bot.services.employees import home_timezone
from bot.services.recap_data import Scope, load_period, units
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp

CODE_SHOWN_MAX = 20  # of a unit code typed after /tim, when it is repeated back


def _refusal(act: Interaction, refused: Refusal) -> str:
    values = {k: html.escape(str(v)[:CODE_SHOWN_MAX]) for k, v in refused.values.items()}
    return act.t(refused.key, **values)


def _log_board(act: Interaction, seen: team_board.Audience) -> None:
    """Who saw today's board of whom (UU 27/2022): one row, the board's scope."""
    now = act.now()
    today = now.astimezone(home_timezone(act.me)).date()
    access_log.record(act.session, at=now, viewer=act.me, view=access_log.BOARD, first=today,
                      last=today, unit_ids=seen.unit_ids,
                      supervisor_id=act.me.id if seen.report_ids else None)


def _in_private_chat(act: Interaction) -> bool:
    """Whether the button was pressed in a private chat; else the presser is
    told so (an alert) and nothing of the team reaches where others read."""
    chat = act.update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return True
    act.answer(act.t("board.refused.group"), alert=True)
    return False


@registered
async def show_board(act: Interaction) -> None:
    args = act.context.args or []
    if len(args) > 1:
        act.reply(act.t("board.refused.usage"))
        return
    try:
        seen = await team_board.audience(act.session, act.me, args[0] if args else None)
    except Refusal as refused:
        act.reply(_refusal(act, refused))
        return
    board = await team_board.load_board(act.session, act.settings, act.me, seen, act.now())
    if not board.people:
        admin_alone = act.me.role == "admin" and not seen.unit_id
        act.reply(act.t("board.empty_admin" if admin_alone else "board.empty"))
        return
    _log_board(act, seen)
    act.reply(board_text(board, seen, home_timezone(act.me), act.lang, refreshed=False),
              board_keyboard(board, seen, 0, act.lang))


@registered
async def board_pressed(act: Interaction) -> None:
    """Refresh (or another page): the same message, edited, with today's data."""
    if not _in_private_chat(act):
        return
    data = act.pressed(BoardCB)
    if data is None:
        act.answer(act.t("common.stale_button"), alert=True)
        return
    try:
        seen = await team_board.audience(act.session, act.me, unit_id=data.unit_id)
    except Refusal as refused:
        act.answer(_refusal(act, refused), alert=True)
        return
    board = await team_board.load_board(act.session, act.settings, act.me, seen, act.now())
    if board.people:
        _log_board(act, seen)
    act.answer(act.t("board.refreshed") if data.action == "refresh" else None)
    act.edit(board_text(board, seen, home_timezone(act.me), act.lang, refreshed=True,
                        page=data.page),
             board_keyboard(board, seen, data.page, act.lang))


@registered
async def month_pressed(act: Interaction) -> None:
    """A name on the board: their month so far, as a new message."""
    if not _in_private_chat(act):
        return
    data = act.pressed(MonthCB)
    found = (await workday.people(act.session, employee_ids=[data.employee_id])
             if data is not None and data.employee_id != act.me.id else [])
    person = found[0] if found else None
    if person is None or not team_board.may_see(await units(act.session), act.me,
                                                person.unit_id, person.supervisor_id):
        act.answer(act.t("board.refused.person"), alert=True)
        return
    now = act.now()
    today = now.astimezone(person.tz).date()
    period = await load_period(act.session, act.settings, today.replace(day=1), today,
                               Scope(employee_ids=frozenset({person.id})))
    unit = period.units.get(person.unit_id)
    access_log.record(act.session, at=now, viewer=act.me, view=access_log.PERSON_MONTH,
                      first=today.replace(day=1), last=today, subject_id=person.id)
    act.answer()
    act.reply(person_month(period, person.id, name=person.name, nip=person.nip,
                           unit=unit.name if unit else "-", schedule_code=person.schedule_code,
                           tz=person.tz, now=now, lang=act.lang))


def register(app: HadirApp) -> None:
    # private chats only: a team's whereabouts are never shown in a group
    app.add_handler(commands.handler("tim", show_board))
    app.add_handler(CallbackQueryHandler(board_pressed, pattern=BoardCB.pattern("refresh", "page")))
    app.add_handler(CallbackQueryHandler(month_pressed, pattern=MonthCB.pattern()))
