"""A name in a no-show digest: that person's day, for a manager above them.

Only someone who manages the person (their supervisor chain, or the head of
their unit or a unit above) sees it; anyone else — another unit's
supervisor, staff, a forged or stale button, a date out of range — is told
so and shown nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import CallbackQueryHandler

from bot.callbacks import PersonCB
from bot.context import Interaction
from bot.day_views import person_card
from bot.services import access_log, workday
from bot.services.employees import MAX_CHAIN, home_timezone
from bot.services.tasks import manages
from bot.services.workday import Person
from db.models import Employee, Unit
from db.models_day import DayRecord
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp

# how far back a digest's button still opens a day (older ones are refused as stale)
SHOWN_DAYS = 62


async def _heads_above(session: AsyncSession, person: Person) -> set[int]:
    """The heads of the person's unit and of the units above it."""
    heads: set[int] = set()
    unit = await session.get(Unit, person.unit_id)
    seen: set[int] = set()
    while unit is not None and unit.id not in seen and len(seen) < MAX_CHAIN:
        seen.add(unit.id)
        if unit.head_id is not None:
            heads.add(unit.head_id)
        unit = await session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
    heads.discard(person.id)
    return heads


async def may_see(session: AsyncSession, viewer: Employee, person: Person) -> bool:
    """Whoever a digest about ``person`` goes to: a manager above them
    (``tasks.manages``), or the head of a unit they are in (a unit's head
    hears about the people without a supervisor, whatever their role)."""
    return (await manages(session, viewer, person.id)
            or viewer.id in await _heads_above(session, person))


@registered
async def person_opened(act: Interaction) -> None:
    data = act.pressed(PersonCB)
    today = act.now().astimezone(home_timezone(act.me)).date()
    persons = (await workday.people(act.session, employee_ids=[data.employee_id])
               if data is not None and today - timedelta(days=SHOWN_DAYS) <= data.day <= today
               else [])
    if data is None or not persons or not await may_see(act.session, act.me, persons[0]):
        act.answer(act.t("day.person.refused"), alert=True)
        return
    [day] = await workday.days_on(act.session, act.settings, [(persons[0], data.day)])
    unit = await act.session.scalar(select(Unit.name).where(Unit.id == persons[0].unit_id))
    record = await act.session.scalar(select(DayRecord).where(
        DayRecord.employee_id == data.employee_id, DayRecord.work_date == data.day))
    access_log.record(act.session, at=act.now(), viewer=act.me, view=access_log.PERSON_DAY,
                      first=data.day, last=data.day, subject_id=data.employee_id)
    act.answer()
    act.reply(person_card(day, unit or "-", act.lang, closed=record is not None,
                          closed_code=record.code if record else None,
                          closed_apel=bool(record and record.apel_missed)))


def register(app: HadirApp) -> None:
    app.add_handler(CallbackQueryHandler(person_opened, pattern=PersonCB.pattern()))
