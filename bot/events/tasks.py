"""What happened to a task, as the services report it.

Every change a service makes returns one of these; ``bot.notifier`` alone
turns them into messages (who is told, in which words, under which outbox
key). So a handler, a job and a CLI command that make the same change tell
the same people. The events hold the rows they are about, loaded in the
transaction that made the change; they are rendered in that transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from db.models import Employee, ExtensionRequest, Task


@dataclass(frozen=True)
class Evidence:
    """A file sent as the evidence of a submission."""

    kind: str  # photo | document
    file_id: str
    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class TaskChange:
    """One change of one task, made by ``actor`` (None: the system) at ``at``.
    ``history_id`` is the task_events row recording it (None for facts that
    change nothing, such as a reminder falling due)."""

    KIND: ClassVar[str]
    task: Task
    actor: Employee | None
    at: datetime
    history_id: int | None = None

    @property
    def kind(self) -> str:
        """The history kind ("started", "submitted", ...), also the suffix of
        the confirmation text ``tasks.done.<kind>``."""
        return self.KIND


@dataclass(frozen=True, kw_only=True)
class TaskAssigned(TaskChange):
    KIND = "created"


@dataclass(frozen=True, kw_only=True)
class TaskStarted(TaskChange):
    KIND = "started"


@dataclass(frozen=True, kw_only=True)
class TaskProgressed(TaskChange):
    KIND = "progress"
    percent: int
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class TaskSubmitted(TaskChange):
    """Reported done; ``evidence`` is what came with the report (the first
    file of an album: the rest follow as ``EvidenceAdded``)."""

    KIND = "submitted"
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EvidenceAdded(TaskChange):
    """A later file of the album a submission came with; ``history_id`` is the
    submission's, ``position`` counts from 1 (the submission's own file)."""

    KIND = "evidence_added"
    evidence: Evidence
    position: int
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class TaskAccepted(TaskChange):
    KIND = "accepted"


@dataclass(frozen=True, kw_only=True)
class TaskReturned(TaskChange):
    KIND = "returned"
    note: str


@dataclass(frozen=True, kw_only=True)
class TaskCancelled(TaskChange):
    KIND = "cancelled"


@dataclass(frozen=True, kw_only=True)
class ExtensionRequested(TaskChange):
    KIND = "extension_requested"
    request: ExtensionRequest
    old_deadline: datetime


@dataclass(frozen=True, kw_only=True)
class ExtensionDecided(TaskChange):
    KIND = "extension_decided"
    request: ExtensionRequest
    approved: bool
    note: str | None = None

    @staticmethod
    def kind_for(approved: bool) -> str:
        return "extension_approved" if approved else "extension_rejected"

    @property
    def kind(self) -> str:
        return self.kind_for(self.approved)


@dataclass(frozen=True, kw_only=True)
class TaskReminderDue(TaskChange):
    """A reminder (``label``: hours before the deadline, "0" at it) is due."""

    KIND = "reminder"
    label: str
    deadline: datetime


# the changes after which nothing should remind the assignee any more
CLOSING = (TaskSubmitted, TaskAccepted, TaskCancelled)
