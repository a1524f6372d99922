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
from telegram.ext import CallbackQueryHandler

from bot.callbacks import PersonCB
from bot.context import Interaction
from bot.day_views import person_card
from bot.services import workday
from bot.services.employees import home_timezone
from bot.services.tasks import manages
from db.models import Unit
from db.models_day import DayRecord
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp

# how far back a digest's button still opens a day (older ones are refused as stale)
SHOWN_DAYS = 62


@registered
async def person_opened(act: Interaction) -> None:
    data = act.pressed(PersonCB)
    today = act.now().astimezone(home_timezone(act.me)).date()
    if (data is None or not today - timedelta(days=SHOWN_DAYS) <= data.day <= today
            or not await manages(act.session, act.me, data.employee_id)):
        act.answer(act.t("day.person.refused"), alert=True)
        return
    persons = await workday.people(act.session, employee_ids=[data.employee_id])
    if not persons:
        act.answer(act.t("day.person.refused"), alert=True)
        return
    [day] = await workday.days_on(act.session, act.settings, [(persons[0], data.day)])
    unit = await act.session.scalar(select(Unit.name).where(Unit.id == persons[0].unit_id))
    record = await act.session.scalar(select(DayRecord).where(
        DayRecord.employee_id == data.employee_id, DayRecord.work_date == data.day))
    act.answer()
    act.reply(person_card(day, unit or "-", act.lang, closed=record is not None,
                          closed_code=record.code if record else None,
                          closed_apel=bool(record and record.apel_missed)))


def register(app: HadirApp) -> None:
    app.add_handler(CallbackQueryHandler(person_opened, pattern=PersonCB.pattern()))
