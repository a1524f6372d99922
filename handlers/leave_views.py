"""Keyboards and texts of the /izin flow (kept apart from its steps)."""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import LeaveFlowAction, LeaveFlowCB
from bot.context import Interaction
from bot.drafts import LeaveDraft
from bot.leave_views import balance_text, kind_name, span_text
from bot.rules.calendar import HolidayCalendar
from bot.rules.leave import (
    BACKDATED,
    KINDS,
    AnnualBalance,
    LeaveKind,
    LeaveSpan,
    Refusal,
    earliest_start,
    latest_start,
    longest_span,
    nth_working_day,
)
from bot.rules.schedule import ScheduleRow, end_of_local_day
from bot.rules.timefmt import local_time, long_date
from bot.rules.working_time import working_period
from bot.services.employees import home_timezone
from bot.task_views import clip
from handlers.calendar_keys import calendar_button, month_keyboard

END_PICKS = (1, 2, 3, 5)  # "until the n-th working day"
IK_HOURS = (1, 2, 3)  # izin keluar: back in n hours
NOON, AFTER_BREAK = time(12, 0), time(13, 0)


def cb(draft: LeaveDraft, action: LeaveFlowAction, value: int = 0) -> str:
    return LeaveFlowCB(action, value, draft.flow).pack()


def button(draft: LeaveDraft, label: str, action: LeaveFlowAction,
           value: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=cb(draft, action, value))


def cancel_row(act: Interaction, draft: LeaveDraft) -> list[InlineKeyboardButton]:
    return [button(draft, act.t("leave.button.cancel_flow"), "cancel")]


def kind_keyboard(act: Interaction, draft: LeaveDraft) -> InlineKeyboardMarkup:
    buttons = [button(draft, act.t(f"leave.kind_button.{kind.value}"), "kind", n)
               for n, kind in enumerate(KINDS)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup([*rows, cancel_row(act, draft)])


def shape_keyboard(act: Interaction, draft: LeaveDraft) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [button(draft, act.t("leave.button.whole"), "whole")],
        [button(draft, act.t("leave.button.part"), "part")],
        cancel_row(act, draft),
    ])


def ask_kind_text(act: Interaction, balance: AnnualBalance) -> str:
    return f"{act.t('leave.ask.kind')}\n\n{balance_text(balance, act.lang)}"


def _day_label(act: Interaction, key: str, day: date) -> str:
    return f"{act.t(key)} — {long_date(day, act.lang)}"


def start_keyboard(act: Interaction, draft: LeaveDraft, kind: LeaveKind,
                   today: date) -> InlineKeyboardMarkup:
    """Yesterday (for what may be filed after the fact), today, tomorrow, the
    day after; and the calendar."""
    offered = ([("leave.pick.yesterday", today - timedelta(days=1))] if kind in BACKDATED
               else [])
    offered += [("leave.pick.today", today), ("leave.pick.tomorrow", today + timedelta(days=1)),
                ("leave.pick.day_after", today + timedelta(days=2))]
    draft.days = [day for _, day in offered]
    rows = [[button(draft, _day_label(act, key, day), "start", n)]
            for n, (key, day) in enumerate(offered)]
    rows.append([calendar_button(act.t("leave.button.calendar"), "month", today.replace(day=1))])
    rows.append(cancel_row(act, draft))
    return InlineKeyboardMarkup(rows)


def end_keyboard(act: Interaction, draft: LeaveDraft, start: date, rows: list[ScheduleRow],
                 tz: ZoneInfo, calendar: HolidayCalendar) -> InlineKeyboardMarkup:
    """The start day itself, then until the n-th working day; and the calendar."""
    offered: list[tuple[str, date]] = [(act.t("leave.pick.same_day"), start)]
    for n in END_PICKS:
        day = nth_working_day(start, n, rows, tz, calendar)
        if day is not None and day not in {d for _, d in offered}:
            offered.append((act.t("leave.pick.working_days", days=n), day))
    draft.days = [day for _, day in offered]
    buttons = [[button(draft, f"{label} — {long_date(day, act.lang)}", "end", n)]
               for n, (label, day) in enumerate(offered)]
    buttons.append([calendar_button(act.t("leave.button.calendar"), "month",
                                    start.replace(day=1))])
    buttons.append(cancel_row(act, draft))
    return InlineKeyboardMarkup(buttons)


def start_window(kind: LeaveKind, today: date) -> tuple[date, date]:
    return earliest_start(kind, today), latest_start(today)


def end_window(kind: LeaveKind, start: date) -> tuple[date, date]:
    return start, start + timedelta(days=longest_span(kind) - 1)


def calendar_keyboard(act: Interaction, draft: LeaveDraft, month: date, first: date,
                      last: date) -> InlineKeyboardMarkup:
    grid = month_keyboard(month, first, last, noop=cb(draft, "noop"))
    return InlineKeyboardMarkup([*grid.inline_keyboard, cancel_row(act, draft)])


def time_keyboard(act: Interaction, draft: LeaveDraft, day: date, rows: list[ScheduleRow],
                  tz: ZoneInfo, calendar: HolidayCalendar) -> InlineKeyboardMarkup:
    """The morning (start of work until 12:00) and the afternoon (13:00 until
    the end) of that day's schedule, when it has them."""
    period = working_period(rows, day, tz, calendar)
    spans: list[tuple[datetime, datetime]] = []
    if period is not None:
        noon, after = datetime.combine(day, NOON, tz), datetime.combine(day, AFTER_BREAK, tz)
        if period.start < noon < period.end:
            spans.append((period.start, noon))
        if period.start < after < period.end:
            spans.append((after, period.end))
    draft.spans = spans
    buttons = [[button(draft, f"{start.astimezone(tz):%H:%M}–{local_time(end, tz)}", "time", n)]
               for n, (start, end) in enumerate(spans)]
    return InlineKeyboardMarkup([*buttons, cancel_row(act, draft)])


def _round_up(moment: datetime, minutes: int = 5) -> datetime:
    extra = (-moment.minute) % minutes
    return (moment + timedelta(minutes=extra)).replace(second=0, microsecond=0)


def return_keyboard(act: Interaction, draft: LeaveDraft, now: datetime, tz: ZoneInfo,
                    period_end: datetime | None) -> InlineKeyboardMarkup:
    """Back in one, two, three hours, or at the end of work — all today."""
    end_of_day = end_of_local_day(now, tz) - timedelta(minutes=1)
    picks = [_round_up(now + timedelta(hours=h)) for h in IK_HOURS]
    if period_end is not None and period_end > picks[-1]:
        picks.append(period_end)
    picks = [p for p in picks if p <= end_of_day]
    draft.spans = [(now, back) for back in picks]
    labels = [act.t("leave.pick.hours", hours=h) for h in IK_HOURS] + [act.t("leave.pick.end")]
    buttons = [[button(draft, f"{label} — {local_time(back, tz)}", "time", n)]
               for n, (label, back) in enumerate(zip(labels, picks, strict=False))]
    return InlineKeyboardMarkup([*buttons, cancel_row(act, draft)])


def skip_keyboard(act: Interaction, draft: LeaveDraft) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(draft, act.t("leave.button.skip"), "skip")],
                                 cancel_row(act, draft)])


def confirm_keyboard(act: Interaction, draft: LeaveDraft) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(draft, act.t("leave.button.send"), "send"),
                                  button(draft, act.t("leave.button.cancel_flow"), "cancel")]])


def summary(act: Interaction, draft: LeaveDraft, span: LeaveSpan, working_days: int,
            balance: AnnualBalance | None, approver: str) -> str:
    tz = home_timezone(act.me)
    assert draft.kind is not None and draft.reason is not None
    days = (act.t("leave.working_days", days=working_days)
            if span.whole_days and draft.kind != LeaveKind.IK else "")
    lines = [act.t("leave.summary.title"),
             act.t("leave.summary.kind", kind=kind_name(draft.kind, act.lang)),
             act.t("leave.card.when", when=span_text(span, tz, act.lang), days=days),
             act.t("leave.card.reason_ik" if draft.kind == LeaveKind.IK else "leave.card.reason",
                   reason=html.escape(draft.reason))]
    if draft.kind != LeaveKind.IK:
        attachment = (act.t(f"leave.card.attachment_{draft.attachment_kind}",
                            name=clip(draft.attachment_name or "", 80))
                      if draft.attachment_kind else act.t("leave.summary.no_attachment"))
        lines.append(attachment)
    if draft.latitude is not None and draft.longitude is not None:
        lines.append(act.t("leave.card.place", lat=f"{draft.latitude:.5f}",
                           lon=f"{draft.longitude:.5f}"))
    if balance is not None:
        lines += [balance_text(balance, act.lang),
                  act.t("leave.summary.balance_after", days=balance.available - working_days)]
    lines.append(act.t("leave.summary.to", name=html.escape(approver)))
    return "\n".join(lines)


def refusal_text(act: Interaction, refused: Refusal) -> str:
    """A refusal in the user's words: dates as dates, another request as its kind and span."""
    tz = home_timezone(act.me)
    values: dict[str, object] = {}
    for name, value in refused.values.items():
        if isinstance(value, LeaveSpan):
            values[name] = f"{kind_name(value.kind, act.lang)}, {span_text(value, tz, act.lang)}"
        elif isinstance(value, datetime):
            values[name] = local_time(value, tz)
        elif isinstance(value, date):
            values[name] = long_date(value, act.lang)
        else:
            values[name] = value
    return act.t(refused.key, **values)
