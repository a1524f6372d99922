"""What PTB keeps per user between updates (``ContextTypes(user_data=UserData)``):
the user's language for the error handler and the draft of the flow in
progress. At most one flow runs at a time (handlers.task_flow); starting one
replaces its draft, ending one clears it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


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
class LeaveDraft:
    """/izin so far: the kind, whole days or part of one, the dates (or times),
    the reason, an attachment, the FWA place. ``flow`` is packed into this
    flow's buttons so that one left from an earlier flow is refused."""

    flow: int
    kind: str | None = None
    part_of_day: bool = False
    start_date: date | None = None
    end_date: date | None = None
    start_at: datetime | None = None  # part of a day / izin keluar
    end_at: datetime | None = None
    days: list[date] = field(default_factory=list)  # the dates offered as buttons
    spans: list[tuple[datetime, datetime]] = field(default_factory=list)  # the times offered
    reason: str | None = None
    attachment_kind: str | None = None  # photo | document
    attachment_file_id: str | None = None
    attachment_name: str | None = None
    album: str | None = None  # its media_group_id: the album's other files are passed over
    latitude: float | None = None  # FWA/WFH: the place asked for
    longitude: float | None = None


@dataclass
class LeaveRejectDraft:
    """Tolak pressed on a request: its reason is asked for next."""

    request_id: int


@dataclass
class UserData:
    lang: str | None = None  # the language of the last update, for the error handler
    new_task: NewTaskDraft | None = None
    task_input: TaskInputDraft | None = None
    absence_reason: int | None = None  # the mid-day absence (mark) a reason is typed for
    excuse: ExcuseDraft | None = None
    leave: LeaveDraft | None = None
    leave_reject: LeaveRejectDraft | None = None
