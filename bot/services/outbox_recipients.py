"""Who a queued message is for, decided when it is sent, not when it was queued.

Before each round the sender settles the due rows:

* a row for an employee goes to the chat they are bound to now (a new phone
  gets what was queued for the old one); while they have no binding at all
  (``hadir employee unbind``) their rows wait;
* a row for an inactive employee is cancelled — or, when it is work waiting
  on them (``escalate``), handed to the next active manager above them, with
  a line saying so;
* a row whose condition (``requires``) no longer holds is cancelled: a
  reminder of a task submitted, done or cancelled meanwhile, or of a deadline
  that was moved.

Conditions are ``<name>:<arguments>``; ``task_open_condition`` makes the one
reminders carry, ``pattern_condition`` the one of a pattern alert (chronic
lateness, PP 94/2021): it holds while the marks the alert names still count
enough (a dispensation or a leave approved meanwhile cancels it).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.employees import next_manager_up
from bot.services.outbox import forwarded
from db.models import OPEN_TASK_STATUSES, Employee, OutboxMessage, Task, TelegramBinding
from db.models_day import Alert, AttendanceMark

log = logging.getLogger(__name__)

CANCELLED = "cancelled"


def task_open_condition(task_id: int, deadline: datetime) -> str:
    """Holds while the task is open and its deadline is still this one."""
    return f"task-open:{task_id}:{int(deadline.timestamp())}"


async def _task_open(session: AsyncSession, argument: str) -> bool:
    task_id, _, stamp = argument.partition(":")
    if not task_id.isdigit() or not stamp.lstrip("-").isdigit():
        return False
    task = await session.get(Task, int(task_id))
    return (task is not None and task.status in OPEN_TASK_STATUSES
            and int(task.deadline.timestamp()) == int(stamp))


async def _load_tasks(session: AsyncSession, conditions: list[str]) -> list[Task]:
    """One query for the tasks the conditions name: while the caller holds the
    list, ``session.get`` finds them without another query."""
    ids = {int(c.split(":")[1]) for c in conditions
           if c.startswith("task-open:") and c.split(":")[1].isdigit()}
    return list(await session.scalars(select(Task).where(Task.id.in_(ids)))) if ids else []


def pattern_condition(alert_id: int) -> str:
    """Holds while the marks the alert's facts name (``marks``) still add up to
    ``needed``: counted, or their ``minutes`` summed (``measure``)."""
    return f"pattern:{alert_id}"


async def _pattern_holds(session: AsyncSession, argument: str) -> bool:
    alert = await session.get(Alert, int(argument)) if argument.isdigit() else None
    if alert is None:
        return False
    ids, needed = alert.facts.get("marks") or [], alert.facts.get("needed")
    if not ids or needed is None:
        return True
    still = (await session.execute(select(AttendanceMark.facts).where(
        AttendanceMark.id.in_([int(i) for i in ids]),
        AttendanceMark.cleared_by_leave_id.is_(None), AttendanceMark.excused_at.is_(None)))
    ).scalars().all()
    if alert.facts.get("measure") == "minutes":
        return sum(int((facts or {}).get("minutes") or 0) for facts in still) >= int(needed)
    return len(still) >= int(needed)


CONDITIONS: dict[str, Callable[[AsyncSession, str], Awaitable[bool]]] = {
    "task-open": _task_open,
    "pattern": _pattern_holds,
}


async def holds(session: AsyncSession, condition: str) -> bool:
    name, _, argument = condition.partition(":")
    check = CONDITIONS.get(name)
    return check is not None and await check(session, argument)


def _cancel(row: OutboxMessage, reason: str) -> None:
    row.status, row.last_error = CANCELLED, reason


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)


async def settle_due(session: AsyncSession, *, now: datetime, default_language: str) -> int:
    """Resolve the recipients and conditions of the due rows (see the module
    docstring); how many rows were cancelled."""
    cancelled = 0
    conditional = list(await session.scalars(
        select(OutboxMessage).where(_due(now), OutboxMessage.requires.is_not(None))))
    loaded = await _load_tasks(session, [row.requires or "" for row in conditional])
    for row in conditional:
        assert row.requires is not None
        if not await holds(session, row.requires):
            _cancel(row, f"not sent: no longer applies ({row.requires})")
            cancelled += 1
    del loaded
    inactive = (select(OutboxMessage, Employee)
                .join(Employee, Employee.id == OutboxMessage.employee_id)
                .where(_due(now), Employee.active.is_(False)))
    for row, employee in (await session.execute(inactive)).all():
        if row.status != "pending":
            continue
        found = await next_manager_up(session, employee) if row.escalate else None
        if found is None:
            _cancel(row, "not sent: the recipient is inactive"
                    + (" and nobody above them can take over" if row.escalate else ""))
            cancelled += 1
            continue
        target, binding = found
        field = "text" if row.method == "sendMessage" else "caption"
        payload = dict(row.payload)
        payload[field] = forwarded(str(payload.get(field, "")), employee,
                                   target.language or default_language)
        row.employee_id, row.payload = target.id, payload
        row.chat_id = binding.chat_id
    await session.flush()
    # everyone else: the chat of their binding now
    current = (select(TelegramBinding.chat_id)
               .where(TelegramBinding.employee_id == OutboxMessage.employee_id)
               .scalar_subquery())
    moved = exists().where(and_(TelegramBinding.employee_id == OutboxMessage.employee_id,
                                TelegramBinding.chat_id != OutboxMessage.chat_id))
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.status == "pending", moved)
        .values(chat_id=current).execution_options(synchronize_session=False))
    if cancelled:
        log.info("outbox: %d messages cancelled (no longer applying)", cancelled)
    return cancelled
