"""/start CODE: bind this Telegram account to the employee the invite names."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from bot import commands
from bot.context import Interaction
from bot.menus import publish_after_commit
from bot.services.invites import Bound, redeem_invite
from handlers.kit import anyone

if TYPE_CHECKING:
    from bot.context import HadirApp

CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@anyone
async def start(act: Interaction) -> None:
    args = act.context.args or []
    code = args[0] if len(args) == 1 else ""
    if not code:
        if act.employee is not None:
            act.reply(act.t("start.already", name=html.escape(act.employee.name)))
        else:
            act.reply(act.t("common.unknown_user"))
        return
    if not CODE.match(code):
        act.reply(act.t("start.invite_unknown"))
        return
    user = act.update.effective_user
    chat = act.update.effective_chat
    assert user is not None and chat is not None
    outcome = await redeem_invite(act.session, code, telegram_user_id=user.id, chat_id=chat.id,
                                  username=user.username, now=act.now())
    if not isinstance(outcome, Bound):
        act.reply(act.t(f"start.invite_{outcome.reason}" if outcome.reason != "account_taken"
                        else "start.account_taken"))
        return
    employee = outcome.employee
    act.lang = employee.language or act.settings.default_language
    act.reply(act.t("start.welcome", name=html.escape(employee.name), nip=employee.nip,
                    unit=html.escape(employee.unit.name),
                    retention=act.settings.location_retention_days))
    if outcome.rebound:
        act.reply(act.t("start.rebound"))
    publish_after_commit(act, employee.id)  # a supervisor's chat gets the supervisors' menu


def register(app: HadirApp) -> None:
    app.add_handler(commands.handler("start", start))
