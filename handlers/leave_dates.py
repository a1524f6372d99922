"""The dates and times of a /izin request: the start and the end (quick
picks, the calendar, typed DD-MM-YYYY or DD-MM), the hours of a part of a
day, and the expected return of an izin keluar."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from bot.callbacks import CalendarCB, LeaveFlowCB
from bot.context import Interaction
from bot.drafts import LeaveDraft
from bot.rules.leave import LeaveKind, check_start, parse_day, parse_time, parse_time_range
from bot.rules.task_states import Refusal
from bot.rules.timefmt import long_date
from bot.services import leave
from bot.services.employees import home_timezone
from handlers.kit import registered
from handlers.leave_steps import (
    END,
    END_DATE,
    HORIZON_DAYS,
    REASON,
    TIMES,
    ask_confirm,
    check_so_far,
    draft_of,
    kind_in,
    refuse,
    stale,
    today,
    typed,
)
from handlers.leave_views import (
    calendar_keyboard,
    end_keyboard,
    end_window,
    start_window,
    time_keyboard,
)


async def _start_given(act: Interaction, draft: LeaveDraft, day: date) -> object:
    try:
        check_start(kind_in(draft), day, today(act))
    except Refusal as refused:
        refuse(act, refused)
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


async def _end_given(act: Interaction, draft: LeaveDraft, day: date) -> object:
    draft.end_date = day
    if not await check_so_far(act, draft):
        draft.end_date = draft.start_date
        return None
    act.reply(act.t("leave.ask.reason"))
    return REASON


@registered
async def day_picked(act: Interaction) -> object:
    """A quick pick of the start (or the day) or of the end."""
    draft, data = draft_of(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.value >= len(draft.days):
        stale(act)
        return None
    act.answer()
    day = draft.days[data.value]
    if data.action == "start":
        return await _start_given(act, draft, day)
    return await _end_given(act, draft, day)


async def _typed_day(act: Interaction) -> tuple[LeaveDraft | None, date | None]:
    draft = draft_of(act)
    if draft is None:
        stale(act)
        return None, None
    day = parse_day(typed(act), today(act))
    if day is None:
        act.reply(act.t("leave.refused.bad_date", value=html.escape(typed(act)[:40])))
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
        stale(act)
        return None
    if for_end:
        assert draft.start_date is not None
        first, last = end_window(kind_in(draft), draft.start_date)
    else:
        first, last = start_window(kind_in(draft), today(act))
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
    if not await check_so_far(act, draft):
        draft.start_at = draft.end_at = None
        return None
    if kind_in(draft) is LeaveKind.IK:
        return await ask_confirm(act, draft)
    act.reply(act.t("leave.ask.reason"))
    return REASON


@registered
async def time_picked(act: Interaction) -> object:
    draft, data = draft_of(act), act.pressed(LeaveFlowCB)
    if draft is None or data is None or data.action != "time" or data.value >= len(draft.spans):
        stale(act)
        return None
    act.answer()
    start_at, end_at = draft.spans[data.value]
    if kind_in(draft) is LeaveKind.IK:
        start_at = act.now()
    return await _span_given(act, draft, start_at, end_at)


@registered
async def times_typed(act: Interaction) -> object:
    draft = draft_of(act)
    if draft is None or draft.start_date is None:
        stale(act)
        return END
    tz = home_timezone(act.me)
    if kind_in(draft) is LeaveKind.IK:
        back = parse_time(typed(act))
        if back is None:
            act.reply(act.t("leave.refused.bad_time", value=html.escape(typed(act)[:40])))
            return None
        return await _span_given(act, draft, act.now(),
                                 datetime.combine(draft.start_date, back, tz))
    span = parse_time_range(typed(act))
    if span is None:
        act.reply(act.t("leave.refused.bad_times", value=html.escape(typed(act)[:40])))
        return None
    return await _span_given(act, draft, datetime.combine(draft.start_date, span[0], tz),
                             datetime.combine(draft.start_date, span[1], tz))
