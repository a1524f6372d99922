"""Tasks: who may give work to whom, and every change of a task's life.

Each change asks ``bot.rules.task_states`` whether the actor may make it in
the task's status, writes a history row, and returns the event it makes
(``bot.events``) for the caller to hand to ``bot.notifier``, in the same
transaction. A refusal raises ``Refused`` with a text key; nothing is
written then.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    CompoundSelect,
    Select,
    select,
    union,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import (
    Evidence,
    ExtensionDecided,
    ExtensionRequested,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskProgressed,
    TaskReturned,
    TaskStarted,
    TaskSubmitted,
)
from bot.rules.task_states import (
    OPEN_STATUSES,
    Refusal,
    Role,
    TaskAction,
    TaskStatus,
    check_can,
    check_can_decide_extension,
    status_after,
)
from bot.services.employees import next_manager_up
from db.models import (
    LISTED_TASK_STATUSES,
    PRIORITIES,
    Employee,
    EvidenceFile,
    ExtensionRequest,
    Task,
    TaskEvent,
    Unit,
)

MANAGER_ROLES = ("supervisor", "head")
TITLE_MAX = 200
TEXT_MAX = 2000

Refused = Refusal  # the name the handlers catch


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
) -> list[TaskAssigned]:
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
                    priority=priority, status=TaskStatus.NEW, progress=0, created_at=now,
                    updated_at=now, deadline_set_at=now)
        session.add(task)
        tasks.append(task)
    await session.flush()
    records = [_record(session, task, manager, TaskAssigned.KIND, now, to_status=TaskStatus.NEW,
                       new_deadline=deadline) for task in tasks]
    await session.flush()
    for task in tasks:
        await session.refresh(task, ["assignee", "assigned_by"])
    return [TaskAssigned(task=task, actor=manager, at=now, history_id=record.id)
            for task, record in zip(tasks, records, strict=True)]


def _record(session: AsyncSession, task: Task, actor: Employee | None, kind: str, now: datetime,
            **fields: object) -> TaskEvent:
    event = TaskEvent(task_id=task.id, at=now, actor_id=actor.id if actor else None, kind=kind,
                      **fields)
    session.add(event)
    return event


# --- changing ---------------------------------------------------------------


async def _close_extensions(session: AsyncSession, task: Task, now: datetime) -> None:
    """A task that is no longer being worked on (submitted, done, cancelled)
    has no pending extension request. (Its reminders still waiting to go are
    withdrawn by the notifier, which knows their keys.)"""
    await session.execute(
        update(ExtensionRequest)
        .where(ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending")
        .values(status="closed", decided_at=now)
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


async def role_of(session: AsyncSession, actor: Employee, task: Task) -> Role | None:
    """How ``actor`` stands to ``task``: its assignee, a verifier (who gave it,
    or manages the assignee), or None (no business with it)."""
    if actor.id == task.assignee_id:
        return Role.ASSIGNEE
    return Role.VERIFIER if await may_verify(session, actor, task) else None


async def check_allowed(session: AsyncSession, actor: Employee, task: Task,
                        action: TaskAction) -> Role:
    """Raise ``Refused`` unless ``actor`` may do ``action`` to ``task`` now;
    their role when they may."""
    role = await role_of(session, actor, task)
    check_can(action, task.status, role)
    assert role is not None
    return role


async def _move(session: AsyncSession, task: Task, actor: Employee, action: TaskAction,
                kind: str, now: datetime, **fields: object) -> int:
    """Apply an allowed action: the new status, the history row; its id."""
    before = task.status
    task.status = status_after(action, before)
    task.updated_at = now
    record = _record(session, task, actor, kind, now, from_status=before, to_status=task.status,
                     **fields)
    await session.flush()
    return record.id


async def start(session: AsyncSession, actor: Employee, task: Task,
                now: datetime) -> TaskStarted:
    await check_allowed(session, actor, task, TaskAction.START)
    history = await _move(session, task, actor, TaskAction.START, TaskStarted.KIND, now)
    return TaskStarted(task=task, actor=actor, at=now, history_id=history)


async def report_progress(session: AsyncSession, actor: Employee, task: Task, percent: int,
                          note: str | None, now: datetime) -> TaskProgressed:
    await check_allowed(session, actor, task, TaskAction.PROGRESS)
    if not 0 <= percent <= 100:
        raise Refused("tasks.refused.percent")
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    task.progress = percent
    history = await _move(session, task, actor, TaskAction.PROGRESS, TaskProgressed.KIND, now,
                          percent=percent, note=clean)
    return TaskProgressed(task=task, actor=actor, at=now, history_id=history, percent=percent,
                          note=clean)


async def submit(session: AsyncSession, actor: Employee, task: Task, note: str | None,
                 evidence: Evidence | None, now: datetime, *,
                 media_group_id: str | None = None) -> TaskSubmitted:
    """Report the task done. ``media_group_id``: the evidence is the first file
    of an album; its other files join this submission (``add_album_evidence``)."""
    await check_allowed(session, actor, task, TaskAction.SUBMIT)
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    task.progress = 100
    history = await _move(
        session, task, actor, TaskAction.SUBMIT, TaskSubmitted.KIND, now, note=clean,
        evidence_kind=evidence.kind if evidence else None,
        evidence_file_id=evidence.file_id if evidence else None,
        evidence_name=evidence.name if evidence else None,
        media_group_id=media_group_id if evidence else None)
    if evidence is not None:
        session.add(EvidenceFile(event_id=history, position=1, kind=evidence.kind,
                                 file_id=evidence.file_id, file_name=evidence.name))
    await _close_extensions(session, task, now)
    await session.flush()
    return TaskSubmitted(task=task, actor=actor, at=now, history_id=history, note=clean,
                         evidence=(evidence,) if evidence else ())


async def accept(session: AsyncSession, actor: Employee, task: Task,
                 now: datetime) -> TaskAccepted:
    await check_allowed(session, actor, task, TaskAction.ACCEPT)
    task.completed_at = now
    await _close_extensions(session, task, now)
    history = await _move(session, task, actor, TaskAction.ACCEPT, TaskAccepted.KIND, now)
    return TaskAccepted(task=task, actor=actor, at=now, history_id=history)


async def send_back(session: AsyncSession, actor: Employee, task: Task, note: str,
                    now: datetime) -> TaskReturned:
    await check_allowed(session, actor, task, TaskAction.RETURN)
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    if not clean:
        raise Refused("tasks.refused.note_needed")
    history = await _move(session, task, actor, TaskAction.RETURN, TaskReturned.KIND, now,
                          note=clean)
    return TaskReturned(task=task, actor=actor, at=now, history_id=history, note=clean)


async def cancel(session: AsyncSession, actor: Employee, task: Task,
                 now: datetime) -> TaskCancelled:
    await check_allowed(session, actor, task, TaskAction.CANCEL)
    await _close_extensions(session, task, now)
    history = await _move(session, task, actor, TaskAction.CANCEL, TaskCancelled.KIND, now)
    return TaskCancelled(task=task, actor=actor, at=now, history_id=history)


async def request_extension(session: AsyncSession, actor: Employee, task: Task,
                            new_deadline: datetime, reason: str,
                            now: datetime) -> ExtensionRequested:
    await check_allowed(session, actor, task, TaskAction.EXTEND)
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
    old = task.deadline
    history = await _move(session, task, actor, TaskAction.EXTEND, ExtensionRequested.KIND, now,
                          note=clean, old_deadline=old, new_deadline=new_deadline)
    return ExtensionRequested(task=task, actor=actor, at=now, history_id=history,
                              request=request, old_deadline=old)


async def load_extension(session: AsyncSession, request_id: int, *,
                         for_update: bool = True) -> ExtensionRequest:
    query = select(ExtensionRequest).where(ExtensionRequest.id == request_id)
    request = await session.scalar(query.with_for_update() if for_update else query)
    if request is None:
        raise Refused("tasks.refused.stale")
    return request


async def check_can_decide(session: AsyncSession, actor: Employee, request: ExtensionRequest,
                           task: Task) -> None:
    check_can_decide_extension(task.status, request.status, await role_of(session, actor, task))


async def decide_extension(session: AsyncSession, actor: Employee, request_id: int,
                           approve: bool, note: str | None, now: datetime) -> ExtensionDecided:
    request = await load_extension(session, request_id)
    task = await load_task(session, request.task_id)
    await check_can_decide(session, actor, request, task)
    if approve and request.new_deadline <= now:
        raise Refused("tasks.refused.extension_past")
    clean = _clean(note, TEXT_MAX, "tasks.refused.text_long")
    if not approve and not clean:
        raise Refused("tasks.refused.note_needed")
    request.status = "approved" if approve else "rejected"
    request.decided_by_id, request.decided_at, request.decision_note = actor.id, now, clean
    kind = ExtensionDecided.kind_for(approve)
    if approve:
        old = task.deadline
        task.deadline, task.deadline_set_at = request.new_deadline, now
        history = await _move(session, task, actor, TaskAction.DECIDE_EXTENSION, kind, now,
                              note=clean, old_deadline=old, new_deadline=request.new_deadline)
    else:
        history = await _move(session, task, actor, TaskAction.DECIDE_EXTENSION, kind, now,
                              note=clean)
    return ExtensionDecided(task=task, actor=actor, at=now, history_id=history, request=request,
                            approved=approve, note=clean)


# --- reading ----------------------------------------------------------------

async def my_tasks(session: AsyncSession, employee_id: int) -> list[Task]:
    return list(await session.scalars(
        select(Task).where(Task.assignee_id == employee_id, Task.status.in_(LISTED_TASK_STATUSES))
        .order_by(Task.deadline, Task.id)))


async def team_tasks(session: AsyncSession, manager: Employee, now: datetime) -> list[Task]:
    """Open and waiting tasks of the manager's people, overdue first."""
    team = [e.id for e in await team_of(session, manager)]
    if not team:
        return []
    tasks = list(await session.scalars(
        select(Task).where(Task.assignee_id.in_(team), Task.status.in_(LISTED_TASK_STATUSES))
        .order_by(Task.deadline, Task.id)))
    order = {s: i for i, s in enumerate((TaskStatus.AWAITING_VERIFICATION, TaskStatus.RETURNED,
                                         TaskStatus.IN_PROGRESS, TaskStatus.NEW))}
    return sorted(tasks, key=lambda t: (not is_overdue(t, now), order[t.status], t.deadline))


def is_overdue(task: Task, now: datetime) -> bool:
    """"Terlambat" is derived from the deadline, never stored."""
    return task.status in OPEN_STATUSES and task.deadline < now


async def history(session: AsyncSession, task_id: int) -> list[TaskEvent]:
    return list(await session.scalars(
        select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(TaskEvent.id)))
