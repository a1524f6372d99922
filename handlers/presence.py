"""Answers to a mid-day presence check, and the reason for an absence.

``answer_presence`` is called first by the attendance location handler: a
location sent while one of the person's presence checks is open answers it
(unless a /masuk or /pulang waits for that location). ``position_answers``
is called by the live-location edit handler. The reason is one tap and a
few words: the button under "mid-day absence recorded" joins the one
ConversationHandler of ``handlers.task_flow``.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import notifier, render
from bot.callbacks import PresenceCB
from bot.context import Deps, HadirContext, Interaction
from bot.rules.location import SharedLocation, answers_prompt
from bot.rules.presence import FWA_PLACE
from bot.rules.timefmt import local_time, long_date
from bot.services import presence_answers, prompts
from bot.services.employees import home_timezone
from bot.services.presence_answers import (
    REASON_MAX,
    AlreadyAnswered,
    Answered,
    Refused,
    TooLate,
)
from db.models import PositionSample
from handlers.kit import registered

REASON = "presence.reason"  # the flow's one state (state names must not collide: task_flow checks)
END = ConversationHandler.END


def _place(act: Interaction, name: str | None) -> str:
    return act.t("presence.fwa_place") if name == FWA_PLACE else html.escape(name or "")


async def answer_presence(act: Interaction, location: SharedLocation, message: Message) -> bool:
    """Answer an open presence check with this location; False when the
    location is not about one (then it is a check-in or check-out as usual)."""
    if act.employee is None:
        return False
    found = await presence_answers.open_ask(act.session, act.settings, act.me.id,
                                            location.sent_at)
    if found is None:
        return False
    prompt = await prompts.current_prompt(act.session, act.me.id)
    if (prompt is not None and prompt.kind
            and answers_prompt(prompt.asked_at, location.sent_at,
                               act.settings.location_prompt_window_s)):
        return False  # /masuk or /pulang asked for this location
    outcome = await presence_answers.answer_with_location(act.session, act.settings, act.me,
                                                          found, location, act.now())
    tz = home_timezone(act.me)
    ask, at = found.ask, local_time(found.check_at, tz)
    match outcome:
        case Refused(problem=problem):
            act.reply(act.t(f"location.{problem.value}", accuracy=round(location.accuracy_m or 0),
                            limit=round(act.settings.max_location_accuracy_m)))
        case AlreadyAnswered():
            act.reply(act.t("presence.already", time=at,
                            answered=local_time(ask.answered_at or ask.asked_at, tz)))
        case TooLate():
            act.reply(act.t("presence.too_late", time=at, due=local_time(ask.due_at, tz)))
        case Answered(corrected=corrected) if corrected is not None:
            await notifier.publish(act.session, corrected,
                                   default_language=act.settings.default_language)
            act.reply(act.t("presence.corrected", seen=local_time(location.sent_at, tz),
                            place=_place(act, ask.place), time=at))
        case Answered() if ask.result == "present":
            act.reply(act.t("presence.present", time=at, place=_place(act, ask.place)))
        case Answered(radius_m=radius):
            act.reply(act.t("presence.away", seen=local_time(location.sent_at, tz), time=at,
                            distance=render.distance(ask.distance_m or 0, act.lang),
                            place=_place(act, ask.place), radius=round(radius)))
    return True


async def position_answers(session: AsyncSession, deps: Deps, sample: PositionSample) -> None:
    """A kept position of the check-in's live location may answer an open check."""
    seen = await presence_answers.answer_from_position(session, deps.settings, sample)
    if seen:
        await notifier.publish(session, *seen, default_language=deps.settings.default_language)


# --- the reason, in one tap and a few words ------------------------------------------


def _when(facts: dict[str, object], tz: ZoneInfo, lang: str) -> tuple[str, str]:
    at = datetime.fromisoformat(str(facts["check_at"]))
    return local_time(at, tz), long_date(at.astimezone(tz).date(), lang)


@registered
async def ask_reason(act: Interaction) -> object:
    data = act.pressed(PresenceCB)
    found = await presence_answers.absence_to_explain(
        act.session, act.me, data.mark_id if data is not None else None)
    if isinstance(found, str):
        act.answer(act.t(found), alert=True)
        return None  # a refused button leaves any flow in progress as it was
    act.user_data.absence_reason = found.id
    time, day = _when(found.facts, home_timezone(act.me), act.lang)
    act.answer()
    act.reply(act.t("presence.reason.ask", time=time, date=day, limit=REASON_MAX))
    return REASON


@registered
async def reason_typed(act: Interaction) -> object:
    message = act.update.effective_message
    typed = (message.text if message is not None else None) or ""
    typed = typed.strip()
    if not typed:
        act.reply(act.t("presence.reason.empty"))
        return None
    if len(typed) > REASON_MAX:
        act.reply(act.t("presence.reason.too_long", length=len(typed), limit=REASON_MAX))
        return None
    given = await presence_answers.give_reason(act.session, act.me, act.user_data.absence_reason,
                                               typed, act.now())
    act.user_data.absence_reason = None
    if isinstance(given, str):
        act.reply(act.t(given))
        return END
    await notifier.publish(act.session, given, default_language=act.settings.default_language)
    manager = given.absence.manager
    if manager is not None:
        act.reply(act.t("presence.reason.sent", manager=html.escape(manager.name)))
    else:
        act.reply(act.t("presence.reason.saved"))
    return END


def entry_points() -> list[BaseHandler[Update, HadirContext, object]]:
    return [CallbackQueryHandler(ask_reason, pattern=PresenceCB.pattern("reason"))]


def states() -> dict[object, list[BaseHandler[Update, HadirContext, object]]]:
    typed = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return {REASON: [MessageHandler(typed, reason_typed)]}

