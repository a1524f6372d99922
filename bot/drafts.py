"""What PTB keeps per user between updates (``ContextTypes(user_data=UserData)``):
the user's language for the error handler and the draft of the flow in
progress. At most one flow runs at a time (handlers.task_flow); starting one
replaces its draft, ending one clears it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class NewTaskDraft:
    """/tugasbaru so far: who is picked, then title, description, deadline, priority."""

    selected: list[int] = field(default_factory=list)
    page: int = 0
    query: str = ""
    title: str | None = None
    description: str | None = None
    picks: list[datetime] = field(default_factory=list)  # the quick deadlines offered
    deadline: datetime | None = None
    priority: str | None = None


@dataclass
class TaskInputDraft:
    """A task button that asks for more: which task (or extension request) it
    was for, and what was given so far."""

    task_id: int | None = None
    request_id: int | None = None
    percent: int | None = None
    picks: list[datetime] = field(default_factory=list)  # the new deadlines offered
    new_deadline: datetime | None = None
    refused_album: str | None = None  # its first file was refused: the rest go unanswered


@dataclass
class ExcuseDraft:
    """A dispensation button pressed: the mark it was for (re-checked when the
    reason comes)."""

    mark_id: int


@dataclass
class UserData:
    lang: str | None = None  # the language of the last update, for the error handler
    new_task: NewTaskDraft | None = None
    task_input: TaskInputDraft | None = None
    excuse: ExcuseDraft | None = None
