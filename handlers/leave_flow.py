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
from datetime import date, datetime, timedelta

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import FLOW_ID_MAX, CalendarCB, LeaveCB, LeaveFlowCB
from bot.context import HadirContext, Interaction
from bot.drafts import LeaveDraft, LeaveRejectDraft
from bot.events.leave import Attachment
from bot.rules.leave import (
    KINDS,
    LeaveKind,
    check_reason,
    check_start,
    kind_of,
    parse_day,
    parse_time,
    parse_time_range,
    whole_days_only,
)
from bot.rules.schedule import work_period
from bot.rules.task_states import Refusal
from bot.rules.timefmt import long_date
from bot.services import leave
from bot.services.employees import home_timezone, schedule_rows
from bot.services.leave import NewLeave
from handlers import task_new
from handlers.albums import evidence_of
from handlers.kit import publish, registered
from handlers.leave_views import (
    ask_kind_text,
    calendar_keyboard,
    confirm_keyboard,
    end_keyboard,
    end_window,
    kind_keyboard,
    refusal_text,
    return_keyboard,
    shape_keyboard,
    skip_keyboard,
    start_keyboard,
    start_window,
    summary,
    time_keyboard,
)

KIND, SHAPE, START, END_DATE, TIMES, BACK_AT, REASON, ATTACHMENT, PLACE, CONFIRM = range(30, 40)
REJECT_REASON = 40
HORIZON_DAYS = 90  # the schedule and holidays loaded for the end date's quick picks
END = ConversationHandler.END


def _draft(act: Interaction) -> LeaveDraft | None:
    """The draft this button or answer belongs to (None: stale)."""
    draft = act.user_data.leave
    data = act.pressed(LeaveFlowCB)
    if draft is None or (act.update.callback_query is not None
                         and (data is None or data.flow != draft.flow)):
        return None
    return draft


def _stale(act: Interaction) -> None:
    if act.update.callback_query is not None:
        act.answer(act.t("leave.refused.stale"), alert=True)
    else:
        act.reply(act.t("leave.refused.stale"))


def _kind(draft: LeaveDraft) -> LeaveKind:
    kind = kind_of(draft.kind or "")
    assert kind is not None, "every step after the first has a kind"
    return kind


def _today(act: Interaction) -> date:
    return act.now().astimezone(home_timezone(act.me)).date()


def _text(act: Interaction) -> str:
    message = act.update.effective_message
    return (message.text or "") if message is not None else ""


def _refuse(act: Interaction, refused: Refusal) -> None:
    """Said as a message under the step, which stays open for another choice."""
    if act.update.callback_query is not None:
        act.answer()
    act.reply(refusal_text(act, refused))


def _new(draft: LeaveDraft, now: datetime | None = None) -> NewLeave:
    """The request the draft holds (an izin keluar starts ``now``)."""
    assert draft.start_date is not None
    kind = _kind(draft)
    start_at = now if kind is LeaveKind.IK and now is not None else draft.start_at
    attachment = (Attachment(draft.attachment_kind, draft.attachment_file_id,
                             draft.attachment_name)
                  if draft.attachment_kind and draft.attachment_file_id else None)
    return NewLeave(kind, draft.start_date, draft.end_date or draft.start_date, start_at,
                    draft.end_at, draft.reason or "", attachment, draft.latitude,
                    draft.longitude)


# --- kind, and whole days or part of one ----------------------------------------


@registered
async def start(act: Interaction) -> object:
    """"Ajukan izin/cuti" under /izin."""
    if await leave.approver_of(act.session, act.me) is None:
        act.answer(act.t("leave.refused.no_approver")[:190], alert=True)
        return None
    draft = LeaveDraft(flow=secrets.randbelow(FLOW_ID_MAX) + 1)
    act.user_data.leave = draft
    balance = await leave.annual(act.session, act.settings, act.me.id, _today(act).year)
    act.answer()
    act.reply(ask_kind_text(act, balance), kind_keyboard(act, draft))
    return KIND


@registered
async def kind_chosen(act: Interaction) -> object:
    draft, data = _draft(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action != "kind" or data.value >= len(KINDS):
        _stale(act)
        return None
    kind = KINDS[data.value]
    draft.kind = kind.value
    act.answer()
    act.edit(act.t("leave.chosen", kind=act.t(f"leave.kind.{kind.value}")))
    if kind is LeaveKind.IK:
        act.reply(act.t("leave.ask.ik_purpose"))
        return REASON
    if whole_days_only(kind):
        return _ask_start(act, draft)
    act.reply(act.t("leave.ask.shape"), shape_keyboard(act, draft))
    return SHAPE


@registered
async def shape_chosen(act: Interaction) -> object:
    draft, data = _draft(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action not in ("whole", "part"):
        _stale(act)
        return None
    draft.part_of_day = data.action == "part"
    act.answer()
    return _ask_start(act, draft)


def _ask_start(act: Interaction, draft: LeaveDraft) -> int:
    key = "leave.ask.day" if draft.part_of_day else "leave.ask.start"
    act.reply(act.t(key), start_keyboard(act, draft, _kind(draft), _today(act)))
    return START


# --- dates --------------------------------------------------------------------------


async def _start_given(act: Interaction, draft: LeaveDraft, day: date) -> object:
    try:
        check_start(_kind(draft), day, _today(act))
    except Refusal as refused:
        _refuse(act, refused)
        return None
    draft.start_date = draft.end_date = day
    cal = await leave.schedule_between(act.session, act.settings, act.me, day,
                                       day + timedelta(days=HORIZON_DAYS))
    if draft.part_of_day:
        act.reply(act.t("leave.ask.times", date=long_date(day, act.lang)),
                  time_keyboard(act, draft, day, list(cal.rows), cal.tz, cal.holidays))
        return TIMES
    act.reply(act.t("leave.ask.end", start=long_date(day, act.lang)),
              end_keyboard(act, draft, day, list(cal.rows), cal.tz, cal.holidays))
    return END_DATE


async def _check_so_far(act: Interaction, draft: LeaveDraft) -> bool:
    """The dates (or times) against the rules, other requests and the balance."""
    try:
        await leave.check_new(act.session, act.settings, act.me, _new(draft, act.now()),
                              act.now())
    except Refusal as refused:
        _refuse(act, refused)
        return False
    return True


async def _end_given(act: Interaction, draft: LeaveDraft, day: date) -> object:
    draft.end_date = day
    if not await _check_so_far(act, draft):
        draft.end_date = draft.start_date
        return None
    act.reply(act.t("leave.ask.reason"))
    return REASON


@registered
async def day_picked(act: Interaction) -> object:
    """A quick pick of the start (or the day) or of the end."""
    draft, data = _draft(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.value >= len(draft.days):
        _stale(act)
        return None
    act.answer()
    day = draft.days[data.value]
    if data.action == "start":
        return await _start_given(act, draft, day)
    return await _end_given(act, draft, day)


async def _typed_day(act: Interaction) -> tuple[LeaveDraft | None, date | None]:
    draft = _draft(act)
    if draft is None:
        _stale(act)
        return None, None
    day = parse_day(_text(act), _today(act))
    if day is None:
        act.reply(act.t("leave.refused.bad_date", value=html.escape(_text(act)[:40])))
    return draft, day


@registered
async def start_typed(act: Interaction) -> object:
    draft, day = await _typed_day(act)
    if draft is None:
        return END
    return None if day is None else await _start_given(act, draft, day)


@registered
async def end_typed(act: Interaction) -> object:
    draft, day = await _typed_day(act)
    if draft is None:
        return END
    return None if day is None else await _end_given(act, draft, day)


async def _calendar(act: Interaction, *, for_end: bool) -> object:
    draft, data = act.user_data.leave, act.pressed(CalendarCB)
    if draft is None or data is None:
        _stale(act)
        return None
    if for_end:
        assert draft.start_date is not None
        first, last = end_window(_kind(draft), draft.start_date)
    else:
        first, last = start_window(_kind(draft), _today(act))
    if data.action == "month":
        act.answer()
        act.edit(act.t("leave.ask.pick_day"),
                 calendar_keyboard(act, draft, data.day.replace(day=1), first, last))
        return None
    act.answer()
    return await (_end_given(act, draft, data.day) if for_end
                  else _start_given(act, draft, data.day))


@registered
async def start_calendar(act: Interaction) -> object:
    return await _calendar(act, for_end=False)


@registered
async def end_calendar(act: Interaction) -> object:
    return await _calendar(act, for_end=True)


@registered
async def noop(act: Interaction) -> object:
    act.answer()
    return None


# --- part of a day, izin keluar ------------------------------------------------------


async def _span_given(act: Interaction, draft: LeaveDraft, start_at: datetime,
                      end_at: datetime) -> object:
    draft.start_at, draft.end_at = start_at, end_at
    if not await _check_so_far(act, draft):
        draft.start_at = draft.end_at = None
        return None
    if _kind(draft) is LeaveKind.IK:
        return await _ask_confirm(act, draft)
    act.reply(act.t("leave.ask.reason"))
    return REASON


@registered
async def time_picked(act: Interaction) -> object:
    draft, data = _draft(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action != "time" or data.value >= len(draft.spans):
        _stale(act)
        return None
    act.answer()
    start_at, end_at = draft.spans[data.value]
    if _kind(draft) is LeaveKind.IK:
        start_at = act.now()
    return await _span_given(act, draft, start_at, end_at)


@registered
async def times_typed(act: Interaction) -> object:
    draft = _draft(act)
    if draft is None or draft.start_date is None:
        _stale(act)
        return END
    tz = home_timezone(act.me)
    if _kind(draft) is LeaveKind.IK:
        back = parse_time(_text(act))
        if back is None:
            act.reply(act.t("leave.refused.bad_time", value=html.escape(_text(act)[:40])))
            return None
        return await _span_given(act, draft, act.now(),
                                 datetime.combine(draft.start_date, back, tz))
    span = parse_time_range(_text(act))
    if span is None:
        act.reply(act.t("leave.refused.bad_times", value=html.escape(_text(act)[:40])))
        return None
    return await _span_given(act, draft, datetime.combine(draft.start_date, span[0], tz),
                             datetime.combine(draft.start_date, span[1], tz))


# --- reason, attachment, place -----------------------------------------------------------


@registered
async def reason_given(act: Interaction) -> object:
    draft = _draft(act)
    if draft is None:
        _stale(act)
        return END
    try:
        draft.reason = check_reason(_text(act))
    except Refusal as refused:
        _refuse(act, refused)
        return None
    if _kind(draft) is LeaveKind.IK:
        return await _ask_return(act, draft)
    hint = "leave.ask.attachment_cs" if draft.kind == LeaveKind.CS else "leave.ask.attachment"
    act.reply(act.t(hint), skip_keyboard(act, draft))
    return ATTACHMENT


async def _ask_return(act: Interaction, draft: LeaveDraft) -> int:
    now, tz = act.now(), home_timezone(act.me)
    today = now.astimezone(tz).date()
    draft.start_date = draft.end_date = today
    period = work_period(await schedule_rows(act.session, act.me.schedule_code), today, tz)
    act.reply(act.t("leave.ask.back_at"),
              return_keyboard(act, draft, now, tz, period.end if period else None))
    return BACK_AT


@registered
async def attachment_given(act: Interaction) -> object:
    draft = _draft(act)
    message = act.update.effective_message
    if draft is None or message is None:
        _stale(act)
        return END
    if act.update.callback_query is None:
        file = evidence_of(message)
        if file is None:
            act.reply(act.t("leave.ask.attachment"), skip_keyboard(act, draft))
            return None
        draft.attachment_kind, draft.attachment_file_id = file.kind, file.file_id
        draft.attachment_name, draft.album = file.name, message.media_group_id
    else:
        act.answer()
    if _kind(draft) is LeaveKind.FWA:
        act.reply(act.t("leave.ask.place"))
        return PLACE
    return await _ask_confirm(act, draft)


@registered
async def place_given(act: Interaction) -> object:
    draft = _draft(act)
    message = act.update.effective_message
    if draft is None or message is None or message.location is None:
        _stale(act)
        return END
    draft.latitude, draft.longitude = message.location.latitude, message.location.longitude
    return await _ask_confirm(act, draft)


@registered
async def place_hint(act: Interaction) -> object:
    act.reply(act.t("leave.ask.place"))
    return None


@registered
async def album_rest(act: Interaction) -> object:
    """A later file of the album whose first file is the attachment: passed over."""
    draft = act.user_data.leave
    message = act.update.effective_message
    if draft is None or message is None or not draft.album or (
            message.media_group_id != draft.album):
        act.reply(act.t("tasks.flow.choose_button"))
    return None


# --- summary, send -----------------------------------------------------------------


async def _ask_confirm(act: Interaction, draft: LeaveDraft) -> object:
    new = _new(draft, act.now())
    try:
        checked = await leave.check_new(act.session, act.settings, act.me, new, act.now())
    except Refusal as refused:
        _refuse(act, refused)
        return None
    act.reply(summary(act, draft, new.span(act.me.id), checked.working_days, checked.balance,
                      checked.receiver.name), confirm_keyboard(act, draft))
    return CONFIRM


@registered
async def confirm(act: Interaction) -> object:
    draft, data = _draft(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action != "send":
        _stale(act)
        return None
    try:
        async with act.session.begin_nested():  # a refusal leaves no trace
            event = await leave.submit(act.session, act.settings, act.me,
                                       _new(draft, act.now()), act.now())
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
        _stale(act)
        return END
    try:
        async with act.session.begin_nested():
            event = await leave.decide(act.session, act.me, draft.request_id, False,
                                       _text(act), act.now())
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
    cancel = CallbackQueryHandler(cancel_pressed, pattern=LeaveFlowCB.pattern("cancel"))
    buttons_only = MessageHandler(text, task_new.choose_a_button)
    rest_of_album = MessageHandler(files, album_rest)
    return {
        KIND: [CallbackQueryHandler(kind_chosen, pattern=LeaveFlowCB.pattern("kind")), cancel,
               buttons_only],
        SHAPE: [CallbackQueryHandler(shape_chosen, pattern=LeaveFlowCB.pattern("whole", "part")),
                cancel, buttons_only],
        START: [CallbackQueryHandler(day_picked, pattern=LeaveFlowCB.pattern("start")),
                CallbackQueryHandler(start_calendar, pattern=CalendarCB.pattern()),
                CallbackQueryHandler(noop, pattern=LeaveFlowCB.pattern("noop")), cancel,
                MessageHandler(text, start_typed)],
        END_DATE: [CallbackQueryHandler(day_picked, pattern=LeaveFlowCB.pattern("end")),
                   CallbackQueryHandler(end_calendar, pattern=CalendarCB.pattern()),
                   CallbackQueryHandler(noop, pattern=LeaveFlowCB.pattern("noop")), cancel,
                   MessageHandler(text, end_typed)],
        TIMES: [CallbackQueryHandler(time_picked, pattern=LeaveFlowCB.pattern("time")), cancel,
                MessageHandler(text, times_typed)],
        BACK_AT: [CallbackQueryHandler(time_picked, pattern=LeaveFlowCB.pattern("time")),
                  cancel, MessageHandler(text, times_typed)],
        REASON: [MessageHandler(text, reason_given)],
        ATTACHMENT: [MessageHandler(files, attachment_given),
                     CallbackQueryHandler(attachment_given, pattern=LeaveFlowCB.pattern("skip")),
                     cancel, MessageHandler(text, attachment_given)],
        PLACE: [MessageHandler(location, place_given), rest_of_album, cancel,
                MessageHandler(text, place_hint)],
        CONFIRM: [CallbackQueryHandler(confirm, pattern=LeaveFlowCB.pattern("send")), cancel,
                  rest_of_album, buttons_only],
        REJECT_REASON: [MessageHandler(text, reject_reason)],
    }
