"""/izin → "Ajukan": a new leave or permission request in a few taps, and
the approver's "Tolak" (a reason is required).

Kind → whole days (start, end: quick picks, a calendar, or a typed
DD-MM-YYYY / DD-MM) or part of one day (the date, then from–until) → reason
→ an attachment or "Lewati" → for FWA/WFH the place (a location) → summary
with Kirim / Batal. Izin keluar: purpose → expected return today → summary.
Each step checks what it can at once (dates, overlap, the CT balance), and
everything is checked again when it is sent. The flow is one of those of
``handlers.task_flow``: starting another ends it, /batal cancels it.
"""

from __future__ import annotations

import html
import secrets

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.callbacks import FLOW_ID_MAX, CalendarCB, LeaveCB, LeaveFlowAction, LeaveFlowCB
from bot.context import HadirContext, Interaction
from bot.drafts import LeaveDraft, LeaveRejectDraft
from bot.rules.leave import KINDS, LeaveKind, check_reason, whole_days_only
from bot.rules.task_states import Refusal
from bot.services import leave
from handlers import leave_dates, task_new
from handlers.albums import evidence_of, refused_as_too_large
from handlers.kit import PtbCallback, publish, registered
from handlers.leave_steps import (
    ATTACHMENT,
    BACK_AT,
    CONFIRM,
    END,
    END_DATE,
    KIND,
    PLACE,
    REASON,
    REJECT_REASON,
    SHAPE,
    START,
    TIMES,
    ask_confirm,
    ask_return,
    ask_start,
    draft_of,
    kind_in,
    new_leave,
    refuse,
    stale,
    today,
    typed,
)
from handlers.leave_views import (
    ask_kind_text,
    kind_keyboard,
    refusal_text,
    shape_keyboard,
    skip_keyboard,
)

# --- kind, and whole days or part of one ----------------------------------------


@registered
async def start(act: Interaction) -> object:
    """"Ajukan izin/cuti" under /izin."""
    if await leave.approver_of(act.session, act.me) is None:
        act.answer(act.t("leave.refused.no_approver")[:190], alert=True)
        return None
    draft = LeaveDraft(flow=secrets.randbelow(FLOW_ID_MAX) + 1)
    act.user_data.leave = draft
    balance = await leave.annual(act.session, act.settings, act.me.id, today(act).year)
    act.answer()
    act.reply(ask_kind_text(act, balance), kind_keyboard(act, draft))
    return KIND


@registered
async def kind_chosen(act: Interaction) -> object:
    draft, data = draft_of(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action != "kind" or data.value >= len(KINDS):
        stale(act)
        return None
    kind = KINDS[data.value]
    draft.kind = kind.value
    act.answer()
    act.edit(act.t("leave.chosen", kind=act.t(f"leave.kind.{kind.value}")))
    if kind is LeaveKind.IK:
        act.reply(act.t("leave.ask.ik_purpose"))
        return REASON
    if whole_days_only(kind):
        return ask_start(act, draft)
    act.reply(act.t("leave.ask.shape"), shape_keyboard(act, draft))
    return SHAPE


@registered
async def shape_chosen(act: Interaction) -> object:
    draft, data = draft_of(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action not in ("whole", "part"):
        stale(act)
        return None
    draft.part_of_day = data.action == "part"
    act.answer()
    return ask_start(act, draft)


@registered
async def reason_given(act: Interaction) -> object:
    draft = draft_of(act)
    if draft is None:
        stale(act)
        return END
    try:
        draft.reason = check_reason(typed(act))
    except Refusal as refused:
        refuse(act, refused)
        return None
    if kind_in(draft) is LeaveKind.IK:
        return await ask_return(act, draft)
    hint = "leave.ask.attachment_cs" if draft.kind == LeaveKind.CS else "leave.ask.attachment"
    act.reply(act.t(hint), skip_keyboard(act, draft))
    return ATTACHMENT


@registered
async def attachment_given(act: Interaction) -> object:
    draft = draft_of(act)
    message = act.update.effective_message
    if draft is None or message is None:
        stale(act)
        return END
    if act.update.callback_query is None:
        if refused_as_too_large(act, message):
            return None  # the same step: a smaller file, or Lewati
        file = evidence_of(message)
        if file is None:
            act.reply(act.t("leave.ask.attachment"), skip_keyboard(act, draft))
            return None
        draft.attachment_kind, draft.attachment_file_id = file.kind, file.file_id
        draft.attachment_name, draft.album = file.name, message.media_group_id
    else:
        act.answer()
    if kind_in(draft) is LeaveKind.FWA:
        act.reply(act.t("leave.ask.place"))
        return PLACE
    return await ask_confirm(act, draft)


@registered
async def place_given(act: Interaction) -> object:
    draft = draft_of(act)
    message = act.update.effective_message
    if draft is None or message is None or message.location is None:
        stale(act)
        return END
    draft.latitude, draft.longitude = message.location.latitude, message.location.longitude
    return await ask_confirm(act, draft)


@registered
async def place_hint(act: Interaction) -> object:
    act.reply(act.t("leave.ask.place"))
    return None


@registered
async def album_rest(act: Interaction) -> object:
    """A later file of the album whose first file is the attachment is passed
    over; any other file is no answer to this step."""
    draft = act.user_data.leave
    message = act.update.effective_message
    if draft is None or message is None or not draft.album or (
            message.media_group_id != draft.album):
        place_asked = draft is not None and draft.kind == LeaveKind.FWA and (
            draft.latitude is None)
        act.reply(act.t("leave.ask.place" if place_asked else "tasks.flow.choose_button"))
    return None


# --- summary, send -----------------------------------------------------------------


@registered
async def confirm(act: Interaction) -> object:
    draft, data = draft_of(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action != "send":
        stale(act)
        return None
    try:
        async with act.session.begin_nested():  # a refusal leaves no trace
            event = await leave.submit(act.session, act.settings, act.me,
                                       new_leave(draft, act.now()), act.now())
    except Refusal as refused:
        act.answer()
        act.reply(refusal_text(act, refused) + "\n\n" + act.t("leave.flow.start_again"))
        act.user_data.leave = None
        return END
    await publish(act, event)
    act.answer()
    act.edit(act.t("leave.done.sent", kind=act.t(f"leave.kind.{event.request.kind}"),
                   name=html.escape(event.receiver.name)))
    act.user_data.leave = None
    return END


@registered
async def cancel_pressed(act: Interaction) -> object:
    return await task_new.end_flow(act)


# --- the approver's Tolak ------------------------------------------------------------


@registered
async def reject_pressed(act: Interaction) -> object:
    data = act.pressed(LeaveCB)
    try:
        if data is None or data.action != "reject":
            raise Refusal("leave.refused.stale")
        request, requester = await leave.check_can_decide_request(act.session, act.me,
                                                                  data.request_id)
    except Refusal as refused:
        act.answer(refusal_text(act, refused)[:190], alert=True)
        return None  # a refused button leaves any flow in progress as it was
    act.user_data.leave_reject = LeaveRejectDraft(request.id)
    act.answer()
    act.reply(act.t("leave.ask.reject_reason", name=html.escape(requester.name)))
    return REJECT_REASON


@registered
async def reject_reason(act: Interaction) -> object:
    draft = act.user_data.leave_reject
    if draft is None:
        stale(act)
        return END
    try:
        async with act.session.begin_nested():
            event = await leave.decide(act.session, act.me, draft.request_id, False,
                                       typed(act), act.now())
    except Refusal as refused:
        act.reply(refusal_text(act, refused))
        if refused.key.startswith("leave.refused.note_"):
            return None  # write a longer one
        act.user_data.leave_reject = None
        return END
    await publish(act, event)
    act.reply(act.t("leave.done.rejected", name=html.escape(event.employee.name)))
    act.user_data.leave_reject = None
    return END


def entry_points() -> list[BaseHandler[Update, HadirContext, object]]:
    return [CallbackQueryHandler(start, pattern=LeaveFlowCB.pattern("new")),
            CallbackQueryHandler(reject_pressed, pattern=LeaveCB.pattern("reject"))]


def states() -> dict[object, list[BaseHandler[Update, HadirContext, object]]]:
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND  # an edit is no answer
    files = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.ALL)
    location = filters.UpdateType.MESSAGE & filters.LOCATION

    def pressed(callback: PtbCallback, *actions: LeaveFlowAction) -> CallbackQueryHandler[
            HadirContext, object]:
        return CallbackQueryHandler(callback, pattern=LeaveFlowCB.pattern(*actions))

    cancel = pressed(cancel_pressed, "cancel")
    buttons_only = MessageHandler(text, task_new.choose_a_button)
    days = leave_dates
    calendar = CalendarCB.pattern()
    return {
        KIND: [pressed(kind_chosen, "kind"), cancel, buttons_only],
        SHAPE: [pressed(shape_chosen, "whole", "part"), cancel, buttons_only],
        START: [pressed(days.day_picked, "start"), pressed(days.noop, "noop"), cancel,
                CallbackQueryHandler(days.start_calendar, pattern=calendar),
                MessageHandler(text, days.start_typed)],
        END_DATE: [pressed(days.day_picked, "end"), pressed(days.noop, "noop"), cancel,
                   CallbackQueryHandler(days.end_calendar, pattern=calendar),
                   MessageHandler(text, days.end_typed)],
        TIMES: [pressed(days.time_picked, "time"), cancel, MessageHandler(text, days.times_typed)],
        BACK_AT: [pressed(days.time_picked, "time"), cancel,
                  MessageHandler(text, days.times_typed)],
        REASON: [MessageHandler(text, reason_given)],
        ATTACHMENT: [MessageHandler(files, attachment_given), pressed(attachment_given, "skip"),
                     cancel, MessageHandler(text, attachment_given)],
        PLACE: [MessageHandler(location, place_given), MessageHandler(files, album_rest), cancel,
                MessageHandler(text, place_hint)],
        CONFIRM: [pressed(confirm, "send"), cancel, MessageHandler(files, album_rest),
                  buttons_only],
        REJECT_REASON: [MessageHandler(text, reject_reason)],
    }
