"""Recording check-ins and check-outs against schedule, geofence and holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.bands import early_code, late_code, minutes_early, minutes_late
from bot.rules.geo import locate
from bot.rules.location import SharedLocation
from bot.rules.schedule import WorkPeriod, work_period
from bot.services.employees import holiday_calendar, offices_of, schedule_rows
from db.models import AttendanceEvent, Employee, Office, PositionSample

IN, OUT = "in", "out"


@dataclass(frozen=True)
class Recorded:
    event: AttendanceEvent
    period: WorkPeriod | None


@dataclass(frozen=True)
class AlreadyDone:
    event: AttendanceEvent  # the first record of that kind for the work day


@dataclass(frozen=True)
class OutsideOffice:
    office: Office
    distance_m: float


@dataclass(frozen=True)
class NotCheckedIn:
    pass


CheckResult = Recorded | AlreadyDone | OutsideOffice | NotCheckedIn


async def _period(
    session: AsyncSession, employee: Employee, day: date, tz: ZoneInfo
) -> WorkPeriod | None:
    return work_period(await schedule_rows(session, employee.schedule_code), day, tz)


async def _event(
    session: AsyncSession, employee_id: int, work_date: date, kind: str
) -> AttendanceEvent | None:
    return await session.scalar(
        select(AttendanceEvent).where(
            AttendanceEvent.employee_id == employee_id,
            AttendanceEvent.work_date == work_date,
            AttendanceEvent.kind == kind,
        )
    )


async def _work_date_for_check_in(
    session: AsyncSession, employee: Employee, at: datetime, tz: ZoneInfo
) -> tuple[date, WorkPeriod | None]:
    """The local date the shift started: yesterday's overnight shift while it
    still runs and has no check-in, else today."""
    today = at.astimezone(tz).date()
    yesterday = today - timedelta(days=1)
    previous = await _period(session, employee, yesterday, tz)
    if (
        previous
        and previous.overnight
        and at < previous.end
        and await _event(session, employee.id, yesterday, IN) is None
    ):
        return yesterday, previous
    return today, await _period(session, employee, today, tz)


async def _insert(session: AsyncSession, event: AttendanceEvent) -> AttendanceEvent | None:
    """Insert, or None when the same check was recorded meanwhile (double tap)."""
    try:
        async with session.begin_nested():
            session.add(event)
            await session.flush()
    except IntegrityError:
        return None
    return event


async def record_check_in(
    session: AsyncSession,
    settings: Settings,
    employee: Employee,
    location: SharedLocation,
    *,
    chat_id: int,
    message_id: int,
    now: datetime,
) -> CheckResult:
    fence = locate(location.latitude, location.longitude, offices_of(employee))
    if not fence.inside:
        return OutsideOffice(fence.place, fence.distance_m)
    office = fence.place
    tz = ZoneInfo(office.timezone)
    at = location.sent_at
    work_date, period = await _work_date_for_check_in(session, employee, at, tz)
    if (first := await _event(session, employee.id, work_date, IN)) is not None:
        return AlreadyDone(first)

    calendar = await holiday_calendar(session, settings.holiday_categories, work_date)
    holiday = calendar.name(work_date)
    event = _new_event(
        employee,
        IN,
        location,
        office,
        fence.distance_m,
        work_date,
        chat_id=chat_id,
        message_id=message_id,
        now=now,
    )
    event.holiday_name = holiday
    event.day_type = "holiday" if holiday else ("workday" if period else "no_schedule")
    if event.day_type == "workday" and period is not None:
        event.scheduled_at = period.start
        event.minutes_off = minutes_late(period.start, at)
        event.code = late_code(
            event.minutes_off, settings.late_band_limits, settings.late_grace_minutes
        )
    saved = await _insert(session, event)
    if saved is None:
        first = await _event(session, employee.id, work_date, IN)
        assert first is not None
        return AlreadyDone(first)
    return Recorded(saved, period)


async def open_check_in(
    session: AsyncSession, employee_id: int, at: datetime
) -> AttendanceEvent | None:
    """The latest check-in of the last 24 hours that has no check-out yet."""
    latest = await session.scalar(
        select(AttendanceEvent)
        .where(
            AttendanceEvent.employee_id == employee_id,
            AttendanceEvent.kind == IN,
            AttendanceEvent.occurred_at > at - timedelta(hours=24),
            AttendanceEvent.occurred_at <= at,
        )
        .order_by(AttendanceEvent.occurred_at.desc())
        .limit(1)
    )
    if latest is None or await _event(session, employee_id, latest.work_date, OUT):
        return None
    return latest


async def record_check_out(
    session: AsyncSession,
    settings: Settings,
    employee: Employee,
    location: SharedLocation,
    *,
    chat_id: int,
    message_id: int,
    now: datetime,
) -> CheckResult:
    at = location.sent_at
    check_in = await open_check_in(session, employee.id, at)
    if check_in is None:
        tz = ZoneInfo(offices_of(employee)[0].timezone)
        done = await _event(session, employee.id, at.astimezone(tz).date(), OUT)
        return AlreadyDone(done) if done else NotCheckedIn()
    fence = locate(location.latitude, location.longitude, offices_of(employee))
    if not fence.inside:
        return OutsideOffice(fence.place, fence.distance_m)
    office = fence.place
    period = await _period(session, employee, check_in.work_date, ZoneInfo(office.timezone))
    event = _new_event(
        employee,
        OUT,
        location,
        office,
        fence.distance_m,
        check_in.work_date,
        chat_id=chat_id,
        message_id=message_id,
        now=now,
    )
    event.day_type = check_in.day_type
    event.holiday_name = check_in.holiday_name
    if event.day_type == "workday" and period is not None:
        event.scheduled_at = period.end
        event.minutes_off = minutes_early(period.end, at)
        event.code = early_code(
            event.minutes_off, settings.early_band_limits, settings.early_leave_grace_minutes
        )
    saved = await _insert(session, event)
    if saved is None:
        first = await _event(session, employee.id, check_in.work_date, OUT)
        assert first is not None
        return AlreadyDone(first)
    return Recorded(saved, period)


def _new_event(
    employee: Employee,
    kind: str,
    location: SharedLocation,
    office: Office,
    distance_m: float,
    work_date: date,
    *,
    chat_id: int,
    message_id: int,
    now: datetime,
) -> AttendanceEvent:
    return AttendanceEvent(
        employee_id=employee.id,
        kind=kind,
        occurred_at=location.sent_at,
        work_date=work_date,
        office_id=office.id,
        office=office,
        latitude=location.latitude,
        longitude=location.longitude,
        accuracy_m=location.accuracy_m,
        distance_m=distance_m,
        minutes_off=0,
        chat_id=chat_id,
        message_id=message_id,
        recorded_at=now,
    )


async def add_position_sample(
    session: AsyncSession,
    *,
    chat_id: int,
    message_id: int,
    sampled_at: datetime,
    latitude: float,
    longitude: float,
    accuracy_m: float | None,
) -> PositionSample | None:
    """Store a later position of the live location that made a check-in, while
    the working period lasts (no tracking after check-out or after hours)."""
    event = await session.scalar(
        select(AttendanceEvent).where(
            AttendanceEvent.chat_id == chat_id,
            AttendanceEvent.message_id == message_id,
            AttendanceEvent.kind == IN,
        )
    )
    if event is None or sampled_at < event.occurred_at:
        return None
    check_out = await _event(session, event.employee_id, event.work_date, OUT)
    if check_out is not None and sampled_at > check_out.occurred_at:
        return None
    if event.scheduled_at is not None:
        employee = await session.get(Employee, event.employee_id)
        assert employee is not None
        period = await _period(session, employee, event.work_date, ZoneInfo(event.office.timezone))
        if period is not None and sampled_at > period.end:
            return None
    office = event.office
    sample = PositionSample(
        event_id=event.id,
        sampled_at=sampled_at,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
        distance_m=locate(latitude, longitude, [office]).distance_m,
    )
    session.add(sample)
    return sample


@dataclass(frozen=True)
class MonthCounts:
    on_time: int
    late: int
    early: int


async def month_counts(session: AsyncSession, employee_id: int, day: date) -> MonthCounts:
    first = day.replace(day=1)
    rows = (
        await session.execute(
            select(AttendanceEvent.kind, AttendanceEvent.code, func.count())
            .where(
                AttendanceEvent.employee_id == employee_id,
                AttendanceEvent.work_date >= first,
                AttendanceEvent.work_date <= day,
                AttendanceEvent.day_type == "workday",
            )
            .group_by(AttendanceEvent.kind, AttendanceEvent.code)
        )
    ).all()
    on_time = sum(n for kind, code, n in rows if kind == IN and code is None)
    late = sum(n for kind, code, n in rows if kind == IN and code is not None)
    early = sum(n for kind, code, n in rows if kind == OUT and code is not None)
    return MonthCounts(on_time, late, early)


async def day_events(
    session: AsyncSession, employee_id: int, work_date: date
) -> dict[str, AttendanceEvent]:
    rows = await session.scalars(
        select(AttendanceEvent).where(
            AttendanceEvent.employee_id == employee_id, AttendanceEvent.work_date == work_date
        )
    )
    return {row.kind: row for row in rows}


async def today_check(
    session: AsyncSession, employee: Employee, kind: str, at: datetime
) -> AttendanceEvent | None:
    """The record of ``kind`` for the work day ``at`` falls in, if any."""
    tz = ZoneInfo(offices_of(employee)[0].timezone)
    if kind == OUT and (open_in := await open_check_in(session, employee.id, at)) is not None:
        return await _event(session, employee.id, open_in.work_date, OUT)
    return await _event(session, employee.id, at.astimezone(tz).date(), kind)
