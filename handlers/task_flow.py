"""One flow at a time: /tugasbaru, the task buttons that ask for text
(progress, done, extension, return, reject) and a supervisor's dispensation
(the reason for excusing a mark) share one ConversationHandler.

Starting any of them ends the one in progress, so a note typed for one can
never land in the other. /batal ends it. Any other command ends it too and
then runs as usual, so /masuk or /status never get stuck behind a flow.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot import commands
from bot.context import HadirContext, Interaction
from handlers import attendance, excuse, help, status, task_input, task_new, tasks
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp

END = ConversationHandler.END
TIMEOUT_S = 15 * 60
Callback = Callable[[Update, HadirContext], Coroutine[Any, Any, object]]


@registered
async def cancel(act: Interaction) -> object:
    return await task_new.end_flow(act)


@registered
async def expected_text(act: Interaction) -> object:
    act.reply(act.t("tasks.flow.expected_text"))
    return None


def _leave_flow_then(callback: Callback) -> Callback:
    async def run(update: Update, context: HadirContext) -> object:
        await callback(update, context)
        return END

    return run


def _other_commands() -> list[CommandHandler[HadirContext, object]]:
    others: dict[str, Callback] = {
        "masuk": attendance.check_in, "pulang": attendance.check_out, "status": status.status,
        "tugas": tasks.my_tasks, "tugastim": tasks.team_tasks, "bantuan": help.help_command,
        "bahasa": help.choose_language,
    }
    return [commands.handler(name, _leave_flow_then(callback), chats=None)
            for name, callback in others.items()]


def conversation() -> ConversationHandler[HadirContext]:
    with warnings.catch_warnings():
        # per_message=False on purpose: the flow follows the person, not one message
        warnings.filterwarnings("ignore", message="If 'per_message=False'")
        return ConversationHandler(
            entry_points=[*task_new.entry_points(), *task_input.entry_points(),
                          *excuse.entry_points()],
            states={**task_new.states(), **task_input.states(), **excuse.states()},
            fallbacks=[
                commands.handler("batal", cancel, chats=None),
                *_other_commands(),
                MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.LOCATION,
                               expected_text),
            ],
            allow_reentry=True,
            conversation_timeout=TIMEOUT_S,
            name="task_flow",
        )


def register(app: HadirApp) -> None:
    app.add_handler(conversation())
