"""/izin (/leave): my requests, latest first, with the buttons to ask for a
new one (``handlers.leave_flow``) and to cancel one that has not started;
the approver's Setujui; and the return from an izin keluar.

Every button re-checks who presses it and the request's status, so a forged,
replayed or stale button changes nothing and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.ext import CallbackQueryHandler

from bot import commands, render
from bot.callbacks import LeaveCB, LeaveFlowCB
from bot.context import Interaction
from bot.leave_views import (
    LIST_REASON_MAX,
    balance_text,
    days_text,
    kind_name,
    request_card,
    span_text,
    status_label,
)
from bot.rules.leave import HOLDING, LeaveStatus, started
from bot.rules.location import SharedLocation, answers_prompt
from bot.rules.task_states import Refusal
from bot.rules.timefmt import local_time
from bot.services import leave, leave_return, prompts
from bot.services.employees import home_timezone
from bot.services.leave_return import OutsideReturn
from bot.task_views import clip
from db.models_day import LeaveRequest
from handlers.kit import publish, registered
from handlers.leave_views import refusal_text

if TYPE_CHECKING:
    from bot.context import HadirApp

CANCEL_PER_ROW = 4


def _line(act: Interaction, n: int, request: LeaveRequest) -> str:
    tz = home_timezone(act.me)
    line = act.t("leave.list.line", n=n, kind=kind_name(request.kind, act.lang),
                 when=span_text(request, tz, act.lang), days=days_text(request, act.lang),
                 status=status_label(request.status, act.lang))
    if request.status == LeaveStatus.REJECTED and request.decision_note:
        line += act.t("leave.list.note", note=clip(request.decision_note, LIST_REASON_MAX))
    return line


@registered
async def my_requests(act: Interaction) -> None:
    now, tz = act.now(), home_timezone(act.me)
    today = now.astimezone(tz).date()
    items = await leave.my_requests(act.session, act.me.id)
    lines = [act.t("leave.list.title"), ""]
    lines += [_line(act, n, r) for n, r in enumerate(items, start=1)] or [
        act.t("leave.list.empty")]
    balance = await leave.annual(act.session, act.settings, act.me.id, today.year)
    lines += ["", balance_text(balance, act.lang)]
    cancellable = [
        InlineKeyboardButton(act.t("leave.button.cancel_n", n=n),
                             callback_data=LeaveCB("cancel", r.id).pack())
        for n, r in enumerate(items, start=1)
        if r.status in HOLDING and not started(leave.span_of(r), now, today)]
    rows = [[InlineKeyboardButton(act.t("leave.button.new"),
                                  callback_data=LeaveFlowCB("new").pack())]]
    rows += [cancellable[i:i + CANCEL_PER_ROW]
             for i in range(0, len(cancellable), CANCEL_PER_ROW)]
    act.reply("\n".join(lines), InlineKeyboardMarkup(rows))


@registered
async def request_button(act: Interaction) -> None:
    """Setujui; Batalkan → Ya, batalkan / Tidak; Saya sudah kembali."""
    data = act.pressed(LeaveCB)
    try:
        if data is None or data.action == "reject":  # Tolak belongs to the flow
            raise Refusal("leave.refused.stale")
        if data.action == "approve":
            await _approve(act, data.request_id)
        elif data.action == "cancel":
            await _ask_cancel(act, data.request_id)
        elif data.action == "drop":
            event = await leave.cancel(act.session, act.me, data.request_id, act.now())
            await publish(act, event)
            told = event.told.name if event.told is not None else ""
            act.answer()
            act.edit(act.t("leave.done.cancelled", kind=kind_name(event.request.kind, act.lang),
                           when=span_text(event.request, home_timezone(act.me), act.lang))
                     + (act.t("leave.done.cancelled_told", name=clip(told, 80)) if told else ""))
        elif data.action == "keep":
            act.answer()
            act.edit(act.t("leave.done.kept"))
        else:
            chat = act.update.effective_chat
            assert chat is not None
            await leave_return.ask_return(act.session, act.me, data.request_id, act.now(), chat.id)
            minutes = max(1, act.settings.location_prompt_window_s // 60)
            act.answer()
            act.reply(f"{act.t('leave.return.ask', minutes=minutes)}\n\n"
                      f"{act.t('location.howto_live')}")
    except Refusal as refused:
        act.answer(refusal_text(act, refused)[:190], alert=True)


async def _approve(act: Interaction, request_id: int) -> None:
    event = await leave.decide(act.session, act.me, request_id, True, None, act.now())
    await publish(act, event)
    query = act.update.callback_query
    compact = bool(query and query.message and getattr(query.message, "caption", None))
    card = request_card(event.request, event.employee, act.lang, compact=compact)
    done = act.t("leave.done.approved", name=clip(event.employee.name, 80),
                 time=local_time(act.now(), home_timezone(act.me)))
    act.answer(act.t("leave.done.approved_short"))
    act.edit(f"{card}\n\n{done}")


async def _ask_cancel(act: Interaction, request_id: int) -> None:
    request = await leave.check_can_cancel_request(act.session, act.me, request_id, act.now())
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(act.t("leave.button.drop"),
                             callback_data=LeaveCB("drop", request.id).pack()),
        InlineKeyboardButton(act.t("leave.button.keep"),
                             callback_data=LeaveCB("keep", request.id).pack())]])
    act.answer()
    act.reply(act.t("leave.ask.cancel", kind=kind_name(request.kind, act.lang),
                    when=span_text(request, home_timezone(act.me), act.lang),
                    status=status_label(request.status, act.lang)), keyboard)


async def location_for_return(act: Interaction, location: SharedLocation,
                              message: Message) -> bool:
    """A location after "Saya sudah kembali" is the return of today's izin
    keluar: True when it was taken (and answered). Costs no query otherwise:
    the prompt is the one ``location_received`` reads next anyway."""
    prompt = await prompts.current_prompt(act.session, act.me.id)
    if prompt is None or prompt.kind != leave_return.RETURN_PROMPT:
        return False
    if not answers_prompt(prompt.asked_at, location.sent_at,
                          act.settings.location_prompt_window_s):
        await prompts.clear_prompt(act.session, act.me.id)  # an old ask: a location as usual
        return False
    try:
        async with act.session.begin_nested():
            result = await leave_return.record_return(act.session, act.settings, act.me, location,
                                               act.now())
    except Refusal as refused:
        await prompts.clear_prompt(act.session, act.me.id)
        act.reply(refusal_text(act, refused))
        return True
    if isinstance(result, OutsideReturn):
        place = clip(result.place, 80) if result.place else act.t("leave.fwa_place")
        act.reply(act.t("leave.return.outside", distance=render.distance(result.distance_m,
                                                                           act.lang),
                        place=place, radius=round(result.radius_m)))
        return True
    await publish(act, result)
    tz = home_timezone(act.me)
    assert result.request.returned_at is not None
    place = clip(result.place, 80) if result.place else act.t("leave.fwa_place")
    act.reply(act.t("leave.return.done", time=local_time(result.request.returned_at, tz),
                    place=place))
    return True


def register(app: HadirApp) -> None:
    app.add_handler(commands.handler("izin", my_requests))
    app.add_handler(CallbackQueryHandler(
        request_button, pattern=LeaveCB.pattern("approve", "cancel", "drop", "keep", "back")))
