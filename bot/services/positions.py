"""Later positions of the live location that made a check-in (presence
during working hours), kept sparingly: personal data under UU 27/2022."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.rules.geo import locate
from bot.rules.schedule import tracking_end, work_period
from bot.services.attendance import IN, OUT
from bot.services.employees import schedule_rows
from db.models import AttendanceEvent, Employee, PositionSample, TelegramBinding


async def add_position_sample(
    session: AsyncSession,
    settings: Settings,
    *,
    telegram_user_id: int,
    chat_id: int,
    message_id: int,
    sampled_at: datetime,
    latitude: float,
    longitude: float,
    accuracy_m: float | None,
) -> PositionSample | None:
    """Keep a later position of the live location that made a check-in: at most
    one per ``position_sample_interval_s``, and only until the check-out, the
    period end, or ``max_tracking_hours`` after check-in on a day without a
    period (UU 27/2022: no tracking outside working hours).

    A live location is edited every few seconds, so one query answers the
    common cases (not a check-in, too soon, already checked out)."""
    check_out = aliased(AttendanceEvent)
    last_kept = (
        select(func.max(PositionSample.sampled_at))
        .where(PositionSample.event_id == AttendanceEvent.id)
        .scalar_subquery()
    )
    checked_out_at = (
        select(check_out.occurred_at)
        .where(
            check_out.employee_id == AttendanceEvent.employee_id,
            check_out.work_date == AttendanceEvent.work_date,
            check_out.kind == OUT,
        )
        .scalar_subquery()
    )
    row = (
        await session.execute(
            select(AttendanceEvent, Employee.schedule_code, last_kept, checked_out_at)
            .join(Employee, Employee.id == AttendanceEvent.employee_id)
            .join(TelegramBinding, TelegramBinding.employee_id == Employee.id)
            .where(
                AttendanceEvent.chat_id == chat_id,
                AttendanceEvent.message_id == message_id,
                AttendanceEvent.kind == IN,
                TelegramBinding.telegram_user_id == telegram_user_id,
                Employee.active.is_(True),
            )
        )
    ).first()
    if row is None:
        return None
    event, schedule_code, last, out_at = row
    if sampled_at < (last or event.occurred_at) + timedelta(
        seconds=settings.position_sample_interval_s
    ):
        return None
    if out_at is not None and sampled_at > out_at:
        return None
    workday = event.day_type == "workday"
    tz = ZoneInfo(event.office.timezone)
    period = (
        work_period(await schedule_rows(session, schedule_code), event.work_date, tz)
        if workday
        else None
    )
    max_tracking = timedelta(hours=settings.max_tracking_hours)
    if sampled_at > tracking_end(period, event.occurred_at, max_tracking, workday=workday):
        return None
    sample = PositionSample(
        event_id=event.id,
        sampled_at=sampled_at,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
        distance_m=locate(latitude, longitude, [event.office]).distance_m,
    )
    session.add(sample)
    return sample
