"""A supervisor's dispensation: the button on an alert, then the reason.

Tap "Dispensasi" on a mark an alert names, type the reason: the mark is
excused (it stays, it no longer counts), the day's record follows, and the
person is told who excused what and why. The flow is part of the one
ConversationHandler (``handlers.task_flow``). The button is re-checked when
pressed and again when the reason comes, so a forged or stale button, a
presser who is not above the person, or a mark excused meanwhile changes
nothing and says so.
"""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler
from telegram.ext import filters as ptb_filters

from bot import notifier
from bot.callbacks import ExcuseCB
from bot.context import HadirContext, Interaction
from bot.drafts import ExcuseDraft
from bot.notifier.patterns import describe_mark
from bot.rules.task_states import Refusal
from bot.services import excuses
from bot.services.employees import home_timezone
from handlers.kit import registered

REASON = "excuse.reason"  # the flow's one state: waiting for the reason
END = ConversationHandler.END


@registered
async def begin(act: Interaction) -> object:
    data = act.pressed(ExcuseCB)
    try:
        if data is None:
            raise Refusal("patterns.excuse.stale")
        mark, person = await excuses.mark_to_excuse(act.session, act.me, data.mark_id)
    except Refusal as refused:
        act.answer(act.t(refused.key, **refused.values), alert=True)
        return None  # a refused button leaves any flow in progress as it was
    act.user_data.excuse = ExcuseDraft(mark_id=mark.id)
    act.answer()
    act.reply(act.t("patterns.excuse.ask", name=html.escape(person.name),
                    mark=describe_mark(excuses.fact_of(mark), home_timezone(person), act.lang)))
    return REASON


@registered
async def reason_typed(act: Interaction) -> object:
    draft = act.user_data.excuse
    message = act.update.effective_message
    if draft is None or message is None:
        return END
    try:
        async with act.session.begin_nested():  # a refusal leaves no trace
            event = await excuses.excuse(act.session, act.me, draft.mark_id, message.text,
                                         act.now())
    except Refusal as refused:  # a message (HTML): the name of who excused it is escaped
        act.reply(act.t(refused.key, **{name: html.escape(value) if isinstance(value, str)
                                        else value for name, value in refused.values.items()}))
        if refused.key in excuses.RETYPE:
            return None  # the same question stands
        act.user_data.excuse = None
        return END
    await notifier.publish(act.session, event, default_language=act.settings.default_language)
    name = html.escape(event.person.name)
    act.reply(act.t("patterns.excuse.done", name=name, reason=html.escape(event.reason),
                    mark=describe_mark(event.mark, home_timezone(event.person), act.lang)))
    act.user_data.excuse = None
    return END


def entry_points() -> list[BaseHandler[Update, HadirContext, object]]:
    return [CallbackQueryHandler(begin, pattern=ExcuseCB.pattern())]


def states() -> dict[object, list[BaseHandler[Update, HadirContext, object]]]:
    typed = ptb_filters.UpdateType.MESSAGE & ptb_filters.TEXT & ~ptb_filters.COMMAND
    return {REASON: [MessageHandler(typed, reason_typed)]}
