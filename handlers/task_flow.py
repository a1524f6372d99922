"""One flow at a time: /tugasbaru, the task buttons that ask for text
(progress, done, extension, return, reject), the reason for a mid-day
absence, a supervisor's dispensation (the reason for excusing a mark), the
new leave request of /izin and the approver's Tolak share one
ConversationHandler.

Starting any of them ends the one in progress, so a note typed for one can
never land in the other. /batal ends it. Any other command ends it too and
then runs as usual, so /masuk or /status never get stuck behind a flow.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import commands
from bot.context import HadirContext, Interaction
from handlers import (
    attendance,
    excuse,
    help,
    leave,
    leave_flow,
    recap,
    status,
    task_input,
    task_new,
    tasks,
    team_board,
)
from handlers import presence as presence_handlers
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
        "bahasa": help.choose_language, "izin": leave.my_requests,
        "tim": team_board.show_board, "rekap": recap.recap,
    }
    return [commands.handler(name, _leave_flow_then(callback), chats=None)
            for name, callback in others.items()]


States = dict[object, list[BaseHandler[Update, HadirContext, object]]]


def _states(*parts: States) -> States:
    """The states of every flow in one mapping; two flows naming a state alike
    would silently take each other's answers, so that is refused here."""
    merged: States = {}
    for part in parts:
        if clash := merged.keys() & part.keys():
            raise ValueError(f"flow states named twice: {sorted(map(str, clash))}")
        merged |= part
    return merged


def conversation() -> ConversationHandler[HadirContext]:
    with warnings.catch_warnings():
        # per_message=False on purpose: the flow follows the person, not one message
        warnings.filterwarnings("ignore", message="If 'per_message=False'")
        return ConversationHandler(
            entry_points=[*task_new.entry_points(), *task_input.entry_points(),
                          *presence_handlers.entry_points(), *excuse.entry_points(),
                          *leave_flow.entry_points()],
            states=_states(task_new.states(), task_input.states(), presence_handlers.states(),
                           excuse.states(), leave_flow.states()),
            fallbacks=[
                commands.handler("batal", cancel, chats=None),
                *_other_commands(),
                MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.LOCATION,
                               expected_text),
            ],
            allow_reentry=True,
            conversation_timeout=TIMEOUT_S,
            name="task_flow",
            # kept in the database (bot.persistence): a restart or a takeover keeps
            # the flow where it was. PTB warns against ConversationHandler with
            # concurrent updates; bot.pipeline handles one person's updates one
            # after another, which is what it needs.
            persistent=True,
        )


def register(app: HadirApp) -> None:
    app.add_handler(conversation())
