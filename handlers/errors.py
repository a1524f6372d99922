"""The one error handler: log with traceback, tell the user, tell the admin."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import HadirContext
from bot.texts import text
from handlers.kit import RepliesFailedAfterCommit

log = logging.getLogger(__name__)


def _describe(update: object) -> str:
    """Which update, without its content (it may hold a location: personal data)."""
    if not isinstance(update, Update):
        return repr(type(update).__name__)
    user = update.effective_user.id if update.effective_user else "-"
    chat = update.effective_chat.id if update.effective_chat else "-"
    return f"{update.update_id} (user {user}, chat {chat})"


async def on_error(update: object, context: HadirContext) -> None:
    log.error("error while handling update %s", _describe(update), exc_info=context.error)
    settings = context.deps.settings
    lang = (context.user_data.lang if context.user_data else None) or settings.default_language
    key = ("common.error_after_save" if isinstance(context.error, RepliesFailedAfterCommit)
           else "common.error")
    if isinstance(update, Update):
        try:
            if update.callback_query:
                await update.callback_query.answer(text(key, lang)[:200], show_alert=True)
            elif update.effective_message and update.message:
                await update.effective_message.reply_text(text(key, lang))
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)
    if settings.admin_chat_id:
        body = text("common.admin_error", settings.default_language,
                    update_id=getattr(update, "update_id", "-"),
                    error=html.escape(f"{type(context.error).__name__}: {context.error}"[:500]))
        try:
            await context.bot.send_message(settings.admin_chat_id, body)
        except TelegramError:
            log.warning("could not tell the admin chat about the error", exc_info=True)
