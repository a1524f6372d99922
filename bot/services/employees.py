"""Looking up employees, their bindings, schedules and holidays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot.rules.calendar import HolidayCalendar
from db.cache import ReferenceCache
from db.models import Employee, Holiday, Office, ScheduleRule, TelegramBinding
from db.session import CACHE_KEY


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


@dataclass(frozen=True)
class Rule:
    """A schedule row, detached from the database so it can be cached."""

    weekday: int
    start: time
    end: time
    valid_from: date | None
    valid_to: date | None
    works_on_holidays: bool = False


def _cache(session: AsyncSession) -> ReferenceCache:
    cache = session.info.get(CACHE_KEY)
    return cache if isinstance(cache, ReferenceCache) else ReferenceCache(0)


async def schedule_rows(session: AsyncSession, code: str) -> list[Rule]:
    async def load() -> list[Rule]:
        rows = await session.scalars(select(ScheduleRule).where(ScheduleRule.code == code))
        return [
            Rule(r.weekday, r.start, r.end, r.valid_from, r.valid_to, r.works_on_holidays)
            for r in rows
        ]

    return await _cache(session).get(("schedule", code), load)


async def holiday_calendar(
    session: AsyncSession, categories: tuple[str, ...] | list[str], around: date
) -> HolidayCalendar:
    """National holidays plus the local ones (and the agency's working days) of
    the year around ``around``."""

    async def load() -> dict[date, tuple[str, bool]]:
        first, last = date(around.year - 1, 12, 1), date(around.year, 12, 31)
        rows = await session.scalars(
            select(Holiday).where(Holiday.date >= first, Holiday.date <= last))
        return {row.date: (row.name, row.working) for row in rows}

    local = await _cache(session).get(("holidays", around.year), load)
    return calendar_of(categories, local)


def calendar_of(
    categories: tuple[str, ...] | list[str], local: Mapping[date, tuple[str, bool]]
) -> HolidayCalendar:
    """A calendar from the admin's rows: {date: (name, working)}."""
    return HolidayCalendar(
        categories,
        {day: name for day, (name, working) in local.items() if not working},
        working={day for day, (_, working) in local.items() if working},
    )


@dataclass(frozen=True)
class WorkingCalendar:
    """An employee's time zone, schedule rows and holidays: what working-time
    rules (deadlines, quick picks) need."""

    tz: ZoneInfo
    rows: list[Rule]
    holidays: HolidayCalendar


async def working_calendar(session: AsyncSession, employee: Employee,
                           categories: tuple[str, ...] | list[str],
                           now: datetime) -> WorkingCalendar:
    tz = home_timezone(employee)
    rows = await schedule_rows(session, employee.schedule_code)
    holidays = await holiday_calendar(session, categories, now.astimezone(tz).date())
    return WorkingCalendar(tz, rows, holidays)
