"""How a task looks in a chat, and the notices a change of a task sends.

Notices go through the outbox, in the receiver's language, with keys that
name the fact, so a double tap or a retried update never sends one twice.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ExtensionCB, TaskCB
from bot.rules.timefmt import local_time, long_date
from bot.rules.working_time import time_left_words
from bot.services.employees import home_timezone
from bot.services.outbox import enqueue_for_employee
from bot.services.tasks import Change, is_overdue
from bot.texts import text
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
    return html.escape(value if len(value) <= limit else value[:limit - 1] + "…")


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


def _button(lang: str, action: str, task_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text(f"tasks.button.{action}", lang),
                                callback_data=TaskCB(action, task_id).pack())


def assignee_keyboard(task: Task, lang: str) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    if task.status in ("new", "returned"):
        rows = [[_button(lang, "start", task.id), _button(lang, "progress", task.id)],
                [_button(lang, "done", task.id), _button(lang, "extend", task.id)]]
    elif task.status == "in_progress":
        rows = [[_button(lang, "progress", task.id), _button(lang, "done", task.id)],
                [_button(lang, "extend", task.id)]]
    return InlineKeyboardMarkup(rows) if rows else None


def manager_keyboard(task: Task, lang: str) -> InlineKeyboardMarkup | None:
    if task.status == "awaiting_verification":
        return InlineKeyboardMarkup([[_button(lang, "accept", task.id),
                                      _button(lang, "return", task.id)]])
    if task.status in ("new", "in_progress", "returned"):
        return InlineKeyboardMarkup([[_button(lang, "cancel", task.id)]])
    return None


def extension_keyboard(request_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("tasks.button.approve", lang),
                             callback_data=ExtensionCB("approve", request_id).pack()),
        InlineKeyboardButton(text("tasks.button.reject", lang),
                             callback_data=ExtensionCB("reject", request_id).pack()),
    ]])


def _note(note: str | None, lang: str, limit: int = NOTE_MAX) -> str:
    return text("tasks.note", lang, note=clip(note, limit)) if note else ""


async def notify_assigned(session: AsyncSession, task: Task, now: datetime,
                          default_lang: str) -> None:
    lang = lang_of(task.assignee, default_lang)
    body = text("tasks.notice.assigned", lang,
                card=card(task, now, lang, home_timezone(task.assignee)))
    await enqueue_for_employee(session, task.assignee_id, key=f"task:{task.id}:assigned",
                               now=now, text=body, reply_markup=assignee_keyboard(task, lang))


async def announce(session: AsyncSession, change: Change, actor: Employee, now: datetime,
                   default_lang: str) -> None:
    """Queue the notices a change causes (to the verifier or the assignee)."""
    task, event = change.task, change.event
    key = f"task:{task.id}:{event.kind}:{event.id}"  # + the receiver, below
    if "verifier" in change.notify or "manager" in change.notify:
        manager = task.assigned_by
        lang = lang_of(manager, default_lang)
        tz = home_timezone(manager)
        markup = None
        params: dict[str, object] = {}
        method = "sendMessage"
        if event.kind == "submitted":
            markup = manager_keyboard(task, lang)
            evidence = event.evidence_file_id is not None
            body = text("tasks.notice.submitted", lang, assignee=clip(actor.name, NAME_MAX),
                        note=_note(event.note, lang, CAPTION_NOTE_MAX if evidence else NOTE_MAX),
                        card=card(task, now, lang, tz, compact=evidence))
            if evidence:
                method = "sendPhoto" if event.evidence_kind == "photo" else "sendDocument"
                params = {event.evidence_kind or "document": event.evidence_file_id}
        elif event.kind == "extension_requested":
            assert change.extension is not None and event.old_deadline is not None
            body = text("tasks.notice.extension_requested", lang,
                        assignee=html.escape(actor.name), title=short_title(task),
                        old=when(event.old_deadline, tz, lang),
                        new=when(change.extension.new_deadline, tz, lang),
                        reason=clip(change.extension.reason, NOTE_MAX))
            markup = extension_keyboard(change.extension.id, lang)
        else:  # progress
            body = text("tasks.notice.progress", lang, assignee=html.escape(actor.name),
                        title=short_title(task), percent=event.percent,
                        note=_note(event.note, lang))
        # work for the manager: if they are no longer active, the next one up gets it
        await enqueue_for_employee(session, manager.id, key=f"{key}:manager", now=now, text=body,
                                   reply_markup=markup, method=method, params=params,
                                   escalate=True, default_language=default_lang)
    if "assignee" in change.notify:
        lang = lang_of(task.assignee, default_lang)
        tz = home_timezone(task.assignee)
        values = {"title": short_title(task), "actor": html.escape(actor.name)}
        markup = None
        if event.kind == "returned":
            values |= {"note": clip(event.note or "", NOTE_MAX), "card": card(task, now, lang, tz)}
            markup = assignee_keyboard(task, lang)
        elif event.kind == "extension_approved":
            values["new"] = when(task.deadline, tz, lang)
        elif event.kind == "extension_rejected":
            values |= {"note": clip(event.note or "", NOTE_MAX),
                       "old": when(task.deadline, tz, lang)}
        await enqueue_for_employee(session, task.assignee_id, key=f"{key}:assignee", now=now,
                                   text=text(f"tasks.notice.{event.kind}", lang, **values),
                                   reply_markup=markup)
