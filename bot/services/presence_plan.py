"""Planning the mid-day presence checks of each unit (see ``bot.services.presence``).

On the first scan of a unit's office local day, ``PRESENCE_CHECKS_PER_DAY``
random moments (``bot.rules.presence``: ``secrets``, inside working hours,
outside the break, with margins that hold an answer window) in the working
period of the schedule most of its people follow, stored in
``presence_checks`` so that a restart keeps them. A holiday or a day off
plans none; a day first planned late (the bot started at 11:00) gets its
moments in the time left. Six queries whatever the number of units, plus the
insert.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.presence import break_of, check_windows, plan_moments
from bot.rules.working_time import working_period
from bot.services import workday
from bot.services.presence import answer_window
from db.models import Employee, Office, Unit
from db.models_day import PresenceCheck
from db.session import dialect_insert

PLAN_LEAD = timedelta(minutes=1)  # a check planned late is never due at once


async def plan_presence_checks(session: AsyncSession, settings: Settings, now: datetime, *,
                               rng: Random | None = None) -> int:
    """Plan today's checks of every unit not planned yet (its office's local
    day); how many checks were written. Six queries, plus the insert."""
    count = settings.presence_checks_per_day
    if count <= 0:
        return 0
    units = (await session.execute(
        select(Unit.id, Office.timezone).join(Office, Office.id == Unit.office_id))).all()
    followed: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, code, n in await session.execute(
            select(Employee.unit_id, Employee.schedule_code, func.count())
            .where(Employee.active.is_(True))
            .group_by(Employee.unit_id, Employee.schedule_code)):
        followed[unit_id][code] += n
    days = {unit_id: now.astimezone(ZoneInfo(tz)).date() for unit_id, tz in units
            if unit_id in followed}
    if not days:
        return 0
    planned = set((await session.execute(
        select(PresenceCheck.unit_id, PresenceCheck.work_date)
        .where(PresenceCheck.work_date.in_(set(days.values()))).distinct())).all())
    codes = {_main_schedule(followed[unit_id]) for unit_id in days}
    rules = await workday.schedules(session, codes)
    calendar = await workday.calendar_between(session, settings, min(days.values()),
                                              max(days.values()))
    answer = answer_window(settings)
    rows: list[dict[str, Any]] = []
    for unit_id, tz in units:
        day = days.get(unit_id)
        if day is None or (unit_id, day) in planned:
            continue
        schedule = rules[_main_schedule(followed[unit_id])]
        period = working_period(schedule, day, ZoneInfo(tz), calendar)
        if period is None:
            continue
        windows = check_windows(period, break_of(schedule, period, settings.break_times), answer)
        moments = plan_moments(windows, count, answer, not_before=now + PLAN_LEAD, rng=rng)
        rows += [{"unit_id": unit_id, "work_date": day, "seq": seq, "at": at.astimezone(UTC),
                  "skipped": False} for seq, at in enumerate(moments, start=1)]
    if rows:  # one executemany: a few multi-row INSERTs, whatever the number of units
        await session.execute(
            dialect_insert(session)(PresenceCheck.__table__)
            .on_conflict_do_nothing(index_elements=["unit_id", "work_date", "seq"]), rows)
    return len(rows)


def _main_schedule(codes: Counter[str]) -> str:
    """The schedule most of a unit's people follow (the first code on a tie)."""
    return min(codes, key=lambda code: (-codes[code], code))


