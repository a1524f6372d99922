"""The one error handler: log with traceback, tell the user, tell the admin.

The admin chat hears of each kind of error (exception type and the handler
it came from) at most once an hour, with how often it recurred since the last
message (``bot.services.alerts``), so a broken handler cannot flood it.
"""

from __future__ import annotations

import html
import logging
from types import TracebackType

from telegram import Update
from telegram.error import TelegramError

from bot.cli_support import redact, secrets
from bot.context import HadirContext
from bot.services.alerts import queue_error_alert
from bot.texts import text
from handlers.kit import RepliesFailedAfterCommit
from jobs.outbox import wake_outbox

log = logging.getLogger(__name__)
FALLBACK_KEY = "error_alerts_sent"  # bot_data: kinds told directly while the database was away


def _describe(update: object) -> str:
    """Which update, without its content (it may hold a location: personal data)."""
    if not isinstance(update, Update):
        return repr(type(update).__name__)
    user = update.effective_user.id if update.effective_user else "-"
    chat = update.effective_chat.id if update.effective_chat else "-"
    return f"{update.update_id} (user {user}, chat {chat})"


def _frames(tb: TracebackType | None) -> list[str]:
    names = []
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module.startswith("handlers.") and module not in ("handlers.kit", __name__):
            names.append(f"{module.removeprefix('handlers.')}.{tb.tb_frame.f_code.co_name}")
        tb = tb.tb_next
    return names


def _where(error: BaseException | None, update: object) -> str:
    """The handler the error came from, else what kind of update it was."""
    for exc in (error, error.__cause__ if error else None):
        if exc is not None and (names := _frames(exc.__traceback__)):
            return names[0]
    if isinstance(update, Update):
        if update.callback_query and update.callback_query.data:
            return "button " + ":".join(update.callback_query.data.split(":")[:2])
        message = update.effective_message
        if message and message.text and message.text.startswith("/"):
            return message.text.split()[0].split("@")[0][:32]
        return "update"
    return "-"


def error_kind(error: BaseException | None, update: object) -> str:
    return f"{type(error).__name__} in {_where(error, update)}"


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
        await _tell_admins(update, context, settings.admin_chat_id)


async def _tell_admins(update: object, context: HadirContext, chat_id: int) -> None:
    deps, error = context.deps, context.error
    lang = deps.settings.default_language
    kind = error_kind(error, update)
    now = deps.clock.now()
    # a driver's error may quote the database address: never the password, nor the token
    hidden = secrets(deps.settings.token, deps.settings.database_url)

    def render(repeats: int) -> str:
        body = text("common.admin_error", lang, update_id=getattr(update, "update_id", "-"),
                    error=html.escape(redact(f"{type(error).__name__}: {error}", hidden)[:500]))
        return body + (text("outbox.admin_error_repeats", lang, count=repeats)
                       if repeats else "")

    try:
        async with deps.db.transaction() as session:
            queued = await queue_error_alert(session, chat_id=chat_id, kind=kind, now=now,
                                             render=render)
    except Exception:  # the database itself may be what failed: tell them directly, hourly
        log.warning("could not queue the admin alert", exc_info=True)
        told: set[tuple[str, str]] = context.application.bot_data.setdefault(FALLBACK_KEY, set())
        if (kind, f"{now:%Y%m%d%H}") in told:
            return
        told.add((kind, f"{now:%Y%m%d%H}"))
        try:
            await context.bot.send_message(chat_id, render(0))
        except TelegramError:
            log.warning("could not tell the admin chat about the error", exc_info=True)
        return
    if queued:
        wake_outbox(context.application)
