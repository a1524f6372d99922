"""The one error handler: log with traceback, tell the user, tell the admin."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import HadirContext
from bot.texts import text

log = logging.getLogger(__name__)


async def on_error(update: object, context: HadirContext) -> None:
    log.error("error while handling update %s", getattr(update, "update_id", None),
              exc_info=context.error)
    settings = context.deps.settings
    lang = settings.default_language
    if isinstance(update, Update):
        try:
            if update.callback_query:
                await update.callback_query.answer(text("common.error", lang), show_alert=True)
            elif update.effective_message and update.message:
                await update.effective_message.reply_text(text("common.error", lang))
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)
    if settings.admin_chat_id:
        body = text("common.admin_error", lang,
                    update_id=getattr(update, "update_id", "-"),
                    error=html.escape(f"{type(context.error).__name__}: {context.error}"[:500]))
        try:
            await context.bot.send_message(settings.admin_chat_id, body)
        except TelegramError:
            log.warning("could not tell the admin chat about the error", exc_info=True)
