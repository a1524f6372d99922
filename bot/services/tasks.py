"""Tasks: who may give work to whom, and every change of a task's life.

Each change checks the actor and the task's status, writes a history row, and
queues the messages it causes in the same transaction. A refusal raises
``Refused`` with a text key; nothing is written then.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    CompoundSelect,
    Select,
    delete,
    select,
    union,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.employees import next_manager_up
from db.models import (
    OPEN_TASK_STATUSES,
    PRIORITIES,
    Employee,
    ExtensionRequest,
    OutboxMessage,
    Task,
    TaskEvent,
    Unit,
)

MANAGER_ROLES = ("supervisor", "head")
TITLE_MAX = 200
TEXT_MAX = 2000


class Refused(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Evidence:
    kind: str  # photo | document
    file_id: str
    name: str | None = None


@dataclass
class Change:
    """What happened, for the caller to announce (texts are rendered there)."""

    task: Task
    event: TaskEvent
    extension: ExtensionRequest | None = None
    notify: list[str] = field(default_factory=list)


# --- who manages whom -------------------------------------------------------


def _team_ids(manager: Employee) -> Select[tuple[int]] | CompoundSelect[tuple[int]]:
    """Ids of the manager's people, in one recursive query: a supervisor's
    reports, direct and indirect; for a head also everyone in the units they
    head and the units below."""
    reports = (select(Employee.id).where(Employee.supervisor_id == manager.id)
               .cte("reports", recursive=True))
    reports = reports.union(
        select(Employee.id).join(reports, Employee.supervisor_id == reports.c.id))
    if manager.role != "head":
        return select(reports.c.id)
    # only the units they head (units.head_nip): a "head" who heads none manages their
    # reports only, never the whole unit and its real head (the import refuses such a row)
    roots = (select(Unit.id).where(Unit.head_id == manager.id)
             .cte("unit_tree", recursive=True))
    roots = roots.union(select(Unit.id).join(roots, Unit.parent_id == roots.c.id))
    return union(select(reports.c.id),
                 select(Employee.id).where(Employee.unit_id.in_(select(roots.c.id))))


async def team_of(session: AsyncSession, manager: Employee) -> list[Employee]:
    """Everyone the manager may give work to (see ``_team_ids``), by name."""
    if manager.role not in MANAGER_ROLES:
        return []
    team = await session.scalars(
        select(Employee).where(Employee.id.in_(_team_ids(manager)), Employee.active.is_(True),
                               Employee.id != manager.id))
    return sorted(team, key=lambda e: e.name.casefold())


async def manages(session: AsyncSession, manager: Employee, employee_id: int) -> bool:
    if manager.role not in MANAGER_ROLES or employee_id == manager.id:
        return False
    found = await session.scalar(
        select(Employee.id).where(Employee.id == employee_id, Employee.active.is_(True),
                                  Employee.id.in_(_team_ids(manager))))
    return found is not None


# --- creating ---------------------------------------------------------------


def _clean(text: str | None, limit: int, key: str) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split()) if limit == TITLE_MAX else text.strip()
    if len(text) > limit:
        raise Refused(key, limit=limit)
    return text or None


async def create_tasks(
    session: AsyncSession, manager: Employee, assignee_ids: Sequence[int], *, title: str,
    description: str | None, deadline: datetime, priority: str, now: datetime,
) -> list[Task]:
    if manager.role not in MANAGER_ROLES:
        raise Refused("tasks.refused.not_manager")
    clean_title = _clean(title, TITLE_MAX, "tasks.refused.title_long")
    if not clean_title:
        raise Refused("tasks.refused.title_empty")
    clean_description = _clean(description, TEXT_MAX, "tasks.refused.text_long")
    if deadline <= now:
        raise Refused("tasks.refused.deadline_past")
    if priority not in PRIORITIES:
        raise Refused("tasks.refused.stale")
    if not assignee_ids:
        raise Refused("tasks.refused.no_assignee")
    team = {e.id for e in await team_of(session, manager)}
    if not set(assignee_ids) <= team:
        raise Refused("tasks.refused.not_your_team")
    batch = secrets.token_hex(8)
    tasks = []
    for assignee_id in dict.fromkeys(assignee_ids):  # keep order, drop repeats
        task = Task(batch=batch, assignee_id=assignee_id, assigned_by_id=manager.id,
                    title=clean_title, description=clean_description, deadline=deadline,
                    priority=priority, status="new", progress=0, created_at=now, updated_at=now,
                    deadline_set_at=now)
        session.add(task)
        tasks.append(task)
    await session.flush()
    for task in tasks:
        _record(session, task, manager, "created", now, to_status="new", new_deadline=deadline)
        await session.refresh(task, ["assignee", "assigned_by"])
    await session.flush()
    return tasks


def _record(session: AsyncSession, task: Task, actor: Employee | None, kind: str, now: datetime,
            **fields: object) -> TaskEvent:
    event = TaskEvent(task_id=task.id, at=now, actor_id=actor.id if actor else None, kind=kind,
                      **fields)
    session.add(event)
    return event


# --- changing ---------------------------------------------------------------


async def _close_loose_ends(session: AsyncSession, task: Task, now: datetime) -> None:
    """A task that is no longer being worked on (submitted, done, cancelled)
    has no pending extension request and no reminder still waiting to go."""
    await session.execute(
        update(ExtensionRequest)
        .where(ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending")
        .values(status="closed", decided_at=now)
    )
    await session.execute(
        delete(OutboxMessage).where(OutboxMessage.key.like(f"task:{task.id}:remind:%"),
                                    OutboxMessage.status == "pending")
    )


async def load_task(session: AsyncSession, task_id: int, *, for_update: bool = True) -> Task:
    query = select(Task).where(Task.id == task_id)
    task = await session.scalar(query.with_for_update(of=Task) if for_update else query)
    if task is None:
        raise Refused("tasks.refused.stale")
    return task


async def may_verify(session: AsyncSession, actor: Employee, task: Task) -> bool:
    """The one who gave the task, a manager of the assignee, or — when the one
    who gave it is no longer active — whoever took over their work."""
    if actor.id == task.assigned_by_id or await manages(session, actor, task.assignee_id):
        return True
    assigner = await session.get(Employee, task.assigned_by_id)
    if assigner is None or assigner.active:
        return False
    found = await next_manager_up(session, assigner)
    return found is not None and found[0].id == actor.id


def _assignee_only(actor: Employee, task: Task) -> None:
    if actor.id != task.assignee_id:
        raise Refused("tasks.refused.not_yours")


def _status(task: Task, allowed: Iterable[str]) -> None:
    if task.status not in allowed:
        raise Refused(f"tasks.refused.status.{task.status}")


def _move(session: AsyncSession, task: Task, actor: Employee, kind: str, now: datetime,
          to: str | None = None, **fields: object) -> TaskEvent:
    before = task.status
    if to is not None:
        task.status = to
    task.updated_at = now
    return _record(session, task, actor, kind, now, from_status=before, to_status=task.status,
                   **fields)


async def start(session: AsyncSession, actor: Employee, task: Task, now: datetime) -> Change:
    _assignee_only(actor, task)
    _status(task, ("new", "returned"))
    return Change(task, _move(session, task, actor, "started", now, "in_progress"))


async def report_progress(session: AsyncSession, actor: Employee, task: Task, percent: int,
                          note: str | None, now: datetime) -> Change:
    _assignee_only(actor, task)
    _status(task, OPEN_TASK_STATUSES)
    if not 0 <= percent <= 100:
        raise Refused("tasks.refused.percent")
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    task.progress = percent
    event = _move(session, task, actor, "progress", now, "in_progress", percent=percent,
                  note=clean)
    return Change(task, event, notify=["manager"])


async def submit(session: AsyncSession, actor: Employee, task: Task, note: str | None,
                 evidence: Evidence | None, now: datetime) -> Change:
    _assignee_only(actor, task)
    _status(task, OPEN_TASK_STATUSES)
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    task.progress = 100
    event = _move(session, task, actor, "submitted", now, "awaiting_verification", note=clean,
                  evidence_kind=evidence.kind if evidence else None,
                  evidence_file_id=evidence.file_id if evidence else None,
                  evidence_name=evidence.name if evidence else None)
    await _close_loose_ends(session, task, now)
    await session.flush()
    return Change(task, event, notify=["verifier"])


async def accept(session: AsyncSession, actor: Employee, task: Task, now: datetime) -> Change:
    if not await may_verify(session, actor, task):
        raise Refused("tasks.refused.not_verifier")
    _status(task, ("awaiting_verification",))
    task.completed_at = now
    await _close_loose_ends(session, task, now)
    return Change(task, _move(session, task, actor, "accepted", now, "done"),
                  notify=["assignee"])


async def send_back(session: AsyncSession, actor: Employee, task: Task, note: str,
                    now: datetime) -> Change:
    if not await may_verify(session, actor, task):
        raise Refused("tasks.refused.not_verifier")
    _status(task, ("awaiting_verification",))
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    if not clean:
        raise Refused("tasks.refused.note_needed")
    return Change(task, _move(session, task, actor, "returned", now, "returned", note=clean),
                  notify=["assignee"])


async def cancel(session: AsyncSession, actor: Employee, task: Task, now: datetime) -> Change:
    if not await may_verify(session, actor, task):
        raise Refused("tasks.refused.not_verifier")
    _status(task, (*OPEN_TASK_STATUSES, "awaiting_verification"))
    await _close_loose_ends(session, task, now)
    return Change(task, _move(session, task, actor, "cancelled", now, "cancelled"),
                  notify=["assignee"])


async def request_extension(session: AsyncSession, actor: Employee, task: Task,
                            new_deadline: datetime, reason: str, now: datetime) -> Change:
    _assignee_only(actor, task)
    _status(task, OPEN_TASK_STATUSES)
    if new_deadline <= task.deadline or new_deadline <= now:
        raise Refused("tasks.refused.extension_not_later")
    clean = _clean(reason, TEXT_MAX, "tasks.refused.text_long")
    if not clean:
        raise Refused("tasks.refused.note_needed")
    pending = await session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending"))
    if pending is not None:
        raise Refused("tasks.refused.extension_pending")
    request = ExtensionRequest(task_id=task.id, requested_by_id=actor.id, requested_at=now,
                               new_deadline=new_deadline, reason=clean, status="pending")
    session.add(request)
    event = _move(session, task, actor, "extension_requested", now, note=clean,
                  old_deadline=task.deadline, new_deadline=new_deadline)
    await session.flush()
    return Change(task, event, request, notify=["verifier"])


async def decide_extension(session: AsyncSession, actor: Employee, request_id: int,
                           approve: bool, note: str | None, now: datetime) -> Change:
    request = await session.scalar(
        select(ExtensionRequest).where(ExtensionRequest.id == request_id).with_for_update())
    if request is None:
        raise Refused("tasks.refused.stale")
    task = await load_task(session, request.task_id)
    if not await may_verify(session, actor, task):
        raise Refused("tasks.refused.not_verifier")
    if request.status != "pending":
        raise Refused(f"tasks.refused.extension_{request.status}")
    _status(task, OPEN_TASK_STATUSES)
    if approve and request.new_deadline <= now:
        raise Refused("tasks.refused.extension_past")
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    if not approve and not clean:
        raise Refused("tasks.refused.note_needed")
    request.status = "approved" if approve else "rejected"
    request.decided_by_id, request.decided_at, request.decision_note = actor.id, now, clean
    if approve:
        old = task.deadline
        task.deadline, task.deadline_set_at = request.new_deadline, now
        event = _move(session, task, actor, "extension_approved", now, note=clean,
                      old_deadline=old, new_deadline=request.new_deadline)
    else:
        event = _move(session, task, actor, "extension_rejected", now, note=clean)
    await session.flush()
    return Change(task, event, request, notify=["assignee"])


# --- reading ----------------------------------------------------------------

LISTED_STATUSES = (*OPEN_TASK_STATUSES, "awaiting_verification")


async def my_tasks(session: AsyncSession, employee_id: int) -> list[Task]:
    return list(await session.scalars(
        select(Task).where(Task.assignee_id == employee_id, Task.status.in_(LISTED_STATUSES))
        .order_by(Task.deadline, Task.id)))


async def team_tasks(session: AsyncSession, manager: Employee, now: datetime) -> list[Task]:
    """Open and waiting tasks of the manager's people, overdue first."""
    team = [e.id for e in await team_of(session, manager)]
    if not team:
        return []
    tasks = list(await session.scalars(
        select(Task).where(Task.assignee_id.in_(team), Task.status.in_(LISTED_STATUSES))
        .order_by(Task.deadline, Task.id)))
    order = {s: i for i, s in enumerate(("awaiting_verification", "returned", "in_progress",
                                         "new"))}
    return sorted(tasks, key=lambda t: (not is_overdue(t, now), order[t.status], t.deadline))


def is_overdue(task: Task, now: datetime) -> bool:
    """"Terlambat" is derived from the deadline, never stored."""
    return task.status in OPEN_TASK_STATUSES and task.deadline < now


async def history(session: AsyncSession, task_id: int) -> list[TaskEvent]:
    return list(await session.scalars(
        select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(TaskEvent.id)))
