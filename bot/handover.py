"""Work waiting on someone who is no longer active goes to the next one up.

When an employee is deactivated (``hadir employee deactivate`` or the
roster's ``active`` column), the submissions waiting for their verification
and the extension requests waiting for their decision are sent again, with
their buttons, to the next active manager above them (their supervisor, else
the head of their unit or of a unit above), with a first line saying why; so
are the leave requests waiting for their decision (with their attachment).
A submission comes again with its evidence (every file, the first with the
buttons). That manager may then verify and decide them (``tasks.may_verify``).
Notices still waiting in the outbox for the inactive person, and those queued
later, are handed over by the outbox itself (``escalate``): what such a
notice already carries is not sent a second time here.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Evidence
from bot.notifier import evidence_file_notice, file_method, handover_key, task_of_key
from bot.notifier import leave as leave_notices
from bot.services.employees import home_timezone, next_manager_up
from bot.services.outbox import enqueue_for_employee
from bot.task_views import (
    NAME_MAX,
    NOTE_MAX,
    card,
    clip,
    extension_keyboard,
    manager_keyboard,
    short_title,
    when,
)
from bot.texts import text
from db.models import Employee, EvidenceFile, ExtensionRequest, OutboxMessage, Task, TaskEvent
from db.models_day import LeaveRequest

log = logging.getLogger(__name__)


async def _forwarded_by_outbox(session: AsyncSession, inactive: Employee) -> set[int]:
    """Tasks whose notice to ``inactive`` still waits to be sent: the outbox
    hands that notice (with its file and buttons) to the next one up."""
    keys = await session.scalars(
        select(OutboxMessage.key).where(OutboxMessage.employee_id == inactive.id,
                                        OutboxMessage.status == "pending",
                                        OutboxMessage.escalate.is_(True)))
    return {task_id for key in keys if (task_id := task_of_key(key)) is not None}


async def _evidence_of(session: AsyncSession, tasks: list[Task]) -> dict[int, list[Evidence]]:
    """The files of each task's latest submission, in their order (two queries)."""
    if not tasks:
        return {}
    latest: dict[int, int] = {}
    for event_id, task_id in await session.execute(
            select(TaskEvent.id, TaskEvent.task_id)
            .where(TaskEvent.task_id.in_([t.id for t in tasks]),
                   TaskEvent.kind == "submitted").order_by(TaskEvent.id)):
        latest[task_id] = event_id
    task_of_event = {event_id: task_id for task_id, event_id in latest.items()}
    files: dict[int, list[Evidence]] = {}
    for row in await session.scalars(
            select(EvidenceFile).where(EvidenceFile.event_id.in_(list(task_of_event)))
            .order_by(EvidenceFile.event_id, EvidenceFile.position)):
        files.setdefault(task_of_event[row.event_id], []).append(
            Evidence(kind=row.kind, file_id=row.file_id, name=row.file_name))
    return files


async def hand_over(session: AsyncSession, inactive: Employee, *, now: datetime,
                    default_language: str) -> int:
    """Queue the waiting work of ``inactive`` to the next one up; how many
    pieces of work go up (those the outbox forwards by itself included)."""
    return (await _tasks_waiting(session, inactive, now=now, default_language=default_language)
            + await _leave_waiting(session, inactive, now=now,
                                   default_language=default_language))


async def _leave_waiting(session: AsyncSession, inactive: Employee, *, now: datetime,
                         default_language: str) -> int:
    """Leave requests waiting for the decision of ``inactive``, sent again to
    the next one up (those whose notice still waits in the outbox go up by
    themselves)."""
    keys = await session.scalars(
        select(OutboxMessage.key).where(OutboxMessage.employee_id == inactive.id,
                                        OutboxMessage.status == "pending",
                                        OutboxMessage.escalate.is_(True)))
    in_outbox = {request_id for key in keys
                 if (request_id := leave_notices.request_of_key(key)) is not None}
    waiting = [request for request in await session.scalars(
        select(LeaveRequest).where(LeaveRequest.approver_id == inactive.id,
                                   LeaveRequest.status == "pending").order_by(LeaveRequest.id))
               if request.id not in in_outbox]
    if not waiting:
        return len(in_outbox)
    found = await next_manager_up(session, inactive)
    if found is None:
        log.warning("nobody above employee %s can decide their waiting leave requests",
                    inactive.id)
        return 0
    lang = found[0].language or default_language
    queued = len(in_outbox)
    for request in waiting:
        requester = await session.get(Employee, request.employee_id)
        assert requester is not None
        notice = leave_notices.request_notice(
            request, requester, inactive.id, lang,
            key=leave_notices.handover_key(request.id, inactive.id))
        queued += await enqueue_for_employee(
            session, inactive.id, key=notice.key, now=now, text=notice.text,
            reply_markup=notice.markup, method=notice.method, params=notice.params,
            escalate=True, requires=notice.requires, default_language=default_language)
    return queued


async def _tasks_waiting(session: AsyncSession, inactive: Employee, *, now: datetime,
                         default_language: str) -> int:
    in_outbox = await _forwarded_by_outbox(session, inactive)
    to_verify = [task for task in await session.scalars(
        select(Task).where(Task.assigned_by_id == inactive.id,
                           Task.status == "awaiting_verification").order_by(Task.id))
        if task.id not in in_outbox]
    extensions = [(request, task) for request, task in (await session.execute(
        select(ExtensionRequest, Task).join(Task, Task.id == ExtensionRequest.task_id)
        .where(Task.assigned_by_id == inactive.id, ExtensionRequest.status == "pending")
        .order_by(ExtensionRequest.id))).all() if task.id not in in_outbox]
    if not to_verify and not extensions:
        return len(in_outbox)
    found = await next_manager_up(session, inactive)
    if found is None:
        log.warning("nobody above employee %s can take over their waiting work", inactive.id)
        return 0
    target = found[0]
    lang = target.language or default_language
    tz = home_timezone(target)
    evidence = await _evidence_of(session, to_verify)
    queued = len(in_outbox)
    for task in to_verify:
        files = evidence.get(task.id, [])
        body = text("tasks.notice.handover_verify", lang,
                    assignee=clip(task.assignee.name, NAME_MAX),
                    card=card(task, now, lang, tz, compact=bool(files)))
        method, params = file_method(files[0]) if files else ("sendMessage", {})
        queued += await enqueue_for_employee(
            session, inactive.id, key=handover_key(task.id, inactive.id, "verify"), now=now,
            text=body, reply_markup=manager_keyboard(task, lang), method=method, params=params,
            escalate=True, default_language=default_language)
        for position, file in enumerate(files[1:], start=2):
            notice = evidence_file_notice(task, inactive.id, file, position, lang,
                                          key=handover_key(task.id, inactive.id,
                                                           f"verify:{position}"))
            await enqueue_for_employee(  # part of the same piece of work
                session, inactive.id, key=notice.key, now=now, text=notice.text,
                method=notice.method, params=notice.params, escalate=True,
                default_language=default_language)
    for request, task in extensions:
        body = text("tasks.notice.extension_requested", lang,
                    assignee=html.escape(task.assignee.name), title=short_title(task),
                    old=when(task.deadline, tz, lang), new=when(request.new_deadline, tz, lang),
                    reason=clip(request.reason, NOTE_MAX))
        queued += await enqueue_for_employee(
            session, inactive.id, key=handover_key(task.id, inactive.id, f"ext:{request.id}"),
            now=now, text=body, reply_markup=extension_keyboard(request.id, lang),
            escalate=True, default_language=default_language)
    return queued
