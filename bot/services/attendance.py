"""Recording check-ins and check-outs against schedule, geofence and holidays.

Each check belongs to one work date, the local date its period starts: a
night shift's check-out and positions after midnight count for the evening
it started. A check-in may come from ``EARLY_CHECK_IN_MINUTES`` before the
period start; a check-out closes it until ``CHECK_OUT_SLACK_MINUTES`` after
the period end (on a day without a schedule: until the end of that date).

An approved FWA/WFH request moves the geofence of its dates: a location
outside every office is accepted within ``FWA_RADIUS_M`` of the place
approved for the check's work date (in the home office's zone). Such a check
keeps the home office as its ``office_id`` (its time zone and unit stay the
same) and records the distance to the FWA place in ``distance_m``; the result
says ``fwa=True``. The approved places are looked up (one query) only when a
location is outside every office, so the morning rush costs nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.bands import early_code, late_code, minutes_early, minutes_late
from bot.rules.geo import haversine_m, locate
from bot.rules.leave import LeaveKind, LeaveSpan, fwa_place
from bot.rules.location import SharedLocation
from bot.rules.presence import period_seconds
from bot.rules.schedule import WorkPeriod, check_out_deadline, work_period, works_on_holidays
from bot.services.employees import (
    Rule,
    holiday_calendar,
    home_timezone,
    offices_of,
    schedule_rows,
)
from bot.services.workday import approved_leaves
from db.models import AttendanceEvent, Employee, Office

IN, OUT = "in", "out"


@dataclass(frozen=True)
class Recorded:
    event: AttendanceEvent
    period: WorkPeriod | None
    fwa: bool = False  # made at the approved FWA/WFH place, not at the office


@dataclass(frozen=True)
class AlreadyDone:
    event: AttendanceEvent  # the first record of that kind for the work day
    asked_at: datetime | None = None  # when the second attempt came


@dataclass(frozen=True)
class OutsideOffice:
    office: Office
    distance_m: float
    # an approved FWA/WFH place for that day, too far as well: how far, which radius
    fwa_distance_m: float | None = None
    fwa_radius_m: float | None = None


@dataclass(frozen=True)
class NotCheckedIn:
    pass


@dataclass(frozen=True)
class MissedCheckOut:
    """No open check-in now; an earlier one was never closed and can no longer be."""

    check_in: AttendanceEvent


@dataclass(frozen=True)
class TooEarly:
    period: WorkPeriod
    opens_at: datetime  # the earliest check-in for that period


CheckResult = Recorded | AlreadyDone | OutsideOffice | NotCheckedIn | MissedCheckOut | TooEarly


@dataclass(frozen=True)
class CheckInDay:
    """The work date a check-in at some moment is for."""

    work_date: date
    period: WorkPeriod | None
    holiday: str | None
    works_on_holidays: bool = False  # the schedule's: a holiday with a period is a workday

    @property
    def day_type(self) -> str:
        if self.holiday and not (self.works_on_holidays and self.period):
            return "holiday"
        return "workday" if self.period else "no_schedule"


@dataclass(frozen=True)
class OpenCheckIn:
    """The check-in a check-out would close, and the period it is measured against."""

    event: AttendanceEvent
    period: WorkPeriod | None


_EVENT = select(AttendanceEvent).where(
    AttendanceEvent.employee_id == bindparam("employee_id"),
    AttendanceEvent.work_date == bindparam("work_date"),
    AttendanceEvent.kind == bindparam("kind"),
)  # built once: it runs on every check


async def _event(
    session: AsyncSession, employee_id: int, work_date: date, kind: str
) -> AttendanceEvent | None:
    return await session.scalar(
        _EVENT, {"employee_id": employee_id, "work_date": work_date, "kind": kind})


async def _day(
    session: AsyncSession, settings: Settings, work_date: date, period: WorkPeriod | None,
    rows: list[Rule],
) -> CheckInDay:
    calendar = await holiday_calendar(session, settings.holiday_categories, work_date)
    return CheckInDay(work_date, period, calendar.name(work_date), works_on_holidays(rows))


async def check_in_day(
    session: AsyncSession, settings: Settings, employee: Employee, at: datetime, tz: ZoneInfo,
    *, insert_finds_duplicate: bool = False,
) -> CheckInDay | AlreadyDone | TooEarly:
    """The work day a check-in at ``at`` is for, or why there is none.

    While yesterday's overnight period runs it owns the moment: a late check-in
    goes to it, and once it has a check-in, another one is AlreadyDone — also
    for the slack after its end, unless today's period already takes check-ins.
    A working day's check-in more than ``early_check_in_minutes`` before the
    start is TooEarly (it would otherwise count, on time, for a later period).

    ``insert_finds_duplicate``: the caller inserts with ON CONFLICT and turns a
    duplicate into the same AlreadyDone, so today's check-in is not read first
    when the day would be recorded (one statement less in the morning rush)."""
    rows = await schedule_rows(session, employee.schedule_code)
    today = at.astimezone(tz).date()
    yesterday = today - timedelta(days=1)
    previous, current = work_period(rows, yesterday, tz), work_period(rows, today, tz)
    early = timedelta(minutes=settings.early_check_in_minutes)
    slack = timedelta(minutes=settings.check_out_slack_minutes)
    if previous is not None and previous.overnight and at < previous.end + slack:
        first = await _event(session, employee.id, yesterday, IN)
        if first is None and at < previous.end:
            return await _day(session, settings, yesterday, previous, rows)
        today_opened = current is not None and at >= current.start - early
        if first is not None and (at < previous.end or not today_opened):
            return AlreadyDone(first, at)
    day = await _day(session, settings, today, current, rows)
    too_early = day.day_type == "workday" and current is not None and at < current.start - early
    if insert_finds_duplicate and not too_early:
        return day
    if (first := await _event(session, employee.id, today, IN)) is not None:
        return AlreadyDone(first, at)
    if too_early:
        assert current is not None
        return TooEarly(current, current.start - early)
    return day


async def check_in_refusal(
    session: AsyncSession, settings: Settings, employee: Employee, at: datetime
) -> AlreadyDone | TooEarly | None:
    """Why /masuk at ``at`` is refused before any location, or None to ask for one.

    Each of the employee's offices counts in its own time zone: when one of
    them would take a check-in now, the location decides (``record_check_in``
    checks again at the office it shows). Otherwise an AlreadyDone wins, else
    the TooEarly of the office that opens first, in that office's zone."""
    refusals: list[AlreadyDone | TooEarly] = []
    for zone in dict.fromkeys(office.timezone for office in offices_of(employee)):
        day = await check_in_day(session, settings, employee, at, ZoneInfo(zone))
        if isinstance(day, CheckInDay):
            return None
        refusals.append(day)
    done = [refusal for refusal in refusals if isinstance(refusal, AlreadyDone)]
    early = [refusal for refusal in refusals if isinstance(refusal, TooEarly)]
    return done[0] if done else min(early, key=lambda refusal: refusal.opens_at)


_EVENTS = cast(Table, AttendanceEvent.__table__)
_EVENT_COLUMNS = [c.key for c in _EVENTS.columns if c.key != "id"]
# Core, built once per dialect: the ORM's insert costs more than the statement
_INSERTS = {
    name: insert(_EVENTS)
    .on_conflict_do_nothing(index_elements=["employee_id", "work_date", "kind"])
    .returning(_EVENTS.c.id)
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


async def _insert(session: AsyncSession, event: AttendanceEvent) -> AttendanceEvent | None:
    """Insert, or None when the same check was recorded meanwhile (double tap):
    one statement, no savepoint — this runs in the morning rush."""
    assert session.bind is not None
    values = {key: getattr(event, key) for key in _EVENT_COLUMNS}
    new_id = await session.scalar(_INSERTS[session.bind.dialect.name], values)
    if new_id is None:
        return None
    event.id = new_id
    return event


async def _fwa_places(session: AsyncSession, employee: Employee, first: date,
                      last: date) -> list[LeaveSpan]:
    """The approved FWA/WFH requests of these work dates: one query."""
    spans = (await approved_leaves(session, first, last, [employee.id])).get(employee.id, [])
    return [span for span in spans if span.kind == LeaveKind.FWA]


def _at_fwa(spans: list[LeaveSpan], work_date: date,
            location: SharedLocation) -> float | None:
    """The distance to the FWA place approved for ``work_date``; None without one."""
    span = fwa_place(spans, work_date)
    if span is None or span.latitude is None or span.longitude is None:
        return None
    return haversine_m(location.latitude, location.longitude, span.latitude, span.longitude)


def _outside(settings: Settings, nearest: Office, distance_m: float,
             fwa_distance: float | None) -> OutsideOffice:
    if fwa_distance is None:
        return OutsideOffice(nearest, distance_m)
    return OutsideOffice(nearest, distance_m, fwa_distance, settings.fwa_radius_m)


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
    at = location.sent_at
    fence = locate(location.latitude, location.longitude, offices_of(employee))
    office, distance_m = fence.place, fence.distance_m
    fwa: list[LeaveSpan] = []
    if not fence.inside:  # an approved FWA place of today (or of a night shift's yesterday)?
        today = at.astimezone(home_timezone(employee)).date()
        fwa = await _fwa_places(session, employee, today - timedelta(days=1), today)
        if not fwa:
            return OutsideOffice(fence.place, fence.distance_m)
        office = offices_of(employee)[0]
    day = await check_in_day(session, settings, employee, at, ZoneInfo(office.timezone),
                             insert_finds_duplicate=fence.inside)
    if not isinstance(day, CheckInDay):
        return day
    if not fence.inside:
        fwa_distance = _at_fwa(fwa, day.work_date, location)
        if fwa_distance is None or fwa_distance > settings.fwa_radius_m:
            return _outside(settings, fence.place, fence.distance_m, fwa_distance)
        distance_m = fwa_distance
    event = _new_event(
        employee,
        IN,
        location,
        office,
        distance_m,
        day.work_date,
        chat_id=chat_id,
        message_id=message_id,
        now=now,
    )
    event.holiday_name = day.holiday
    event.day_type = day.day_type
    if day.day_type == "workday" and day.period is not None:
        event.scheduled_at = day.period.start
        event.minutes_off = minutes_late(day.period.start, at)
        event.code = late_code(
            event.minutes_off, settings.late_band_limits, settings.late_grace_minutes
        )
    saved = await _insert(session, event)
    if saved is None:
        first = await _event(session, employee.id, day.work_date, IN)
        assert first is not None
        return AlreadyDone(first, at)
    return Recorded(saved, day.period, fwa=not fence.inside)


async def check_out_target(
    session: AsyncSession, settings: Settings, employee: Employee, at: datetime
) -> OpenCheckIn | AlreadyDone | NotCheckedIn | MissedCheckOut:
    """What a check-out at ``at`` would close: the latest check-in, while its
    work day still takes a check-out (see ``check_out_deadline``), measured in
    the time zone of the office where the check-in was made."""
    slack = timedelta(minutes=settings.check_out_slack_minutes)
    latest = await session.scalar(
        select(AttendanceEvent)
        .where(
            AttendanceEvent.employee_id == employee.id,
            AttendanceEvent.kind == IN,
            AttendanceEvent.occurred_at > at - timedelta(days=2) - slack,
            AttendanceEvent.occurred_at <= at,
        )
        .order_by(AttendanceEvent.work_date.desc())
        .limit(1)
    )
    if latest is None:
        return NotCheckedIn()
    tz = ZoneInfo(latest.office.timezone)
    period = work_period(await schedule_rows(session, employee.schedule_code), latest.work_date, tz)
    until = check_out_deadline(
        period, latest.occurred_at, tz, slack, workday=latest.day_type == "workday"
    )
    done = await _event(session, employee.id, latest.work_date, OUT)
    if at > until:
        return NotCheckedIn() if done is not None else MissedCheckOut(latest)
    return AlreadyDone(done, at) if done is not None else OpenCheckIn(latest, period)


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
    target = await check_out_target(session, settings, employee, at)
    if not isinstance(target, OpenCheckIn):
        return target
    check_in, period = target.event, target.period
    fence = locate(location.latitude, location.longitude, offices_of(employee))
    office, distance_m = fence.place, fence.distance_m
    if not fence.inside:  # an approved FWA place of the check-in's work date?
        fwa = await _fwa_places(session, employee, check_in.work_date, check_in.work_date)
        fwa_distance = _at_fwa(fwa, check_in.work_date, location)
        if fwa_distance is None or fwa_distance > settings.fwa_radius_m:
            return _outside(settings, fence.place, fence.distance_m, fwa_distance)
        office, distance_m = offices_of(employee)[0], fwa_distance
    event = _new_event(
        employee,
        OUT,
        location,
        office,
        distance_m,
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
        return AlreadyDone(first, at)
    return Recorded(saved, period, fwa=not fence.inside)


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
        live_period=period_seconds(location.live_period),
        distance_m=distance_m,
        minutes_off=0,
        chat_id=chat_id,
        message_id=message_id,
        recorded_at=now,
    )


async def day_events(
    session: AsyncSession, employee_id: int, work_date: date
) -> dict[str, AttendanceEvent]:
    rows = await session.scalars(
        select(AttendanceEvent).where(
            AttendanceEvent.employee_id == employee_id, AttendanceEvent.work_date == work_date
        )
    )
    return {row.kind: row for row in rows}


async def current_work_day(
    session: AsyncSession, employee: Employee, at: datetime
) -> tuple[date, WorkPeriod | None, ZoneInfo]:
    """The work day ``at`` falls in, in the employee's home time zone: an
    overnight period of yesterday that contains ``at``, else today."""
    tz = home_timezone(employee)
    rows = await schedule_rows(session, employee.schedule_code)
    today = at.astimezone(tz).date()
    previous = work_period(rows, today - timedelta(days=1), tz)
    if previous is not None and previous.start <= at < previous.end:
        return previous.work_date, previous, tz
    return today, work_period(rows, today, tz), tz
