"""What nothing else handled: unknown commands, free text, stale buttons.

Unknown accounts always get the invite explanation (via ``registered``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import commands
from bot.context import HadirContext, Interaction
from bot.texts import text
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp


@registered
async def unknown_command(act: Interaction) -> None:
    act.reply(act.t("common.unknown_command"))


@registered
async def other_message(act: Interaction) -> None:
    act.reply(act.t("common.text_hint"))


@registered
async def unknown_button(act: Interaction) -> None:
    act.answer(act.t("common.stale_button"), alert=True)


async def group_command(update: Update, context: HadirContext) -> None:
    """Attendance and tasks are personal: never answered where others read."""
    if update.effective_chat is not None:
        message = update.effective_message
        await context.bot.send_message(
            update.effective_chat.id,
            message_thread_id=message.message_thread_id if message and message.is_topic_message
            else None,
            text=text("common.private_only", context.deps.settings.default_language,
                 bot=context.bot.username))


def register(app: HadirApp) -> None:
    # only Hadir's own commands (CommandHandler skips /cmd@another_bot)
    app.add_handler(commands.handler(list(commands.BY_NAME), group_command,
                                     chats=filters.ChatType.GROUPS))
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private, other_message))
    app.add_handler(CallbackQueryHandler(unknown_button))
