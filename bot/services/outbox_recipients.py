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
  that was moved; a leave request cancelled before it reached its approver.

Conditions are ``<name>:<arguments>``; ``task_open_condition`` makes the one
reminders carry, ``bot.services.day_conditions`` those of the day's messages
(a check-in reminder no longer applies once its person checked in; a no-show
digest is rebuilt without who arrived since it was queued), ``pattern_condition``
the one of a pattern alert (chronic
lateness, PP 94/2021): it holds while the marks the alert names still count
enough (a dispensation or a leave approved meanwhile cancels it), and
``leave_pending_condition`` the one of a leave request sent to its approver.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import day_conditions
from bot.services.employees import next_manager_up
from bot.services.outbox import forwarded
from bot.services.outbox_claims import unclaimed
from db.models import OPEN_TASK_STATUSES, Employee, OutboxMessage, Task, TelegramBinding
from db.models_day import Alert, AttendanceMark, LeaveRequest, PresenceAsk

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


def presence_ask_condition(ask_id: int) -> str:
    """Holds while the presence check's ask still waits for an answer (not
    answered, not closed: an ask sent after that would no longer be true)."""
    return f"presence-ask:{ask_id}"


def mark_counts_condition(mark_id: int) -> str:
    """Holds while the attendance mark counts (no leave cleared it, no
    supervisor excused it)."""
    return f"mark-counts:{mark_id}"


async def _presence_ask(session: AsyncSession, argument: str) -> bool:
    ask = await session.get(PresenceAsk, int(argument)) if argument.isdigit() else None
    return ask is not None and ask.result == "pending"


async def _mark_counts(session: AsyncSession, argument: str) -> bool:
    mark = await session.get(AttendanceMark, int(argument)) if argument.isdigit() else None
    return mark is not None and mark.cleared_by_leave_id is None and mark.excused_at is None


async def _load_presence(session: AsyncSession, conditions: list[str]) -> list[object]:
    """One query each for the asks and marks the conditions name (as _load_tasks)."""
    wanted: dict[str, set[int]] = {"presence-ask": set(), "mark-counts": set()}
    for condition in conditions:
        name, _, argument = condition.partition(":")
        if name in wanted and argument.isdigit():
            wanted[name].add(int(argument))
    loaded: list[object] = []
    if wanted["presence-ask"]:
        loaded += await session.scalars(
            select(PresenceAsk).where(PresenceAsk.id.in_(wanted["presence-ask"])))
    if wanted["mark-counts"]:
        loaded += await session.scalars(
            select(AttendanceMark).where(AttendanceMark.id.in_(wanted["mark-counts"])))
    return loaded
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
def leave_pending_condition(request_id: int) -> str:
    """Holds while the leave request still waits for a decision (a request
    cancelled before its notice went out is not sent to the approver)."""
    return f"leave-pending:{request_id}"


async def _leave_pending(session: AsyncSession, argument: str) -> bool:
    if not argument.isdigit():
        return False
    request = await session.get(LeaveRequest, int(argument))
    return request is not None and request.status == "pending"


CONDITIONS: dict[str, Callable[[AsyncSession, str], Awaitable[bool]]] = {
    "task-open": _task_open,
    "presence-ask": _presence_ask,
    "mark-counts": _mark_counts,
    "pattern": _pattern_holds,
    "leave-pending": _leave_pending,
    **day_conditions.CONDITIONS,  # not-checked-in, not-checked-out
}
# conditions settled for all the due rows that carry one at once (a morning's
# thousands of reminders: one query, not one per row); each returns the rows to
# cancel and may bring a row's text up to date (the no-show digest)
BATCHES: dict[str, Callable[[AsyncSession, list[OutboxMessage], datetime],
                            Awaitable[list[OutboxMessage]]]] = {
    **day_conditions.BATCHES,
}


async def holds(session: AsyncSession, condition: str) -> bool:
    name, _, argument = condition.partition(":")
    check = CONDITIONS.get(name)
    return check is not None and await check(session, argument)


def _cancel(row: OutboxMessage, reason: str) -> None:
    row.status, row.last_error = CANCELLED, reason


def _due(now: datetime) -> ColumnElement[bool]:
    # a row another sender has claimed is theirs to send as it stands
    return and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
                unclaimed(now))


async def settle_due(session: AsyncSession, *, now: datetime, default_language: str) -> int:
    """Resolve the recipients and conditions of the due rows (see the module
    docstring); how many rows were cancelled."""
    cancelled = 0
    conditional = list(await session.scalars(
        select(OutboxMessage).where(_due(now), OutboxMessage.requires.is_not(None))))
    loaded = await _load_tasks(session, [row.requires or "" for row in conditional])
    presence = await _load_presence(session, [row.requires or "" for row in conditional])
    batched: dict[str, list[OutboxMessage]] = defaultdict(list)
    for row in conditional:
        assert row.requires is not None
        name = row.requires.partition(":")[0]
        if name in BATCHES:
            batched[name].append(row)
        elif not await holds(session, row.requires):
            _cancel(row, f"not sent: no longer applies ({row.requires})")
            cancelled += 1
    for name, rows in batched.items():
        for row in await BATCHES[name](session, rows, now):
            _cancel(row, f"not sent: no longer applies ({row.requires})")
            cancelled += 1
    del loaded, presence
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
