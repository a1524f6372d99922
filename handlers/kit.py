"""Decorators that give each handler one transaction and its employee.

``@registered`` answers unknown accounts with how to get an invite and stops
there; ``@anyone`` lets the handler decide (used by /start). Both commit
before any reply is sent.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from bot import notifier
from bot.context import HadirContext, Interaction
from bot.inbox import inbox_of
from bot.metrics import observe_reply
from bot.services.employees import binding_by_telegram_id
from bot.services.outbox import queued_in
from bot.texts import text
from jobs.outbox import wake_outbox

Handler = Callable[[Interaction], Awaitable[object]]
# PTB's handlers want a coroutine function, not just any awaitable-returning one
PtbCallback = Callable[[Update, HadirContext], Coroutine[Any, Any, object]]


class RepliesFailedAfterCommit(Exception):
    """The change was committed; only telling the user about it failed."""


def _wrap(func: Handler, *, need_employee: bool) -> PtbCallback:
    @functools.wraps(func)
    async def callback(update: Update, context: HadirContext) -> object:
        started = time.perf_counter()  # hadir_reply_latency_seconds: taken up → flushed
        deps = context.deps
        user = update.effective_user
        inbox = inbox_of(context.application)
        async with deps.db.transaction() as session:
            binding = await binding_by_telegram_id(session, user.id) if user else None
            employee = binding.employee if binding and binding.employee.active else None
            if binding is not None and binding.unreachable_since is not None:
                binding.unreachable_since = None  # they write again: they unblocked the bot
            # an inactive account is refused in the language it chose
            known = binding.employee if binding else None
            lang = (known.language if known else None) or deps.settings.default_language
            if context.user_data is not None:
                context.user_data.lang = lang  # for the error handler
            act = Interaction(update, context, session, employee, lang)
            if employee is None and need_employee:
                _refuse_unknown(act)
                result: object = ConversationHandler.END
            else:
                result = await func(act)
            # handled once: the update is marked in the work's transaction. A handler
            # that returns False declined it (the album probe of handlers.albums):
            # the handler that takes it marks it, so a crash in between replays it
            taken = result is not False
            if inbox and taken:
                await inbox.claim(session, update)
        if inbox and taken:
            inbox.claimed(update)
        if queued_in(session):
            wake_outbox(context.application)  # notices the handler queued go out now
        if failures := await act.flush_replies():
            # the change is committed and every part of the reply was tried:
            # report what failed, but let a flow move on to the state the
            # handler chose
            failure = RepliesFailedAfterCommit(
                "; ".join(f"{type(exc).__name__}: {exc}" for exc in failures))
            failure.__cause__ = failures[0]
            await context.application.process_error(update, failure)
        observe_reply(context.application, time.perf_counter() - started)
        return result

    return callback


def _refuse_unknown(act: Interaction) -> None:
    if act.update.callback_query:  # an alert: plain text, short enough to be read whole
        act.answer(text("common.unknown_user_button", act.lang), alert=True)
    elif act.update.effective_message:
        act.reply(text("common.unknown_user", act.lang))


def registered(func: Handler) -> PtbCallback:
    return _wrap(func, need_employee=True)


def anyone(func: Handler) -> PtbCallback:
    return _wrap(func, need_employee=False)


async def publish(act: Interaction, *events: notifier.Happened) -> None:
    """Tell whoever the changes concern, through the notifier, in this update's
    transaction (the outbox is woken once it has committed)."""
    await notifier.publish(act.session, *events, default_language=act.settings.default_language)
