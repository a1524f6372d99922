"""Looking up employees, their bindings, schedules and holidays."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot.rules.calendar import HolidayCalendar
from db.models import Employee, Holiday, Office, ScheduleRule, TelegramBinding


async def binding_by_telegram_id(
    session: AsyncSession, telegram_user_id: int
) -> TelegramBinding | None:
    # one query for the binding, the employee, their unit and offices: it runs on
    # every update
    result = await session.execute(
        select(TelegramBinding)
        .where(TelegramBinding.telegram_user_id == telegram_user_id)
        .options(joinedload(TelegramBinding.employee).joinedload(Employee.offices))
    )
    return result.unique().scalar_one_or_none()


async def employee_by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Employee | None:
    binding = await binding_by_telegram_id(session, telegram_user_id)
    if binding is None or not binding.employee.active:
        return None
    return binding.employee


def offices_of(employee: Employee) -> list[Office]:
    """The employee's own offices, or their unit's office when none is set."""
    return list(employee.offices) or [employee.unit.office]


def home_timezone(employee: Employee) -> ZoneInfo:
    return ZoneInfo(offices_of(employee)[0].timezone)


async def schedule_rows(session: AsyncSession, code: str) -> list[ScheduleRule]:
    return list(await session.scalars(select(ScheduleRule).where(ScheduleRule.code == code)))


async def holiday_calendar(
    session: AsyncSession, categories: tuple[str, ...] | list[str], around: date
) -> HolidayCalendar:
    """National holidays plus the local ones of the year around ``around``."""
    rows = await session.scalars(
        select(Holiday).where(
            Holiday.date >= date(around.year - 1, 12, 1), Holiday.date <= date(around.year, 12, 31)
        )
    )
    return HolidayCalendar(categories, {row.date: row.name for row in rows})
