"""/tugas, /tugastim, a task's detail, and the one-tap task actions.

Every button re-checks who is pressing it and what state the task is in, so
a forged, replayed or stale button changes nothing and says so.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import CallbackQueryHandler

from bot import commands, task_views
from bot.callbacks import ExtensionCB, TaskCB
from bot.context import Interaction
from bot.rules.task_states import TaskAction
from bot.services import tasks
from bot.services.employees import home_timezone
from bot.services.tasks import Refused
from db.models import Task
from handlers.kit import publish, registered

if TYPE_CHECKING:
    from bot.context import HadirApp

LIST_MAX = 30  # buttons: five rows of six
LIST_CHARS = 3500  # below Telegram's 4096, with room for the header and the "more" line


def _open_buttons(items: list[Task]) -> InlineKeyboardMarkup | None:
    buttons = [InlineKeyboardButton(str(n), callback_data=TaskCB(TaskAction.OPEN, task.id).pack())
               for n, task in enumerate(items, start=1)]
    rows = [buttons[i:i + 6] for i in range(0, len(buttons), 6)]
    return InlineKeyboardMarkup(rows) if rows else None


def _listing(act: Interaction, title_key: str, items: list[Task],
             line: Callable[[int, Task], str]) -> None:
    """Numbered lines that fit one message, a button per line, and how many
    more there are when they do not all fit."""
    shown: list[str] = []
    size = 0
    for n, task in enumerate(items[:LIST_MAX], start=1):
        entry = line(n, task)
        if size + len(entry) > LIST_CHARS:
            break
        shown.append(entry)
        size += len(entry) + 1
    lines = [act.t(title_key, count=len(items)), "", *shown]
    if len(shown) < len(items):
        lines += ["", act.t("tasks.list.more", count=len(items) - len(shown))]
    act.reply("\n".join(lines), _open_buttons(items[:len(shown)]))


@registered
async def my_tasks(act: Interaction) -> None:
    items = await tasks.my_tasks(act.session, act.me.id)
    if not items:
        act.reply(act.t("tasks.list.empty"))
        return
    now = act.now()
    _listing(act, "tasks.list.title", items, lambda n, task: act.t(
        "tasks.list.line", n=n, title=task_views.short_title(task),
        status=task_views.status_label(task, now, act.lang),
        left=task_views.time_left_words(task.deadline, now, act.lang)))


@registered
async def team_tasks(act: Interaction) -> None:
    if act.me.role not in tasks.MANAGER_ROLES:
        act.reply(act.t("tasks.refused.not_manager"))
        return
    now = act.now()
    items = await tasks.team_tasks(act.session, act.me, now)
    if not items:
        act.reply(act.t("tasks.team.empty"))
        return
    _listing(act, "tasks.team.title", items, lambda n, task: act.t(
        "tasks.team.line", n=n, assignee=task_views.clip(task.assignee.name, 40),
        title=task_views.short_title(task), status=task_views.status_label(task, now, act.lang),
        left=task_views.time_left_words(task.deadline, now, act.lang)))


async def detail(act: Interaction, task: Task) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card as the person looking at it sees it, with their buttons; compact
    when it replaces the caption of a photo or document."""
    now = act.now()
    query = act.update.callback_query
    compact = bool(query and query.message and getattr(query.message, "caption", None))
    body = task_views.card(task, now, act.lang, home_timezone(act.me), compact=compact)
    if act.me.id == task.assignee_id:
        return body, task_views.assignee_keyboard(task, act.lang)
    return body, task_views.manager_keyboard(task, act.lang)


async def _history(act: Interaction, task: Task) -> str:
    tz = home_timezone(act.me)
    events = (await tasks.history(act.session, task.id))[-6:]
    lines = [act.t("tasks.history.title")]
    for event in events:
        what = act.t(f"tasks.event.{event.kind}")
        percent = f" {event.percent}%" if event.percent is not None else ""
        note = f" — {html.escape(event.note[:80])}" if event.note else ""
        lines.append(f"• {task_views.when(event.at, tz, act.lang)}: {what}{percent}{note}")
    return "\n".join(lines)


ONE_TAP = {TaskAction.START: tasks.start, TaskAction.ACCEPT: tasks.accept,
           TaskAction.CANCEL: tasks.cancel}


@registered
async def task_button(act: Interaction) -> None:
    data = act.pressed(TaskCB)
    try:
        action = data.action if data is not None else None
        if data is None or action not in (TaskAction.OPEN, *ONE_TAP):
            raise Refused("tasks.refused.stale")
        task = await tasks.load_task(act.session, data.task_id)
        if action is TaskAction.OPEN:
            await tasks.check_allowed(act.session, act.me, task, action)
            body, markup = await detail(act, task)
            act.answer()
            act.reply(f"{body}\n\n{await _history(act, task)}", markup)
            return
        event = await ONE_TAP[action](act.session, act.me, task, act.now())
    except Refused as refused:
        act.answer(act.t(refused.key, **refused.values), alert=True)
        return
    await publish(act, event)
    body, markup = await detail(act, event.task)
    act.answer(act.t(f"tasks.done.{event.kind}"))
    act.edit(body, markup)


@registered
async def approve_extension(act: Interaction) -> None:
    data = act.pressed(ExtensionCB)
    try:
        if data is None or data.action != "approve":
            raise Refused("tasks.refused.stale")
        event = await tasks.decide_extension(act.session, act.me, data.request_id, True, None,
                                             act.now())
    except Refused as refused:
        act.answer(act.t(refused.key, **refused.values), alert=True)
        return
    await publish(act, event)
    act.answer(act.t("tasks.done.extension_approved"))
    body, _ = await detail(act, event.task)
    act.edit(f"{act.t('tasks.done.extension_approved')}\n\n{body}")


def register(app: HadirApp) -> None:
    app.add_handler(commands.handler("tugas", my_tasks))
    app.add_handler(commands.handler("tugastim", team_tasks))
    app.add_handler(CallbackQueryHandler(task_button,
                                         pattern=TaskCB.pattern(TaskAction.OPEN, *ONE_TAP)))
    app.add_handler(CallbackQueryHandler(approve_extension,
                                         pattern=ExtensionCB.pattern("approve")))
