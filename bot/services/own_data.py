"""/dataku: everything Hadir holds about one person (UU 27/2022 Pasal 7),
read in one query per part — never a query per row — as plain tuples (no
ORM objects held), for ``bot.own_data_book`` to write.

Only the person's own data: their rows, and of others only the name of the
other party on a task or a leave request (who gave it, who decided it) and
of who viewed their data. On the tasks they gave, only what they did is in
the history; the assignee's reports stay the assignee's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.services.access_log import Access, accesses_of
from db.models import (
    AttendanceEvent,
    Employee,
    Office,
    PositionSample,
    Task,
    TaskEvent,
    TelegramBinding,
    Unit,
)
from db.models_day import Alert, AttendanceMark, DayRecord, LeaveRequest, PresenceAsk

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Profile:
    name: str
    nip: str
    unit: str
    role: str
    supervisor: str | None
    offices: tuple[str, ...]
    schedule_code: str
    language: str | None
    active: bool
    telegram_user_id: int | None
    telegram_username: str | None
    bound_at: datetime | None


@dataclass
class OwnData:
    """The parts of the file, each a list of rows in the order of its sheet."""

    profile: Profile
    events: list[Row] = field(default_factory=list)
    days: list[Row] = field(default_factory=list)
    positions: list[Row] = field(default_factory=list)
    presence: list[Row] = field(default_factory=list)
    leave: list[Row] = field(default_factory=list)
    tasks: list[Row] = field(default_factory=list)
    task_events: list[Row] = field(default_factory=list)
    marks: list[Row] = field(default_factory=list)
    alerts: list[Row] = field(default_factory=list)
    accesses: list[Access] = field(default_factory=list)


async def _profile(session: AsyncSession, me: Employee) -> Profile:
    supervisor = (await session.scalar(select(Employee.name)
                                       .where(Employee.id == me.supervisor_id))
                  if me.supervisor_id is not None else None)
    binding = (await session.execute(
        select(TelegramBinding.telegram_user_id, TelegramBinding.username,
               TelegramBinding.bound_at).where(TelegramBinding.employee_id == me.id))).first()
    return Profile(me.name, me.nip, f"{me.unit.code} — {me.unit.name}", me.role, supervisor,
                   tuple(o.name for o in me.offices), me.schedule_code, me.language, me.active,
                   binding[0] if binding else None, binding[1] if binding else None,
                   binding[2] if binding else None)


def _rows(result: Any) -> list[Row]:
    return [tuple(row) for row in result]


async def gather(session: AsyncSession, me: Employee) -> OwnData:
    """Everything about ``me``: a fixed number of queries, whatever their history."""
    data = OwnData(await _profile(session, me))
    event = AttendanceEvent
    data.events = _rows(await session.execute(
        select(event.work_date, event.kind, event.occurred_at, Office.timezone, Office.name,
               event.latitude, event.longitude, event.accuracy_m, event.distance_m,
               event.code, event.minutes_off, event.day_type, event.live_period)
        .join(Office, Office.id == event.office_id)
        .where(event.employee_id == me.id).order_by(event.occurred_at, event.id)))
    data.days = _rows(await session.execute(
        select(DayRecord.work_date, DayRecord.status, DayRecord.code, DayRecord.check_in_code,
               DayRecord.check_out_code, DayRecord.late_minutes, DayRecord.early_minutes,
               DayRecord.apel_missed, DayRecord.midday_absences, Unit.code,
               DayRecord.holiday_name)
        .outerjoin(Unit, Unit.id == DayRecord.unit_id)
        .where(DayRecord.employee_id == me.id).order_by(DayRecord.work_date)))
    data.positions = _rows(await session.execute(
        select(PositionSample.sampled_at, Office.timezone, PositionSample.latitude,
               PositionSample.longitude, PositionSample.accuracy_m, PositionSample.distance_m)
        .join(event, event.id == PositionSample.event_id)
        .join(Office, Office.id == event.office_id)
        .where(event.employee_id == me.id)
        .order_by(PositionSample.sampled_at, PositionSample.id)))
    data.presence = _rows(await session.execute(
        select(PresenceAsk.work_date, PresenceAsk.asked_at, PresenceAsk.answered_at,
               PresenceAsk.result, PresenceAsk.latitude, PresenceAsk.longitude,
               PresenceAsk.distance_m, PresenceAsk.place)
        .where(PresenceAsk.employee_id == me.id)
        .order_by(PresenceAsk.asked_at, PresenceAsk.id)))
    approver, decider = aliased(Employee), aliased(Employee)
    leave = LeaveRequest
    data.leave = _rows(await session.execute(
        select(leave.kind, leave.status, leave.start_date, leave.end_date, leave.start_at,
               leave.end_at, leave.working_days, leave.reason, leave.attachment_name,
               leave.latitude, leave.longitude, leave.requested_at, approver.name,
               decider.name, leave.decided_at, leave.decision_note)
        .outerjoin(approver, approver.id == leave.approver_id)
        .outerjoin(decider, decider.id == leave.decided_by_id)
        .where(leave.employee_id == me.id).order_by(leave.requested_at, leave.id)))
    other = aliased(Employee)
    data.tasks = _rows(await session.execute(
        select(Task.assignee_id == me.id, Task.title, Task.description, other.name,
               Task.deadline, Task.priority, Task.status, Task.progress, Task.created_at,
               Task.completed_at)
        # the other party: who gave it (a task of mine), or whom I gave it to
        .join(other, other.id == case((Task.assignee_id == me.id, Task.assigned_by_id),
                                      else_=Task.assignee_id))
        .where(or_(Task.assignee_id == me.id, Task.assigned_by_id == me.id))
        .order_by(Task.created_at, Task.id)))
    actor = aliased(Employee)
    data.task_events = _rows(await session.execute(
        select(Task.title, TaskEvent.at, actor.name, TaskEvent.kind, TaskEvent.from_status,
               TaskEvent.to_status, TaskEvent.percent, TaskEvent.note, TaskEvent.evidence_name)
        .join(Task, Task.id == TaskEvent.task_id)
        .outerjoin(actor, actor.id == TaskEvent.actor_id)
        .where(or_(Task.assignee_id == me.id,
                   and_(Task.assigned_by_id == me.id, TaskEvent.actor_id == me.id)))
        .order_by(TaskEvent.at, TaskEvent.id)))
    excuser = aliased(Employee)
    mark = AttendanceMark
    data.marks = _rows(await session.execute(
        select(mark.work_date, mark.kind, mark.code, mark.at, mark.reason, excuser.name,
               mark.excused_at, mark.excuse_reason, mark.cleared_at)
        .outerjoin(excuser, excuser.id == mark.excused_by_id)
        .where(mark.employee_id == me.id).order_by(mark.work_date, mark.id)))
    data.alerts = _rows(await session.execute(
        select(Alert.kind, Alert.work_date, Alert.created_at)
        .where(Alert.employee_id == me.id).order_by(Alert.created_at, Alert.id)))
    data.accesses = await accesses_of(session, me)
    return data


def first_day(data: OwnData, today: date) -> date:
    """The oldest day the file holds (for the access log of this view)."""
    found = [rows[0][0] for rows in (data.events, data.days) if rows]
    return min(found, default=today)
