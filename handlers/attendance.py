"""/masuk and /pulang with a live location; later live-location edits.

Private chats only: attendance is personal data and never shown in a group."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import commands, render
from bot.callbacks import CheckKindCB
from bot.context import HadirContext, Interaction
from bot.rules.location import SharedLocation, answers_prompt, location_problem
from bot.services import attendance, positions, prompts
from bot.services.attendance import IN, OUT, OutsideOffice
from bot.services.outbox import queued_in
from handlers import leave as leave_handlers
from handlers import presence as presence_handlers
from handlers.kit import registered
from jobs.outbox import wake_outbox

if TYPE_CHECKING:
    from bot.context import HadirApp


def shared_location(message: Message) -> SharedLocation:
    location = message.location
    assert location is not None
    return SharedLocation(
        latitude=location.latitude, longitude=location.longitude, sent_at=message.date,
        live_period=location.live_period, accuracy_m=location.horizontal_accuracy,
        forwarded=message.forward_origin is not None, via_bot=message.via_bot is not None,
    )


async def _refusal(act: Interaction, kind: str, at: datetime) -> attendance.CheckResult | None:
    """Why a /masuk or /pulang sent at ``at`` cannot be recorded, if it cannot."""
    if kind == IN:  # in the zone of each office: the location shows which one
        return await attendance.check_in_refusal(act.session, act.settings, act.me, at)
    target = await attendance.check_out_target(act.session, act.settings, act.me, at)
    return None if isinstance(target, attendance.OpenCheckIn) else target


async def _ask(act: Interaction, kind: str) -> None:
    message = act.update.effective_message
    assert message is not None
    if (refusal := await _refusal(act, kind, message.date)) is not None:
        act.reply(render.check_result(kind, refusal, act.lang))
        return
    await prompts.ask_for_location(act.session, act.me.id, kind, message.date, message.chat_id)
    minutes = max(1, act.settings.location_prompt_window_s // 60)
    ask = act.t("checkin.ask" if kind == IN else "checkout.ask", minutes=minutes)
    if act.settings.require_live_location:
        act.reply(f"{ask}\n\n{act.t('location.howto_live')}")
    else:
        button = KeyboardButton(act.t("location.button"), request_location=True)
        keyboard = ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
        act.reply(f"{ask}\n\n{act.t('location.howto_button')}", keyboard)


@registered
async def check_in(act: Interaction) -> None:
    await _ask(act, IN)


@registered
async def check_out(act: Interaction) -> None:
    await _ask(act, OUT)


async def _record(act: Interaction, kind: str, location: SharedLocation, message_id: int,
                  chat_id: int) -> attendance.CheckResult:
    record = attendance.record_check_in if kind == IN else attendance.record_check_out
    result = await record(act.session, act.settings, act.me, location, chat_id=chat_id,
                          message_id=message_id, now=act.now())
    if not isinstance(result, OutsideOffice):  # outside: they may try again in the window
        await prompts.clear_prompt(act.session, act.me.id)
    return result


@registered
async def location_received(act: Interaction) -> None:
    message = act.update.effective_message
    assert message is not None
    location = shared_location(message)
    if await presence_handlers.answer_presence(act, location, message):
        return
    problem = location_problem(location, require_live=act.settings.require_live_location,
                               max_accuracy_m=act.settings.max_location_accuracy_m)
    if problem is not None:
        act.reply(act.t(f"location.{problem.value}", accuracy=round(location.accuracy_m or 0),
                        limit=round(act.settings.max_location_accuracy_m)))
        return
    if await leave_handlers.location_for_return(act, location, message):
        return
    prompt = await prompts.current_prompt(act.session, act.me.id)
    window = act.settings.location_prompt_window_s
    if prompt is not None and prompt.kind and answers_prompt(prompt.asked_at, location.sent_at,
                                                             window):
        result = await _record(act, prompt.kind, location, message.message_id, message.chat_id)
        markup = None if act.settings.require_live_location else ReplyKeyboardRemove()
        act.reply(render.check_result(prompt.kind, result, act.lang,
                                      act.settings.apel_weekdays), markup)
        return
    await prompts.park_location(act.session, act.me.id, location, chat_id=message.chat_id,
                                message_id=message.message_id)
    buttons = [
        InlineKeyboardButton(act.t("location.button_in"),
                             callback_data=CheckKindCB(IN, message.message_id).pack()),
        InlineKeyboardButton(act.t("location.button_out"),
                             callback_data=CheckKindCB(OUT, message.message_id).pack()),
    ]
    act.reply(act.t("location.which"), InlineKeyboardMarkup([buttons]))


@registered
async def kind_chosen(act: Interaction) -> None:
    """The employee tells what a location that came without a prompt was for."""
    query = act.update.callback_query
    assert query is not None
    data = CheckKindCB.unpack(query.data)
    prompt = await prompts.current_prompt(act.session, act.me.id)
    if (data is None or prompt is None or prompt.kind is not None
            or prompt.location_message_id != data.message_id
            or query.message is None or prompt.chat_id != query.message.chat.id):
        act.answer(act.t("common.stale_button"), alert=True)
        return
    if not answers_prompt(prompt.asked_at, act.now(), act.settings.location_prompt_window_s):
        await prompts.clear_prompt(act.session, act.me.id)
        act.answer()
        act.edit(act.t("location.expired"))
        return
    assert prompt.latitude is not None and prompt.longitude is not None
    location = SharedLocation(latitude=prompt.latitude, longitude=prompt.longitude,
                              sent_at=prompt.asked_at, live_period=prompt.live_period,
                              accuracy_m=prompt.accuracy_m)
    result = await _record(act, data.kind, location, data.message_id, prompt.chat_id)
    if isinstance(result, OutsideOffice):  # the location will not move: nothing left to choose
        await prompts.clear_prompt(act.session, act.me.id)
    act.answer()
    act.edit(render.check_result(data.kind, result, act.lang, act.settings.apel_weekdays))


async def live_location_moved(update: Update, context: HadirContext) -> None:
    """Keep a later position of the live location that made a check-in.

    Never replies: a live location is edited every few seconds. The service
    throttles and bounds what is kept; most edits cost one query."""
    message = update.edited_message
    if (message is None or message.location is None or message.edit_date is None
            or message.from_user is None):
        return
    deps = context.deps
    async with deps.db.transaction() as session:
        sample = await positions.add_position_sample(
            session, deps.settings, telegram_user_id=message.from_user.id,
            chat_id=message.chat_id, message_id=message.message_id,
            sampled_at=message.edit_date, latitude=message.location.latitude,
            longitude=message.location.longitude,
            accuracy_m=message.location.horizontal_accuracy,
        )
        if sample is not None:  # a kept position may answer an open presence check
            await presence_handlers.position_answers(session, deps, sample)
    if queued_in(session):
        wake_outbox(context.application)


def register(app: HadirApp) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(commands.handler("masuk", check_in))
    app.add_handler(commands.handler("pulang", check_out))
    app.add_handler(MessageHandler(
        filters.UpdateType.MESSAGE & filters.LOCATION & private, location_received))
    app.add_handler(MessageHandler(
        filters.UpdateType.EDITED_MESSAGE & filters.LOCATION & private, live_location_moved))
    app.add_handler(CallbackQueryHandler(kind_chosen, pattern=CheckKindCB.pattern()))
