"""A task's life: its statuses, and which action is allowed in which status
and by whom. The services, the keyboards and the flows all ask here.

Pure rules: no database, no Telegram, no texts. A refusal carries a text key
(``tasks.refused.*``) that the caller renders in the user's language.
"""

from __future__ import annotations

from enum import StrEnum


class TaskStatus(StrEnum):
    """The stored values of ``tasks.status`` (and of a history row's from/to)."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_VERIFICATION = "awaiting_verification"
    DONE = "done"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class Role(StrEnum):
    """How someone stands to a task. The verifier is whoever gave it or
    manages the assignee (worked out by the services, which see the roster)."""

    ASSIGNEE = "assignee"
    VERIFIER = "verifier"


class TaskAction(StrEnum):
    """What can be done to a task. The values are the actions of the task
    buttons (``TaskCB``), so a keyboard packs them as they are."""

    OPEN = "open"  # see the card and its history
    START = "start"
    PROGRESS = "progress"
    SUBMIT = "done"  # report it done, with or without evidence
    EXTEND = "extend"  # ask for a later deadline
    ACCEPT = "accept"
    RETURN = "return"
    CANCEL = "cancel"
    DECIDE_EXTENSION = "decide_extension"  # approve or reject a request


def action_named(name: str) -> TaskAction | None:
    """The action a button's data names, or None for anything else."""
    return next((action for action in TaskAction if action.value == name), None)


# being worked on: the assignee may report, submit or ask for more time
OPEN_STATUSES = frozenset({TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED})
# on someone's list: still open, or waiting for the verifier
LISTED_STATUSES = OPEN_STATUSES | {TaskStatus.AWAITING_VERIFICATION}
CLOSED_STATUSES = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})

_ANY = frozenset(TaskStatus)
_BOTH = frozenset(Role)

# action -> (who may do it, in which statuses, the status it leads to: None = unchanged)
RULES: dict[TaskAction, tuple[frozenset[Role], frozenset[TaskStatus], TaskStatus | None]] = {
    TaskAction.OPEN: (_BOTH, _ANY, None),
    TaskAction.START: (frozenset({Role.ASSIGNEE}),
                       frozenset({TaskStatus.NEW, TaskStatus.RETURNED}), TaskStatus.IN_PROGRESS),
    TaskAction.PROGRESS: (frozenset({Role.ASSIGNEE}), OPEN_STATUSES, TaskStatus.IN_PROGRESS),
    TaskAction.SUBMIT: (frozenset({Role.ASSIGNEE}), OPEN_STATUSES,
                        TaskStatus.AWAITING_VERIFICATION),
    TaskAction.EXTEND: (frozenset({Role.ASSIGNEE}), OPEN_STATUSES, None),
    TaskAction.ACCEPT: (frozenset({Role.VERIFIER}),
                        frozenset({TaskStatus.AWAITING_VERIFICATION}), TaskStatus.DONE),
    TaskAction.RETURN: (frozenset({Role.VERIFIER}),
                        frozenset({TaskStatus.AWAITING_VERIFICATION}), TaskStatus.RETURNED),
    TaskAction.CANCEL: (frozenset({Role.VERIFIER}), LISTED_STATUSES, TaskStatus.CANCELLED),
    TaskAction.DECIDE_EXTENSION: (frozenset({Role.VERIFIER}), OPEN_STATUSES, None),
}


class Refusal(Exception):
    """A request that is not allowed: nothing changes, and the user is told
    ``key`` (a text key) with ``values`` filled in. Not an error."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _not_allowed_key(roles: frozenset[Role]) -> str:
    return "tasks.refused.not_verifier" if roles == {Role.VERIFIER} else "tasks.refused.not_yours"


def check_can(action: TaskAction, status: TaskStatus, role: Role | None) -> None:
    """Raise ``Refusal`` unless ``role`` may do ``action`` in ``status``.
    Who is asked first: someone with no standing learns nothing of the status."""
    roles, statuses, _ = RULES[action]
    if role not in roles:
        raise Refusal(_not_allowed_key(roles))
    if status not in statuses:
        raise Refusal(f"tasks.refused.status.{TaskStatus(status).value}")


def can(action: TaskAction, status: TaskStatus, role: Role | None) -> bool:
    try:
        check_can(action, status, role)
    except Refusal:
        return False
    return True


def allowed_actions(status: TaskStatus, role: Role | None) -> list[TaskAction]:
    """Every action ``role`` may take in ``status``, in the order of ``TaskAction``."""
    return [action for action in TaskAction if can(action, status, role)]


def status_after(action: TaskAction, status: TaskStatus) -> TaskStatus:
    """The status a task has once ``action`` (already checked) is done."""
    target = RULES[action][2]
    return status if target is None else target


# extension requests: pending until decided, or closed with their task
EXTENSION_PENDING = "pending"


def check_can_decide_extension(status: TaskStatus, request_status: str,
                               role: Role | None) -> None:
    """A pending request of a task still being worked on, decided by its verifier."""
    roles = RULES[TaskAction.DECIDE_EXTENSION][0]
    if role not in roles:
        raise Refusal(_not_allowed_key(roles))
    if request_status != EXTENSION_PENDING:
        raise Refusal(f"tasks.refused.extension_{request_status}")
    check_can(TaskAction.DECIDE_EXTENSION, status, role)
