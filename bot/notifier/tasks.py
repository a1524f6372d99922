"""Who is told what about a task, and the keys of those notices.

``notices_for(event)`` says, for each task event of ``bot.events.tasks``, who
gets which message in their language (``bot.notifier.publish`` writes them).
Other code builds and reads these keys with the functions below, never by hand.

Keys name the fact, so a double tap or a retried update never sends twice:
    task:<task>:assigned                          the assignee, of a new task
    task:<task>:<kind>:<history>:<manager|assignee>   a change (<history>: its row)
    task:<task>:evidence:<history>:<n>:manager    the n-th file of an album
    task:<task>:remind:<label>:<deadline, unix>   a reminder (a new deadline: new keys)
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import TaskCB
from bot.events.tasks import (
    CLOSING,
    Evidence,
    EvidenceAdded,
    ExtensionDecided,
    ExtensionRequested,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskChange,
    TaskProgressed,
    TaskReminderDue,
    TaskReturned,
    TaskStarted,
    TaskSubmitted,
)
from bot.notifier.base import Notice
from bot.rules.task_states import TaskAction
from bot.rules.working_time import DEADLINE_LABEL
from bot.services.employees import home_timezone
from bot.services.outbox_recipients import task_open_condition
from bot.task_views import (
    CAPTION_NOTE_MAX,
    NAME_MAX,
    NOTE_MAX,
    assignee_keyboard,
    card,
    clip,
    extension_keyboard,
    lang_of,
    manager_keyboard,
    short_title,
    time_left_words,
    when,
)
from bot.texts import text
from db.models import Employee, OutboxMessage, Task

MANAGER, ASSIGNEE = "manager", "assignee"  # the receiver, last in a change's key
_TASK = "task"
_REMIND = "remind"

# --- keys ---------------------------------------------------------------------


def assigned_key(task_id: int) -> str:
    return f"{_TASK}:{task_id}:assigned"


def change_key(task_id: int, kind: str, history_id: int | None, receiver: str) -> str:
    return f"{_TASK}:{task_id}:{kind}:{history_id}:{receiver}"


def evidence_key(task_id: int, history_id: int | None, position: int) -> str:
    return f"{_TASK}:{task_id}:evidence:{history_id}:{position}:{MANAGER}"


def handover_key(task_id: int, inactive_id: int, what: str) -> str:
    """Work of ``inactive_id`` re-sent to the next one up: ``verify`` or ``ext:<request>``."""
    return f"{_TASK}:{task_id}:handover:{inactive_id}:{what}"


def reminder_key(task_id: int, label: str, deadline: datetime) -> str:
    return f"{_TASK}:{task_id}:{_REMIND}:{label}:{int(deadline.timestamp())}"


@dataclass(frozen=True)
class ReminderKey:
    task_id: int
    label: str  # hours before the deadline; "0" at it
    deadline: int  # the deadline it was for, unix seconds


def parse_reminder_key(key: str) -> ReminderKey | None:
    """What a reminder's key says, or None for any other key."""
    parts = key.split(":")
    if len(parts) != 5 or parts[0] != _TASK or parts[2] != _REMIND:
        return None
    task, label, deadline = parts[1], parts[3], parts[4]
    if not (task.isdigit() and deadline.lstrip("-").isdigit() and label):
        return None
    return ReminderKey(int(task), label, int(deadline))


def is_reminder_key(key: str) -> bool:
    return parse_reminder_key(key) is not None


def task_of_key(key: str) -> int | None:
    """The task a task notice's key names (None for any other key)."""
    kind, _, rest = key.partition(":")
    task_id = rest.partition(":")[0]
    return int(task_id) if kind == _TASK and task_id.isascii() and task_id.isdigit() else None


def reminder_keys(task_id: int | None = None) -> ColumnElement[bool]:
    """SQL: the outbox rows that are reminders (of one task, or of any)."""
    task = "%" if task_id is None else str(int(task_id))
    return OutboxMessage.key.like(f"{_TASK}:{task}:{_REMIND}:%")


# --- who is told what ---------------------------------------------------------




def _note(note: str | None, lang: str, limit: int = NOTE_MAX) -> str:
    return text("tasks.note", lang, note=clip(note, limit)) if note else ""


def file_method(evidence: Evidence) -> tuple[str, dict[str, Any]]:
    """The Bot API method and parameter that send this file again."""
    if evidence.kind == "photo":
        return "sendPhoto", {"photo": evidence.file_id}
    return "sendDocument", {"document": evidence.file_id}


def _verifier(task: Task) -> Employee:
    """Who reviews the task's reports and decides its extensions."""
    return task.assigned_by


def evidence_file_notice(task: Task, receiver_id: int, evidence: Evidence, position: int,
                         lang: str, *, key: str, note: str | None = None) -> Notice:
    """A further file of a submission, numbered, to whoever reviews it."""
    body = text("tasks.notice.evidence_added", lang, position=position,
                assignee=clip(task.assignee.name, NAME_MAX), title=short_title(task),
                note=_note(note, lang, CAPTION_NOTE_MAX))
    method, params = file_method(evidence)
    return Notice(receiver_id, key, body, None, method, params, escalate=True)


def _actor_name(event: TaskChange) -> str:
    return event.actor.name if event.actor is not None else ""


def _to_verifier(event: TaskChange, lang_default: str) -> Notice | None:
    task, now = event.task, event.at
    manager = _verifier(task)
    lang, tz = lang_of(manager, lang_default), home_timezone(manager)
    key = change_key(task.id, event.kind, event.history_id, MANAGER)
    name = _actor_name(event)
    match event:
        case TaskSubmitted(evidence=evidence, note=note):
            body = text("tasks.notice.submitted", lang, assignee=clip(name, NAME_MAX),
                        note=_note(note, lang, CAPTION_NOTE_MAX if evidence else NOTE_MAX),
                        card=card(task, now, lang, tz, compact=bool(evidence)))
            method, params = file_method(evidence[0]) if evidence else ("sendMessage", {})
            return Notice(manager.id, key, body, manager_keyboard(task, lang), method, params,
                          escalate=True)
        case EvidenceAdded(evidence=evidence, position=position, note=note):
            return evidence_file_notice(task, manager.id, evidence, position, lang,
                                        key=evidence_key(task.id, event.history_id, position),
                                        note=note)
        case ExtensionRequested(request=request, old_deadline=old):
            body = text("tasks.notice.extension_requested", lang,
                        assignee=html.escape(name), title=short_title(task),
                        old=when(old, tz, lang), new=when(request.new_deadline, tz, lang),
                        reason=clip(request.reason, NOTE_MAX))
            return Notice(manager.id, key, body, extension_keyboard(request.id, lang),
                          escalate=True)
        case TaskProgressed(percent=percent, note=note):
            body = text("tasks.notice.progress", lang, assignee=html.escape(name),
                        title=short_title(task), percent=percent, note=_note(note, lang))
            return Notice(manager.id, key, body, escalate=True)
    return None


def _to_assignee(event: TaskChange, lang_default: str) -> Notice | None:
    task, now = event.task, event.at
    lang, tz = lang_of(task.assignee, lang_default), home_timezone(task.assignee)
    key = change_key(task.id, event.kind, event.history_id, ASSIGNEE)
    values: dict[str, object] = {"title": short_title(task),
                                 "actor": html.escape(_actor_name(event))}
    markup = None
    match event:
        case TaskAssigned():
            body = text("tasks.notice.assigned", lang, card=card(task, now, lang, tz))
            return Notice(task.assignee_id, assigned_key(task.id), body,
                          assignee_keyboard(task, lang))
        case TaskReminderDue(label=label, deadline=deadline):
            return _reminder(task, label, deadline, now, lang, tz)
        case TaskReturned(note=note):
            values |= {"note": clip(note, NOTE_MAX), "card": card(task, now, lang, tz)}
            markup = assignee_keyboard(task, lang)
        case ExtensionDecided(approved=True):
            values["new"] = when(task.deadline, tz, lang)
        case ExtensionDecided(approved=False, note=note):
            values |= {"note": clip(note or "", NOTE_MAX), "old": when(task.deadline, tz, lang)}
        case TaskAccepted() | TaskCancelled():
            pass
        case _:
            return None
    return Notice(task.assignee_id, key, text(f"tasks.notice.{event.kind}", lang, **values),
                  markup)


def _reminder(task: Task, label: str, deadline: datetime, now: datetime, lang: str,
              tz: ZoneInfo) -> Notice:
    body = text("reminders.due" if label == DEADLINE_LABEL else "reminders.before", lang,
                title=html.escape(task.title), deadline=when(deadline, tz, lang),
                left=time_left_words(deadline, now, lang))
    button = InlineKeyboardButton(text("reminders.open", lang),
                                  callback_data=TaskCB(TaskAction.OPEN, task.id).pack())
    return Notice(task.assignee_id, reminder_key(task.id, label, deadline), body,
                  InlineKeyboardMarkup([[button]]),
                  requires=task_open_condition(task.id, deadline))


def notices_for(event: TaskChange, default_language: str) -> list[Notice]:
    """The messages ``event`` causes, in each receiver's language. A start is
    told to nobody (the card the assignee pressed shows it)."""
    if isinstance(event, TaskStarted):
        return []
    found = [_to_verifier(event, default_language), _to_assignee(event, default_language)]
    return [notice for notice in found if notice is not None]


async def withdraw_reminders(session: AsyncSession, task_id: int) -> None:
    """Reminders of the task still waiting to go are dropped."""
    await session.execute(
        delete(OutboxMessage).where(reminder_keys(task_id), OutboxMessage.status == "pending"))


EVENTS: tuple[type, ...] = (TaskChange,)


async def before_publish(session: AsyncSession, events: Sequence[TaskChange]) -> None:
    """A task no longer being worked on has its waiting reminders withdrawn."""
    for event in events:
        if isinstance(event, CLOSING):
            await withdraw_reminders(session, event.task.id)
