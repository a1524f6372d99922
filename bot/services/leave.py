"""Leave and permission (/izin): asking, deciding, cancelling.

A request goes to the employee's approver — their supervisor, else the head
of their unit (``employees.managers_up``, nearest first); whoever stands above
the requester in that chain may decide it too, so a request whose approver
left is decided by the one the outbox handed it to. Every change checks the
rules of ``bot.rules.leave`` and returns an event (``bot.events.leave``) for
``bot.notifier``; a refusal raises ``Refused`` with a text key and changes
nothing.

Approving a leave or DL clears the marks already made in its span (a TK of
yesterday, a lateness, a mid-day absence) and brings the closed day records
in line (``day_records.refresh``), so a leave approved after the day excuses
it as one approved before. Izin keluar (IK) runs from the moment it is asked
until the expected return (coming back: ``bot.services.leave_return``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.leave import (
    Attachment,
    ClearedMark,
    LeaveCancelled,
    LeaveDecided,
    LeaveRequested,
)
from bot.rules.leave import (
    CLEARABLE_MARKS,
    EXCUSING,
    HOLDING,
    LAST_MINUTE,
    AnnualBalance,
    LeaveKind,
    LeaveSpan,
    LeaveStatus,
    annual_balance,
    check_balance,
    check_can_cancel,
    check_can_decide,
    check_dates,
    check_izin_keluar,
    check_part_of_day,
    check_reason,
    excuses_mark,
    first_overlap,
    started,
    working_dates,
)
from bot.rules.schedule import end_of_local_day
from bot.rules.task_states import Refusal
from bot.services import day_records
from bot.services.employees import (
    WorkingCalendar,
    home_timezone,
    managers_up,
    schedule_rows,
)
from bot.services.workday import approved_leaves, calendar_between
from db.models import Employee
from db.models_day import AttendanceMark, DayRecord, LeaveRequest

Refused = Refusal
LIST_MAX = 10  # requests /izin lists, latest first


@dataclass(frozen=True)
class NewLeave:
    """A request as the flow gathered it, before it is checked."""

    kind: LeaveKind
    start_date: date
    end_date: date
    start_at: datetime | None = None  # part of a day (IK: from the moment it is asked)
    end_at: datetime | None = None
    reason: str = ""
    attachment: Attachment | None = None
    latitude: float | None = None  # FWA/WFH: the place asked for
    longitude: float | None = None

    def span(self, employee_id: int) -> LeaveSpan:
        return LeaveSpan(0, employee_id, self.kind, self.start_date, self.end_date,
                         self.start_at, self.end_at, self.latitude, self.longitude)


@dataclass(frozen=True)
class Checked:
    """What a request that may be sent comes to."""

    working_days: int
    balance: AnnualBalance | None  # CT: the balance before it
    approver: Employee  # the supervisor, else the unit head
    receiver: Employee  # who will get it: the approver, or the next active one above


def span_of(request: LeaveRequest) -> LeaveSpan:
    return LeaveSpan(request.id, request.employee_id, request.kind, request.start_date,
                     request.end_date, request.start_at, request.end_at, request.latitude,
                     request.longitude)


async def approver_of(session: AsyncSession, employee: Employee
                      ) -> tuple[Employee, Employee] | None:
    """The approver — the supervisor, else the head of the unit (or of a unit
    above) — and who receives the request: the approver, or when they are
    inactive the next active one above (the outbox hands it up). None when
    nobody active stands above the employee."""
    above = await managers_up(session, employee)
    receiver = next((manager for manager in above if manager.active), None)
    return (above[0], receiver) if receiver is not None else None


async def may_decide(session: AsyncSession, actor: Employee, request: LeaveRequest) -> bool:
    """The approver or anyone above the requester; never the requester."""
    if actor.id == request.employee_id:
        return False
    requester = await session.get(Employee, request.employee_id)
    return requester is not None and any(
        manager.id == actor.id for manager in await managers_up(session, requester))


async def my_requests(session: AsyncSession, employee_id: int,
                      limit: int = LIST_MAX) -> list[LeaveRequest]:
    return list(await session.scalars(
        select(LeaveRequest).where(LeaveRequest.employee_id == employee_id)
        .order_by(LeaveRequest.requested_at.desc(), LeaveRequest.id.desc()).limit(limit)))


async def load(session: AsyncSession, request_id: int, *,
               for_update: bool = True) -> LeaveRequest:
    query = select(LeaveRequest).where(LeaveRequest.id == request_id)
    request = await session.scalar(query.with_for_update() if for_update else query)
    if request is None:
        raise Refused("leave.refused.stale")
    return request


async def _holding(session: AsyncSession, employee_id: int, first: date,
                   last: date) -> list[LeaveSpan]:
    """Pending and approved requests touching ``first``..``last``: one query."""
    rows = await session.scalars(
        select(LeaveRequest).where(LeaveRequest.employee_id == employee_id,
                                   LeaveRequest.status.in_(HOLDING),
                                   LeaveRequest.start_date <= last,
                                   LeaveRequest.end_date >= first)
        .order_by(LeaveRequest.start_date))
    return [span_of(row) for row in rows]


async def annual(session: AsyncSession, settings: Settings, employee_id: int,
                 year: int) -> AnnualBalance:
    """The CT balance of ``year`` from Hadir's own records (one query): the
    entitlement, last year's unused days carried over up to the setting, and
    the approved and pending CT of the year (by its first date)."""
    rows = (await session.execute(
        select(LeaveRequest.start_date, LeaveRequest.status, LeaveRequest.working_days)
        .where(LeaveRequest.employee_id == employee_id, LeaveRequest.kind == LeaveKind.CT,
               LeaveRequest.status.in_(HOLDING),
               LeaveRequest.start_date >= date(year - 1, 1, 1),
               LeaveRequest.start_date <= date(year, 12, 31)))).all()

    def days(in_year: int, status: str) -> int:
        return sum(n for start, s, n in rows if start.year == in_year and s == status)

    return annual_balance(year, entitlement=settings.annual_leave_days,
                          carry_over_cap=settings.annual_leave_carry_over_days,
                          used_last_year=days(year - 1, LeaveStatus.APPROVED),
                          used=days(year, LeaveStatus.APPROVED),
                          pending=days(year, LeaveStatus.PENDING))


async def schedule_between(session: AsyncSession, settings: Settings, employee: Employee,
                           first: date, last: date) -> WorkingCalendar:
    """The employee's zone, schedule and the holidays of ``first``..``last``."""
    rows = await schedule_rows(session, employee.schedule_code)
    calendar = await calendar_between(session, settings, first, last)
    return WorkingCalendar(home_timezone(employee), rows, calendar)


async def working_days(session: AsyncSession, settings: Settings, employee: Employee,
                       start: date, end: date) -> int:
    """Working days of ``start``..``end`` in the employee's schedule, holidays out."""
    cal = await schedule_between(session, settings, employee, start, end)
    return len(working_dates(start, end, cal.rows, cal.tz, cal.holidays))


def _check_span(new: NewLeave, now: datetime, today: date, end_of_day: datetime) -> None:
    if new.kind is LeaveKind.IK:
        if new.start_at is None or new.end_at is None or new.start_date != today:
            raise Refused("leave.refused.ik_today")
        check_izin_keluar(new.start_at, new.end_at, end_of_day)
    elif new.start_at is not None and new.end_at is not None:
        if new.start_date != new.end_date:
            raise Refused("leave.refused.stale")
        check_part_of_day(new.kind, new.start_date, new.start_at, new.end_at, today)
    else:
        check_dates(new.kind, new.start_date, new.end_date, today)


async def check_new(session: AsyncSession, settings: Settings, employee: Employee,
                    new: NewLeave, now: datetime) -> Checked:
    """Whether ``new`` may be sent (dates, overlap, CT balance, an approver),
    and what it comes to; ``Refused`` with the first reason it may not. The
    flow asks this at each step, before the reason and the FWA place are in."""
    tz = home_timezone(employee)
    _check_span(new, now, now.astimezone(tz).date(), end_of_local_day(now, tz))
    found = await approver_of(session, employee)
    if found is None:
        raise Refused("leave.refused.no_approver")
    existing = await _holding(session, employee.id, new.start_date, new.end_date)
    if (other := first_overlap(new.span(employee.id), existing)) is not None:
        raise Refused("leave.refused.overlap", other=other)
    whole = new.start_at is None
    days = await working_days(session, settings, employee, new.start_date,
                              new.end_date) if whole else 0
    balance = None
    if new.kind is LeaveKind.CT:
        balance = await annual(session, settings, employee.id, new.start_date.year)
        check_balance(balance, days)
    return Checked(days, balance, *found)


async def submit(session: AsyncSession, settings: Settings, employee: Employee,
                 new: NewLeave, now: datetime) -> LeaveRequested:
    reason = check_reason(new.reason)
    if new.kind is LeaveKind.FWA and (new.latitude is None or new.longitude is None):
        raise Refused("leave.refused.fwa_place")
    # one request at a time per person: two sends at once cannot both pass the checks
    await session.execute(select(Employee.id).where(Employee.id == employee.id)
                          .with_for_update())
    checked = await check_new(session, settings, employee, new, now)
    attachment = new.attachment
    request = LeaveRequest(
        employee_id=employee.id, kind=new.kind.value, status=LeaveStatus.PENDING.value,
        start_date=new.start_date, end_date=new.end_date, start_at=new.start_at,
        end_at=new.end_at, reason=reason, working_days=checked.working_days,
        attachment_kind=attachment.kind if attachment else None,
        attachment_file_id=attachment.file_id if attachment else None,
        attachment_name=attachment.name[:256] if attachment and attachment.name else None,
        latitude=new.latitude, longitude=new.longitude, requested_at=now,
        approver_id=checked.approver.id)
    session.add(request)
    await session.flush()
    return LeaveRequested(request=request, employee=employee, at=now,
                          approver=checked.approver, receiver=checked.receiver,
                          balance=checked.balance)


async def check_can_decide_request(session: AsyncSession, actor: Employee,
                                   request_id: int) -> tuple[LeaveRequest, Employee]:
    """The request and its requester, when ``actor`` may decide it now."""
    request = await load(session, request_id)
    if not await may_decide(session, actor, request):
        raise Refused("leave.refused.not_approver")
    check_can_decide(request.status)
    requester = await session.get(Employee, request.employee_id)
    assert requester is not None
    return request, requester


async def decide(session: AsyncSession, actor: Employee, request_id: int, approve: bool,
                 note: str | None, now: datetime) -> LeaveDecided:
    """Approve, or reject with a reason (required). Approving a leave or DL
    clears the marks of its span; the event lists them."""
    request, requester = await check_can_decide_request(session, actor, request_id)
    if not approve:
        try:
            note = check_reason(note or "")
        except Refusal as short:
            raise Refused(short.key.replace("reason", "note"), **short.values) from None
    request.status = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
    request.decided_by_id, request.decided_at = actor.id, now
    request.decision_note = note
    await session.flush()
    cleared: tuple[ClearedMark, ...] = ()
    if approve and request.kind in EXCUSING:
        cleared = await clear_marks(session, request, now)
    return LeaveDecided(request=request, employee=requester, at=now, actor=actor,
                        approved=approve, note=note, cleared=cleared)


async def clear_marks(session: AsyncSession, request: LeaveRequest,
                      now: datetime) -> tuple[ClearedMark, ...]:
    """Clear the marks an approved ``request`` excuses — every mark of its
    dates (whole days), or (part of a day) those the day close would not have
    made with it approved (``excuses_mark``: a check-in's marks when it covers
    the scheduled start, a check-out's when it covers the end, a mid-day
    absence inside it) — and refresh the closed records of the days it covers."""
    span = span_of(request)
    query = select(AttendanceMark).where(
        AttendanceMark.employee_id == request.employee_id,
        AttendanceMark.kind.in_(CLEARABLE_MARKS),
        AttendanceMark.cleared_by_leave_id.is_(None), AttendanceMark.excused_at.is_(None))
    if span.whole_days:
        query = query.where(AttendanceMark.work_date.between(span.start_date, span.end_date))
    else:
        query = query.where(
            AttendanceMark.work_date.between(span.start_date - timedelta(days=1), span.end_date))
    marks = list(await session.scalars(query.order_by(AttendanceMark.work_date,
                                                      AttendanceMark.at)))
    if not span.whole_days:  # as the day close would have judged with it approved
        first = span.start_date - timedelta(days=1)
        spans = (await approved_leaves(session, first, span.end_date,
                                       [request.employee_id])).get(request.employee_id, [])
        marks = [mark for mark in marks
                 if _covers(span, mark) and excuses_mark(spans, mark.kind, mark.work_date,
                                                         mark.at, _period(mark))]
    for mark in marks:
        mark.cleared_by_leave_id, mark.cleared_at = request.id, now
    await session.flush()
    days = {(request.employee_id, mark.work_date) for mark in marks}
    if span.whole_days:  # a closed day without marks (checked in on time) becomes the leave too
        closed = await session.scalars(select(DayRecord.work_date).where(
            DayRecord.employee_id == request.employee_id,
            DayRecord.work_date.between(span.start_date, span.end_date)))
        days |= {(request.employee_id, day) for day in closed}
    await day_records.refresh(session, days, now)
    return tuple(ClearedMark(mark.kind, mark.code, mark.work_date, mark.at) for mark in marks)


def _period(mark: AttendanceMark) -> tuple[datetime, datetime] | None:
    """The scheduled period a day-close mark keeps in its facts."""
    facts = mark.facts or {}
    start, end = facts.get("start"), facts.get("end")
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    try:
        return datetime.fromisoformat(start), datetime.fromisoformat(end)
    except ValueError:
        return None


def _covers(span: LeaveSpan, mark: AttendanceMark) -> bool:
    """Whether the part-of-day ``span`` is what excuses the mark: its moment,
    or the start or end of the period it is about, falls inside the span."""
    assert span.start_at is not None and span.end_at is not None
    period = _period(mark)
    moments = [mark.at] if period is None else [mark.at, period[0], period[1] - LAST_MINUTE]
    return any(span.start_at <= moment < span.end_at for moment in moments)


async def cancel(session: AsyncSession, employee: Employee, request_id: int,
                 now: datetime) -> LeaveCancelled:
    """The requester withdraws a pending or approved request that has not started."""
    request = await check_can_cancel_request(session, employee, request_id, now)
    was = request.status
    request.status, request.cancelled_at = LeaveStatus.CANCELLED, now
    told_id = request.decided_by_id if was == LeaveStatus.APPROVED else request.approver_id
    told = await session.get(Employee, told_id) if told_id is not None else None
    await session.flush()
    return LeaveCancelled(request=request, employee=employee, at=now, was=was, told=told)


async def check_can_cancel_request(session: AsyncSession, employee: Employee, request_id: int,
                                   now: datetime) -> LeaveRequest:
    request = await load(session, request_id)
    if request.employee_id != employee.id:
        raise Refused("leave.refused.not_yours")
    today = now.astimezone(home_timezone(employee)).date()
    check_can_cancel(request.status, started(span_of(request), now, today))
    return request
