"""/tugasbaru: give one task to one or more people of your team in a few taps.

Pick people (paged; type a name to search) → title → description (or skip)
→ deadline (quick picks, a calendar, or a typed date) → priority → confirm.
The draft lives in the flow (handlers.task_flow); everything is re-checked on
confirm.
"""

from __future__ import annotations

import html
from datetime import datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import commands, task_views
from bot.callbacks import CalendarCB, NewTaskCB
from bot.context import HadirContext, Interaction
from bot.drafts import NewTaskDraft
from bot.rules.dates import OutsideDeadlineWindow, check_deadline_day, parse_deadline
from bot.rules.working_time import deadline_on, deadline_quick_picks
from bot.services import tasks
from bot.services.employees import WorkingCalendar, working_calendar
from bot.services.tasks import Refused
from db.models import PRIORITIES
from handlers.kit import publish, registered
from handlers.task_new_views import (
    button,
    calendar,
    confirm_keyboard,
    in_calendar,
    month_keyboard,
    picker,
    priority_keyboard,
    summary,
    window_refusal,
)

PICK, TITLE, DESCRIPTION, DEADLINE, PRIORITY, CONFIRM = range(10, 16)
END = ConversationHandler.END


def _draft(act: Interaction) -> NewTaskDraft:
    user = act.user_data
    if user.new_task is None:
        user.new_task = NewTaskDraft()
    return user.new_task


@registered
async def start(act: Interaction) -> object:
    if act.me.role not in tasks.MANAGER_ROLES:
        act.reply(act.t("tasks.refused.not_manager"))
        return None  # refused: any flow in progress stays as it was
    if not await tasks.team_of(act.session, act.me):
        act.reply(act.t("tasks.new.no_team"))
        return None
    act.user_data.new_task = draft = NewTaskDraft()
    act.reply(*await picker(act, draft))
    return PICK


@registered
async def pick_button(act: Interaction) -> object:
    data = act.pressed(NewTaskCB)
    draft = act.user_data.new_task
    if data is None or draft is None:
        act.answer(act.t("tasks.refused.stale"), alert=True)
        return None
    if data.action == "cancel":
        return await end_flow(act)
    if data.action == "noop":  # the page indicator
        act.answer()
        return None
    if data.action == "toggle":
        if not await tasks.manages(act.session, act.me, data.value):
            act.answer(act.t("tasks.refused.not_your_team"), alert=True)
            return None
        selected = draft.selected
        selected.remove(data.value) if data.value in selected else selected.append(data.value)
    elif data.action == "page":
        draft.page = data.value
    elif data.action == "clear":
        draft.query, draft.page = "", 0
    elif data.action == "next":
        if not draft.selected:
            act.answer(act.t("tasks.refused.no_assignee"), alert=True)
            return None
        act.answer()
        act.edit(act.t("tasks.new.picked", count=len(draft.selected)))
        act.reply(act.t("tasks.new.ask_title"))
        return TITLE
    else:
        act.answer(act.t("tasks.refused.stale"), alert=True)
        return None
    act.answer()
    act.edit(*await picker(act, draft))
    return None


@registered
async def search(act: Interaction) -> object:
    message = act.update.effective_message
    assert message is not None and message.text is not None
    draft = _draft(act)
    draft.query, draft.page = message.text.strip()[:50], 0
    act.reply(*await picker(act, draft))
    return None


@registered
async def title_given(act: Interaction) -> object:
    message = act.update.effective_message
    assert message is not None and message.text is not None
    title = " ".join(message.text.split())
    if len(title) > tasks.TITLE_MAX:
        act.reply(act.t("tasks.refused.title_long", limit=tasks.TITLE_MAX))
        return None
    _draft(act).title = title
    act.reply(
        act.t("tasks.new.ask_description"),
        InlineKeyboardMarkup([[button(act.t("tasks.button.skip"), "skip")]]),
    )
    return DESCRIPTION


@registered
async def description_given(act: Interaction) -> object:
    draft = _draft(act)
    if act.update.callback_query:
        act.answer()
        draft.description = None
    else:
        message = act.update.effective_message
        assert message is not None and message.text is not None
        if len(message.text) > tasks.TEXT_MAX:
            act.reply(act.t("tasks.refused.text_long", limit=tasks.TEXT_MAX))
            return None
        draft.description = message.text
    return await _ask_deadline(act)


async def _calendar_inputs(act: Interaction) -> WorkingCalendar:
    return await working_calendar(act.session, act.me, act.settings.holiday_categories,
                                  act.now())


async def _ask_deadline(act: Interaction) -> int:
    cal = await _calendar_inputs(act)
    tz, rows, holidays = cal.tz, cal.rows, cal.holidays
    picks = deadline_quick_picks(act.now(), rows, tz, holidays)
    _draft(act).picks = [d for _, d in picks]
    buttons = [
        [
            button(
                f"{act.t(f'tasks.pick.{key}')} — {task_views.when(d, tz, act.lang)}", "deadline", i
            )
        ]
        for i, (key, d) in enumerate(picks)
    ]
    today = act.now().astimezone(tz).date()
    buttons.append([calendar(act.t("tasks.new.calendar"), "month", today.replace(day=1))])
    act.reply(act.t("tasks.new.ask_deadline"), InlineKeyboardMarkup(buttons))
    return DEADLINE


async def _set_deadline(act: Interaction, deadline: datetime) -> object:
    if deadline <= act.now():
        act.reply(act.t("tasks.refused.deadline_past"))
        return None
    _draft(act).deadline = deadline
    act.reply(act.t("tasks.new.ask_priority"), priority_keyboard(act))
    return PRIORITY


@registered
async def deadline_button(act: Interaction) -> object:
    data = act.pressed(NewTaskCB)
    picks = _draft(act).picks
    if data is not None and data.action == "deadline" and data.value < len(picks):
        act.answer()
        return await _set_deadline(act, picks[data.value])
    act.answer(None if data and data.action == "noop" else act.t("tasks.refused.stale"))
    return None


@registered
async def calendar_button(act: Interaction) -> object:
    """A month of the calendar to show, or the day picked in it."""
    data = act.pressed(CalendarCB)
    cal = await _calendar_inputs(act)
    today = act.now().astimezone(cal.tz).date()
    if data is None:
        act.answer(act.t("tasks.refused.stale"))
        return None
    if data.action == "month":
        month = data.day.replace(day=1)
        if not in_calendar(month, today):
            act.answer(act.t("tasks.refused.stale"), alert=True)
            return None
        act.answer()
        act.edit(act.t("tasks.new.ask_day"), month_keyboard(month, today))
        return None
    try:
        check_deadline_day(data.day, today)
    except OutsideDeadlineWindow as out:
        act.answer(window_refusal(act, out), alert=True)
        return None
    act.answer()
    return await _set_deadline(act, deadline_on(data.day, cal.rows, cal.tz, cal.holidays))


@registered
async def deadline_typed(act: Interaction) -> object:
    message = act.update.effective_message
    assert message is not None and message.text is not None
    cal = await _calendar_inputs(act)
    try:
        parsed = parse_deadline(message.text, cal.rows, cal.tz, cal.holidays,
                                act.now().astimezone(cal.tz).date())
    except OutsideDeadlineWindow as out:
        act.reply(window_refusal(act, out))
        return None
    if parsed is None:
        act.reply(act.t("tasks.flow.bad_date", value=html.escape(message.text[:40])))
        return None
    return await _set_deadline(act, parsed)


@registered
async def priority_button(act: Interaction) -> object:
    data = act.pressed(NewTaskCB)
    if data is None or data.action != "priority":
        act.answer(act.t("tasks.refused.stale"), alert=True)
        return None
    draft = _draft(act)
    draft.priority = PRIORITIES[data.value]
    team = {e.id: e.name for e in await tasks.team_of(act.session, act.me)}
    act.answer()
    act.reply(
        summary(act, draft, [team.get(i, "?") for i in draft.selected]), confirm_keyboard(act))
    return CONFIRM


@registered
async def confirm_button(act: Interaction) -> object:
    data = act.pressed(NewTaskCB)
    if data is not None and data.action == "cancel":
        return await end_flow(act)
    draft = act.user_data.new_task
    if (data is None or data.action != "confirm" or draft is None or draft.title is None
            or draft.deadline is None or draft.priority is None):
        act.answer(act.t("tasks.refused.stale"), alert=True)
        return None
    now = act.now()
    try:
        async with act.session.begin_nested():
            created = await tasks.create_tasks(
                act.session,
                act.me,
                draft.selected,
                title=draft.title,
                description=draft.description,
                deadline=draft.deadline,
                priority=draft.priority,
                now=now,
            )
    except Refused as refused:
        act.answer(act.t(refused.key, **refused.values), alert=True)
        return END
    await publish(act, *created)
    names = ", ".join(event.task.assignee.name for event in created)
    act.answer()
    act.edit(act.t("tasks.new.sent", title=html.escape(draft.title), people=html.escape(names)))
    act.user_data.new_task = None
    return END


async def end_flow(act: Interaction) -> object:
    """/batal or the Batal button: whatever flow is running ends, nothing changed."""
    act.user_data.new_task = act.user_data.task_input = None
    act.user_data.leave = act.user_data.leave_reject = None
    if act.update.callback_query:
        act.answer()
        act.edit(act.t("tasks.flow.cancelled"))
    else:
        act.reply(act.t("tasks.flow.cancelled"))
    return END


@registered
async def choose_a_button(act: Interaction) -> object:
    act.reply(act.t("tasks.flow.choose_button"))
    return None


def entry_points() -> list[BaseHandler[Update, HadirContext, object]]:
    return [commands.handler("tugasbaru", start)]


def states() -> dict[object, list[BaseHandler[Update, HadirContext, object]]]:
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND  # an edit is no answer
    buttons = NewTaskCB.pattern()  # each step says which of them it takes
    return {
        PICK: [CallbackQueryHandler(pick_button, pattern=buttons), MessageHandler(text, search)],
        TITLE: [MessageHandler(text, title_given)],
        DESCRIPTION: [
            CallbackQueryHandler(description_given, pattern=NewTaskCB.pattern("skip")),
            MessageHandler(text, description_given),
        ],
        DEADLINE: [
            CallbackQueryHandler(deadline_button, pattern=buttons),
            CallbackQueryHandler(calendar_button, pattern=CalendarCB.pattern()),
            MessageHandler(text, deadline_typed),
        ],
        PRIORITY: [CallbackQueryHandler(priority_button, pattern=buttons),
                   MessageHandler(text, choose_a_button)],
        CONFIRM: [CallbackQueryHandler(confirm_button, pattern=buttons),
                  MessageHandler(text, choose_a_button)],
    }
