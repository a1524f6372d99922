"""What the steps of the /izin flow share: the states, the draft of this
flow, refusals said in the user's words, and the questions that move the
flow on (the start date, the expected return, the summary)."""

from __future__ import annotations

from datetime import date, datetime

from telegram.ext import ConversationHandler

from bot.callbacks import LeaveFlowCB
from bot.context import Interaction
from bot.drafts import LeaveDraft
from bot.events.leave import Attachment
from bot.rules.leave import LeaveKind, kind_of
from bot.rules.schedule import work_period
from bot.rules.task_states import Refusal
from bot.services import leave
from bot.services.employees import home_timezone, schedule_rows
from bot.services.leave import NewLeave
from handlers.leave_views import (
    confirm_keyboard,
    refusal_text,
    return_keyboard,
    start_keyboard,
    summary,
)

KIND, SHAPE, START, END_DATE, TIMES, BACK_AT, REASON, ATTACHMENT, PLACE, CONFIRM = range(30, 40)
REJECT_REASON = 40
HORIZON_DAYS = 90  # the schedule and holidays loaded for the end date's quick picks
END = ConversationHandler.END


def draft_of(act: Interaction) -> LeaveDraft | None:
    """The draft this button or answer belongs to (None: stale)."""
    draft = act.user_data.leave
    data = act.pressed(LeaveFlowCB)
    if draft is None or (act.update.callback_query is not None
                         and (data is None or data.flow != draft.flow)):
        return None
    return draft


def stale(act: Interaction) -> None:
    if act.update.callback_query is not None:
        act.answer(act.t("leave.refused.stale"), alert=True)
    else:
        act.reply(act.t("leave.refused.stale"))


def kind_in(draft: LeaveDraft) -> LeaveKind:
    kind = kind_of(draft.kind or "")
    assert kind is not None, "every step after the first has a kind"
    return kind


def today(act: Interaction) -> date:
    return act.now().astimezone(home_timezone(act.me)).date()


def typed(act: Interaction) -> str:
    message = act.update.effective_message
    return (message.text or "") if message is not None else ""


def refuse(act: Interaction, refused: Refusal) -> None:
    """Said as a message under the step, which stays open for another choice."""
    if act.update.callback_query is not None:
        act.answer()
    act.reply(refusal_text(act, refused))


def new_leave(draft: LeaveDraft, now: datetime | None = None) -> NewLeave:
    """The request the draft holds (an izin keluar starts ``now``)."""
    assert draft.start_date is not None
    kind = kind_in(draft)
    start_at = now if kind is LeaveKind.IK and now is not None else draft.start_at
    attachment = (Attachment(draft.attachment_kind, draft.attachment_file_id,
                             draft.attachment_name)
                  if draft.attachment_kind and draft.attachment_file_id else None)
    return NewLeave(kind, draft.start_date, draft.end_date or draft.start_date, start_at,
                    draft.end_at, draft.reason or "", attachment, draft.latitude,
                    draft.longitude)


async def check_so_far(act: Interaction, draft: LeaveDraft) -> bool:
    """The dates (or times) against the rules, other requests and the balance."""
    try:
        await leave.check_new(act.session, act.settings, act.me, new_leave(draft, act.now()),
                              act.now())
    except Refusal as refused:
        refuse(act, refused)
        return False
    return True


def ask_start(act: Interaction, draft: LeaveDraft) -> int:
    key = "leave.ask.day" if draft.part_of_day else "leave.ask.start"
    act.reply(act.t(key), start_keyboard(act, draft, kind_in(draft), today(act)))
    return START


async def ask_return(act: Interaction, draft: LeaveDraft) -> int:
    now, tz = act.now(), home_timezone(act.me)
    day = now.astimezone(tz).date()
    draft.start_date = draft.end_date = day
    period = work_period(await schedule_rows(act.session, act.me.schedule_code), day, tz)
    act.reply(act.t("leave.ask.back_at"),
              return_keyboard(act, draft, now, tz, period.end if period else None))
    return BACK_AT


async def ask_confirm(act: Interaction, draft: LeaveDraft) -> object:
    new = new_leave(draft, act.now())
    try:
        checked = await leave.check_new(act.session, act.settings, act.me, new, act.now())
    except Refusal as refused:
        refuse(act, refused)
        return None
    act.reply(summary(act, draft, new.span(act.me.id), checked.working_days, checked.balance,
                      checked.receiver.name), confirm_keyboard(act, draft))
    return CONFIRM
