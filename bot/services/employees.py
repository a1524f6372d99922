"""Looking up employees, their bindings, schedules and holidays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot.rules.calendar import HolidayCalendar
from db.cache import ReferenceCache
from db.models import Employee, Holiday, Office, ScheduleRule, TelegramBinding, Unit
from db.session import CACHE_KEY

# one query for the binding, the employee, their unit and offices: it runs on
# every update, so it is built once
_BINDING = (
    select(TelegramBinding)
    .where(TelegramBinding.telegram_user_id == bindparam("telegram_user_id"))
    .options(joinedload(TelegramBinding.employee).joinedload(Employee.offices))
)


async def binding_by_telegram_id(
    session: AsyncSession, telegram_user_id: int
) -> TelegramBinding | None:
    result = await session.execute(_BINDING, {"telegram_user_id": telegram_user_id})
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
    break_start: time | None = None  # the day's break (presence checks avoid it)
    break_end: time | None = None


def rule_of(row: ScheduleRule) -> Rule:
    return Rule(row.weekday, row.start, row.end, row.valid_from, row.valid_to,
                row.works_on_holidays, row.break_start, row.break_end)


def _cache(session: AsyncSession) -> ReferenceCache:
    cache = session.info.get(CACHE_KEY)
    return cache if isinstance(cache, ReferenceCache) else ReferenceCache(0)


async def schedule_rows(session: AsyncSession, code: str) -> list[Rule]:
    async def load() -> list[Rule]:
        rows = await session.scalars(select(ScheduleRule).where(ScheduleRule.code == code))
        return [rule_of(r) for r in rows]

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


# --- who takes over the work of someone no longer active -------------------

MAX_CHAIN = 50  # supervisor chains and unit trees are acyclic (the import checks): a bound


async def managers_up(session: AsyncSession, employee: Employee) -> list[Employee]:
    """Everyone above ``employee``, nearest first: their supervisor chain, then
    the head of their unit and of each unit above it (without ``employee``)."""
    found: dict[int, Employee] = {}
    boss_id = employee.supervisor_id
    while boss_id is not None and len(found) < MAX_CHAIN and boss_id not in found:
        boss = await session.get(Employee, boss_id)
        if boss is None:
            break
        found[boss.id] = boss
        boss_id = boss.supervisor_id
    unit: Unit | None = employee.unit
    seen: set[int] = set()
    while unit is not None and unit.id not in seen and len(seen) < MAX_CHAIN:
        seen.add(unit.id)
        if unit.head_id is not None and unit.head_id not in found:
            head = await session.get(Employee, unit.head_id)
            if head is not None:
                found[head.id] = head
        unit = await session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
    found.pop(employee.id, None)
    return list(found.values())


async def next_manager_up(
    session: AsyncSession, employee: Employee
) -> tuple[Employee, TelegramBinding] | None:
    """Who gets the work waiting on ``employee`` when they are inactive: the
    nearest active one above them (see ``managers_up``) who has Telegram."""
    for manager in await managers_up(session, employee):
        if not manager.active:
            continue
        binding = await session.scalar(
            select(TelegramBinding).where(TelegramBinding.employee_id == manager.id))
        if binding is not None:
            return manager, binding
    return None
