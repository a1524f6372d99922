"""How a task looks in a chat: its card, and the buttons the person looking
at it may press (``bot.rules.task_states`` says which actions are allowed).
The notices a change sends are ``bot.notifier``'s."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ExtensionCB, TaskCB
from bot.rules.task_states import Role, TaskAction, allowed_actions
from bot.rules.timefmt import local_time, long_date
from bot.rules.working_time import time_left_parts
from bot.services.tasks import is_overdue
from bot.texts import shorten, text
from db.models import Employee, Task

SUMMARY_MAX = 60
# Telegram allows 4096 characters in a message and 1024 in a caption; user text
# is clipped before it is escaped so that a notice always fits and never loses
# an end tag. With these a full card stays under ~2,300 characters and a compact
# one (for captions) under ~700.
DESCRIPTION_MAX = 1500
NOTE_MAX = 500
CAPTION_NOTE_MAX = 200
NAME_MAX = 80
COMPACT_TITLE_MAX = 100


def lang_of(employee: Employee, default: str = "id") -> str:
    return employee.language or default


def when(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    """'Senin, 23 November 2026 16:00 WIB'."""
    return f"{long_date(moment.astimezone(tz).date(), lang)} {local_time(moment, tz)}"


def status_label(task: Task, now: datetime, lang: str) -> str:
    label = text(f"tasks.status.{task.status}", lang)
    if is_overdue(task, now):
        label = f"{label}, {text('tasks.status.overdue', lang)}"
    return label


def clip(value: str, limit: int) -> str:
    """At most ``limit`` characters of user text, escaped for HTML."""
    return html.escape(shorten(value, limit))


def card(task: Task, now: datetime, lang: str, tz: ZoneInfo, *, compact: bool = False) -> str:
    """The task as a message; ``compact`` (no description) fits in a caption."""
    description = ("" if compact or not task.description
                   else f"\n{clip(task.description, DESCRIPTION_MAX)}")
    title = clip(task.title, COMPACT_TITLE_MAX) if compact else html.escape(task.title)
    return text("tasks.card", lang, title=title, description=description,
                assigner=clip(task.assigned_by.name, NAME_MAX),
                assignee=clip(task.assignee.name, NAME_MAX),
                deadline=when(task.deadline, tz, lang),
                left=time_left_words(task.deadline, now, lang),
                priority=text(f"tasks.priority.{task.priority}", lang),
                status=status_label(task, now, lang), progress=task.progress)


def short_title(task: Task) -> str:
    title = task.title if len(task.title) <= SUMMARY_MAX else task.title[:SUMMARY_MAX - 1] + "…"
    return html.escape(title)


# the buttons of a card, in this order, two to a row
ASSIGNEE_BUTTONS = (TaskAction.START, TaskAction.PROGRESS, TaskAction.SUBMIT, TaskAction.EXTEND)
REVIEW_BUTTONS = (TaskAction.ACCEPT, TaskAction.RETURN)


def _button(lang: str, action: TaskAction, task_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text(f"tasks.button.{action.value}", lang),
                                callback_data=TaskCB(action, task_id).pack())


def _keyboard(task: Task, lang: str, actions: list[TaskAction]) -> InlineKeyboardMarkup | None:
    buttons = [_button(lang, action, task.id) for action in actions]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


def assignee_keyboard(task: Task, lang: str) -> InlineKeyboardMarkup | None:
    allowed = allowed_actions(task.status, Role.ASSIGNEE)
    return _keyboard(task, lang, [a for a in ASSIGNEE_BUTTONS if a in allowed])


def manager_keyboard(task: Task, lang: str) -> InlineKeyboardMarkup | None:
    """A report waiting for review is decided from its card (accept or return);
    otherwise the card offers to cancel the task, when that is allowed."""
    allowed = allowed_actions(task.status, Role.VERIFIER)
    review = [a for a in REVIEW_BUTTONS if a in allowed]
    return _keyboard(task, lang, review or [a for a in (TaskAction.CANCEL,) if a in allowed])


def extension_keyboard(request_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("tasks.button.approve", lang),
                             callback_data=ExtensionCB("approve", request_id).pack()),
        InlineKeyboardButton(text("tasks.button.reject", lang),
                             callback_data=ExtensionCB("reject", request_id).pack()),
    ]])


def time_left_words(deadline: datetime, now: datetime, lang: str) -> str:
    """'2 hari lagi', 'terlambat 3 jam', 'jatuh tempo sekarang' / 'in 2 days'..."""
    direction, amount, unit = time_left_parts(deadline, now)
    if direction == "now":
        return text("reminders.left.now", lang)
    key = f"reminders.{direction}.{unit}" + (".one" if amount == 1 else "")
    return text(key, lang, n=amount)
