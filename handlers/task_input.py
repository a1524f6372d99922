"""Task actions that need a few words or a file: progress, done with evidence,
an extension request, returning a task, rejecting an extension.

A small ConversationHandler keeps what was pressed; the task itself is
reloaded and re-checked when the answer comes, so nothing stale is written.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

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
from bot.events import ExtensionRequested, TaskChange
from bot.rules.dates import parse_deadline
from bot.rules.task_states import TaskAction, action_named
from bot.rules.working_time import deadline_quick_picks
from bot.services import tasks
from bot.services.employees import home_timezone, working_calendar
from bot.services.tasks import Refused
from handlers.albums import evidence_of
from handlers.kit import publish, registered

PERCENT, PROGRESS_NOTE, EVIDENCE, EXT_DATE, EXT_REASON, RETURN_NOTE, REJECT_NOTE = range(20, 27)
PERCENTS = (25, 50, 75, 90)
# the task buttons that ask for more before anything changes
ASKING = (TaskAction.PROGRESS, TaskAction.SUBMIT, TaskAction.EXTEND, TaskAction.RETURN)
TIMEOUT_S = 15 * 60
END = ConversationHandler.END


def _draft(act: Interaction) -> dict[str, Any]:
    return act.draft("task_input")


def _skip_keyboard(act: Interaction) -> InlineKeyboardMarkup:
    skip = FlowCB("skip", 0, _draft(act)["task_id"]).pack()
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(act.t("tasks.button.skip"), callback_data=skip)]]
    )


@registered
async def begin(act: Interaction) -> object:
    """A button that needs more input: check now, ask, remember what for."""
    query = act.update.callback_query
    assert query is not None
    draft = _draft(act)
    try:
        if (ext := ExtensionCB.unpack(query.data)) is not None:
            request = await tasks.load_extension(act.session, ext.request_id, for_update=False)
            task = await tasks.load_task(act.session, request.task_id, for_update=False)
            await tasks.check_can_decide(act.session, act.me, request, task)
            draft.clear()
            draft.update(request_id=request.id)
            act.answer()
            act.reply(act.t("tasks.ask.reject_note", assignee=html.escape(task.assignee.name)))
            return REJECT_NOTE
        data = TaskCB.unpack(query.data)
        action = action_named(data.action) if data is not None else None
        if data is None or action not in ASKING:
            raise Refused("tasks.refused.stale")
        task = await tasks.load_task(act.session, data.task_id, for_update=False)
        await tasks.check_allowed(act.session, act.me, task, action)
        if action is TaskAction.RETURN:
            draft.clear()
            draft.update(task_id=task.id)
            act.answer()
            act.reply(act.t("tasks.ask.return_note", assignee=html.escape(task.assignee.name)))
            return RETURN_NOTE
    except Refused as refused:
        act.answer(act.t(refused.key, **refused.values), alert=True)
        return None  # a refused button leaves any flow in progress as it was
    draft.clear()
    draft.update(task_id=task.id)
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
    picks = [
        (k, d)
        for k, d in deadline_quick_picks(max(now, current), rows, tz, calendar)
        if d > current
    ]
    _draft(act)["picks"] = [d.isoformat() for _, d in picks]
    buttons = [
        [
            InlineKeyboardButton(
                task_views.when(d, tz, act.lang),
                callback_data=FlowCB("date", i, _draft(act)["task_id"]).pack(),
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
    _draft(act).clear()
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
        or not 0 <= data.value <= 100
        or data.task_id != _draft(act).get("task_id")
    ):
        act.answer(act.t("tasks.refused.stale"), alert=True)
        return None
    _draft(act)["percent"] = data.value
    act.answer()
    act.reply(act.t("tasks.ask.progress_note"), _skip_keyboard(act))
    return PROGRESS_NOTE


@registered
async def percent_typed(act: Interaction) -> object:
    value = (_text(act) or "").strip().rstrip("%")
    if not value.isdigit() or not 0 <= int(value) <= 100:
        act.reply(act.t("tasks.refused.percent"))
        return None
    _draft(act)["percent"] = int(value)
    act.reply(act.t("tasks.ask.progress_note"), _skip_keyboard(act))
    return PROGRESS_NOTE


@registered
async def progress_note(act: Interaction) -> object:
    draft = _draft(act)
    note = None if act.update.callback_query else _text(act)
    if act.update.callback_query:
        data = FlowCB.unpack(act.update.callback_query.data)
        if data is None or data.task_id != draft.get("task_id"):
            act.answer(act.t("tasks.refused.stale"), alert=True)
            return None
        act.answer()
    task = await tasks.load_task(act.session, draft["task_id"])
    return await _finish(
        act,
        lambda: tasks.report_progress(act.session, act.me, task, draft["percent"], note, act.now()),
    )


@registered
async def evidence_sent(act: Interaction) -> object:
    message = act.update.effective_message
    assert message is not None
    evidence = evidence_of(message)
    note = message.caption if evidence else message.text
    album = message.media_group_id if evidence else None  # its other files join this report
    task = await tasks.load_task(act.session, _draft(act)["task_id"])
    return await _finish(
        act, lambda: tasks.submit(act.session, act.me, task, note, evidence, act.now(),
                                  media_group_id=album)
    )


@registered
async def extension_date(act: Interaction) -> object:
    draft = _draft(act)
    tz = home_timezone(act.me)
    if act.update.callback_query:
        data = FlowCB.unpack(act.update.callback_query.data)
        picks = draft.get("picks", [])
        if (
            data is None
            or data.action != "date"
            or not 0 <= data.value < len(picks)
            or data.task_id != draft.get("task_id")
        ):
            act.answer(act.t("tasks.refused.stale"), alert=True)
            return None
        act.answer()
        chosen = datetime.fromisoformat(picks[data.value])
    else:
        typed = _text(act) or ""
        cal = await working_calendar(act.session, act.me, act.settings.holiday_categories,
                                     act.now())
        parsed = parse_deadline(typed, cal.rows, cal.tz, cal.holidays)
        if parsed is None:
            act.reply(act.t("tasks.flow.bad_date", value=html.escape(typed[:40])))
            return None
        chosen = parsed
    task = await tasks.load_task(act.session, draft["task_id"], for_update=False)
    if chosen <= task.deadline or chosen <= act.now():
        act.reply(
            act.t(
                "tasks.refused.extension_not_later",
                deadline=task_views.when(task.deadline, tz, act.lang),
            )
        )
        return None
    draft["new_deadline"] = chosen.isoformat()
    act.reply(act.t("tasks.ask.extension_reason"))
    return EXT_REASON


@registered
async def extension_reason(act: Interaction) -> object:
    draft = _draft(act)
    task = await tasks.load_task(act.session, draft["task_id"])
    new = datetime.fromisoformat(draft["new_deadline"])
    return await _finish(
        act,
        lambda: tasks.request_extension(
            act.session, act.me, task, new, _text(act) or "", act.now()
        ),
    )


@registered
async def return_note(act: Interaction) -> object:
    task = await tasks.load_task(act.session, _draft(act)["task_id"])
    return await _finish(
        act, lambda: tasks.send_back(act.session, act.me, task, _text(act) or "", act.now())
    )


@registered
async def reject_note(act: Interaction) -> object:
    request_id = _draft(act)["request_id"]
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
        CallbackQueryHandler(begin, pattern=r"^tk:(progress|done|extend|return):"),
        CallbackQueryHandler(begin, pattern=r"^ext:reject:"),
    ]


def states() -> dict[object, list[BaseHandler[Update, HadirContext, object]]]:
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND  # an edit is no answer
    evidence = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.ALL)
    other_media = filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND & ~filters.LOCATION
    return {
        PERCENT: [
            CallbackQueryHandler(percent_chosen, pattern=r"^fl:percent:"),
            MessageHandler(text, percent_typed),
        ],
        PROGRESS_NOTE: [
            CallbackQueryHandler(progress_note, pattern=r"^fl:skip:"),
            MessageHandler(text, progress_note),
        ],
        EVIDENCE: [MessageHandler(evidence | text, evidence_sent),
                   MessageHandler(other_media, evidence_hint)],
        EXT_DATE: [
            CallbackQueryHandler(extension_date, pattern=r"^fl:date:"),
            MessageHandler(text, extension_date),
        ],
        EXT_REASON: [MessageHandler(text, extension_reason)],
        RETURN_NOTE: [MessageHandler(text, return_note)],
        REJECT_NOTE: [MessageHandler(text, reject_note)],
    }

