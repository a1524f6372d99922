"""Task actions that need a few words or a file: progress, done with evidence,
an extension request, returning a task, rejecting an extension.

A small ConversationHandler keeps what was pressed; the task itself is
reloaded and re-checked when the answer comes, so nothing stale is written.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import task_views
from bot.callbacks import ExtensionCB, FlowCB, TaskCB
from bot.context import HadirContext, Interaction
from bot.drafts import TaskInputDraft
from bot.events import ExtensionRequested, TaskChange
from bot.rules.dates import OutsideDeadlineWindow, in_deadline_window, parse_deadline
from bot.rules.numbers import parse_percent
from bot.rules.task_states import TaskAction
from bot.rules.timefmt import long_date
from bot.rules.working_time import deadline_quick_picks
from bot.services import tasks
from bot.services.employees import home_timezone, working_calendar
from bot.services.tasks import Refused
from handlers.albums import evidence_of, refused_as_too_large
from handlers.kit import publish, registered

PERCENT, PROGRESS_NOTE, EVIDENCE, EXT_DATE, EXT_REASON, RETURN_NOTE, REJECT_NOTE = range(20, 27)
PERCENTS = (25, 50, 75, 90)
# the task buttons that ask for more before anything changes
ASKING = (TaskAction.PROGRESS, TaskAction.SUBMIT, TaskAction.EXTEND, TaskAction.RETURN)
TIMEOUT_S = 15 * 60
END = ConversationHandler.END


def _draft(act: Interaction) -> TaskInputDraft:
    user = act.user_data
    if user.task_input is None:
        user.task_input = TaskInputDraft()
    return user.task_input


def _task_id(act: Interaction) -> int:
    """The task the flow in progress is about (every state but REJECT_NOTE has one)."""
    task_id = _draft(act).task_id
    assert task_id is not None, "the flow's state always comes with its task"
    return task_id


def _skip_keyboard(act: Interaction) -> InlineKeyboardMarkup:
    skip = FlowCB("skip", 0, _task_id(act)).pack()
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(act.t("tasks.button.skip"), callback_data=skip)]]
    )


@registered
async def begin(act: Interaction) -> object:
    """A button that needs more input: check now, ask, remember what for."""
    query = act.update.callback_query
    assert query is not None
    try:
        if (ext := ExtensionCB.unpack(query.data)) is not None:
            request = await tasks.load_extension(act.session, ext.request_id, for_update=False)
            task = await tasks.load_task(act.session, request.task_id, for_update=False)
            await tasks.check_can_decide(act.session, act.me, request, task)
            act.user_data.task_input = TaskInputDraft(request_id=request.id)
            act.answer()
            act.reply(act.t("tasks.ask.reject_note", assignee=html.escape(task.assignee.name)))
            return REJECT_NOTE
        data = TaskCB.unpack(query.data)
        action = data.action if data is not None else None
        if data is None or action not in ASKING:
            raise Refused("tasks.refused.stale")
        task = await tasks.load_task(act.session, data.task_id, for_update=False)
        await tasks.check_allowed(act.session, act.me, task, action)
        if action is TaskAction.RETURN:
            act.user_data.task_input = TaskInputDraft(task_id=task.id)
            act.answer()
            act.reply(act.t("tasks.ask.return_note", assignee=html.escape(task.assignee.name)))
            return RETURN_NOTE
    except Refused as refused:
        act.answer(act.t(refused.key, **refused.values), alert=True)
        return None  # a refused button leaves any flow in progress as it was
    act.user_data.task_input = TaskInputDraft(task_id=task.id)
    act.answer()
    if action is TaskAction.PROGRESS:
        buttons = [
            InlineKeyboardButton(f"{p}%", callback_data=FlowCB("percent", p, task.id).pack())
            for p in PERCENTS
        ]
        act.reply(act.t("tasks.ask.percent"), InlineKeyboardMarkup([buttons]))
        return PERCENT
    if action is TaskAction.SUBMIT:
        act.reply(act.t("tasks.ask.done_note"))
        return EVIDENCE
    return await _ask_extension_date(act, task.deadline)


async def _ask_extension_date(act: Interaction, current: datetime) -> int:
    now = act.now()
    cal = await working_calendar(act.session, act.me, act.settings.holiday_categories, now)
    tz, rows, calendar = cal.tz, cal.rows, cal.holidays
    today = now.astimezone(tz).date()
    picks = [
        (k, d)
        for k, d in deadline_quick_picks(max(now, current), rows, tz, calendar)
        if d > current and in_deadline_window(d.astimezone(tz).date(), today)
    ]
    _draft(act).picks = [d for _, d in picks]
    buttons = [
        [
            InlineKeyboardButton(
                task_views.when(d, tz, act.lang),
                callback_data=FlowCB("date", i, _task_id(act)).pack(),
            )
        ]
        for i, (_, d) in enumerate(picks)
    ]
    act.reply(act.t("tasks.ask.extension_date"), InlineKeyboardMarkup(buttons) if buttons else None)
    return EXT_DATE


async def _finish(act: Interaction, run: Callable[[], Awaitable[TaskChange]]) -> object:
    """Apply the change, announce it, confirm, end; or explain a refusal."""
    try:
        async with act.session.begin_nested():  # a refusal leaves no trace
            event = await run()
    except Refused as refused:
        act.reply(act.t(refused.key, **refused.values))
        return None  # stay in the same state: the user may correct it
    await publish(act, event)
    values: dict[str, object] = {
        "percent": event.task.progress,
        "verifier": html.escape(event.task.assigned_by.name),
        "assignee": html.escape(event.task.assignee.name),
    }
    if isinstance(event, ExtensionRequested):
        values["new"] = task_views.when(event.request.new_deadline, home_timezone(act.me),
                                        act.lang)
    act.reply(act.t(f"tasks.done.{event.kind}", **values))
    act.user_data.task_input = None
    return END


def _text(act: Interaction) -> str | None:
    message = act.update.effective_message
    return message.text if message is not None else None


@registered
async def percent_chosen(act: Interaction) -> object:
    query = act.update.callback_query
    data = FlowCB.unpack(query.data if query else None)
    if (
        data is None
        or data.action != "percent"
        or data.task_id != _draft(act).task_id
    ):
        act.answer(act.t("tasks.refused.stale"), alert=True)
        return None
    _draft(act).percent = data.value
    act.answer()
    act.reply(act.t("tasks.ask.progress_note"), _skip_keyboard(act))
    return PROGRESS_NOTE


@registered
async def percent_typed(act: Interaction) -> object:
    percent = parse_percent(_text(act) or "")
    if percent is None:
        act.reply(act.t("tasks.refused.percent"))
        return None
    _draft(act).percent = percent
    act.reply(act.t("tasks.ask.progress_note"), _skip_keyboard(act))
    return PROGRESS_NOTE


@registered
async def progress_note(act: Interaction) -> object:
    draft = _draft(act)
    note = None if act.update.callback_query else _text(act)
    if act.update.callback_query:
        data = FlowCB.unpack(act.update.callback_query.data)
        if data is None or data.task_id != draft.task_id:
            act.answer(act.t("tasks.refused.stale"), alert=True)
            return None
        act.answer()
    task = await tasks.load_task(act.session, _task_id(act))
    percent = draft.percent
    assert percent is not None, "PROGRESS_NOTE comes after the percentage"
    return await _finish(
        act,
        lambda: tasks.report_progress(act.session, act.me, task, percent, note, act.now()),
    )


@registered
async def evidence_sent(act: Interaction) -> object:
    message = act.update.effective_message
    assert message is not None
    if refused_as_too_large(act, message):
        return None  # the same step: a smaller file or a note
    evidence = evidence_of(message)
    note = message.caption if evidence else message.text
    album = message.media_group_id if evidence else None  # its other files join this report
    task = await tasks.load_task(act.session, _task_id(act))
    state = await _finish(
        act, lambda: tasks.submit(act.session, act.me, task, note, evidence, act.now(),
                                  media_group_id=album)
    )
    if state is None and album:  # refused: one answer for the album, not one per file
        _draft(act).refused_album = album
    return state


@registered
async def extension_date(act: Interaction) -> object:
    draft = _draft(act)
    tz = home_timezone(act.me)
    if act.update.callback_query:
        data = FlowCB.unpack(act.update.callback_query.data)
        picks = draft.picks
        if (
            data is None
            or data.action != "date"
            or data.value >= len(picks)
            or data.task_id != draft.task_id
        ):
            act.answer(act.t("tasks.refused.stale"), alert=True)
            return None
        act.answer()
        chosen = picks[data.value]
    else:
        typed = _text(act) or ""
        cal = await working_calendar(act.session, act.me, act.settings.holiday_categories,
                                     act.now())
        try:
            parsed = parse_deadline(typed, cal.rows, cal.tz, cal.holidays,
                                    act.now().astimezone(cal.tz).date())
        except OutsideDeadlineWindow as out:
            if not out.too_early:
                act.reply(act.t("tasks.refused.deadline_far",
                                latest=long_date(out.latest, act.lang)))
                return None
            parsed = act.now()  # a past day: not later than the deadline, refused below
        if parsed is None:
            act.reply(act.t("tasks.flow.bad_date", value=html.escape(typed[:40])))
            return None
        chosen = parsed
    task = await tasks.load_task(act.session, _task_id(act), for_update=False)
    if chosen <= task.deadline or chosen <= act.now():
        act.reply(
            act.t(
                "tasks.refused.extension_not_later",
                deadline=task_views.when(task.deadline, tz, act.lang),
            )
        )
        return None
    draft.new_deadline = chosen
    act.reply(act.t("tasks.ask.extension_reason"))
    return EXT_REASON


@registered
async def extension_reason(act: Interaction) -> object:
    task = await tasks.load_task(act.session, _task_id(act))
    new = _draft(act).new_deadline
    assert new is not None, "EXT_REASON comes after the new date"
    return await _finish(
        act,
        lambda: tasks.request_extension(
            act.session, act.me, task, new, _text(act) or "", act.now()
        ),
    )


@registered
async def return_note(act: Interaction) -> object:
    task = await tasks.load_task(act.session, _task_id(act))
    return await _finish(
        act, lambda: tasks.send_back(act.session, act.me, task, _text(act) or "", act.now())
    )


@registered
async def reject_note(act: Interaction) -> object:
    request_id = _draft(act).request_id
    assert request_id is not None, "REJECT_NOTE comes with its extension request"
    return await _finish(
        act,
        lambda: tasks.decide_extension(
            act.session, act.me, request_id, False, _text(act) or "", act.now()
        ),
    )


@registered
async def evidence_hint(act: Interaction) -> object:
    act.reply(act.t("tasks.ask.done_note"))
    return None


def entry_points() -> list[BaseHandler[Update, HadirContext, object]]:
    return [
        CallbackQueryHandler(begin, pattern=TaskCB.pattern("progress", "done", "extend", "return")),
        CallbackQueryHandler(begin, pattern=ExtensionCB.pattern("reject")),
    ]


def states() -> dict[object, list[BaseHandler[Update, HadirContext, object]]]:
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND  # an edit is no answer
    evidence = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.ALL)
    other_media = filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND & ~filters.LOCATION
    return {
        PERCENT: [
            CallbackQueryHandler(percent_chosen, pattern=FlowCB.pattern("percent")),
            MessageHandler(text, percent_typed),
        ],
        PROGRESS_NOTE: [
            CallbackQueryHandler(progress_note, pattern=FlowCB.pattern("skip")),
            MessageHandler(text, progress_note),
        ],
        EVIDENCE: [MessageHandler(evidence | text, evidence_sent),
                   MessageHandler(other_media, evidence_hint)],
        EXT_DATE: [
            CallbackQueryHandler(extension_date, pattern=FlowCB.pattern("date")),
            MessageHandler(text, extension_date),
        ],
        EXT_REASON: [MessageHandler(text, extension_reason)],
        RETURN_NOTE: [MessageHandler(text, return_note)],
        REJECT_NOTE: [MessageHandler(text, reject_note)],
    }

