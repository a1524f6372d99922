"""A supervisor's dispensation: a mark excused with a reason.

The mark stays in the record, with who excused it, when and why; it no
longer counts (``day_records.counts``), and the closed day it belongs to is
brought in line at once (``day_records.refresh``). Only the person's
supervisor or someone above them (``employees.managers_up``) may excuse; a
mark already excused, or cleared by an approved leave, is left as it is.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events.patterns import MarkExcused, MarkFact
from bot.rules.task_states import Refusal
from bot.services import day_records
from bot.services.employees import managers_up
from db.models import Employee
from db.models_day import AttendanceMark

REASON_MAX = 500
# refusals after which the reason may simply be typed again
RETYPE = ("patterns.excuse.reason_empty", "patterns.excuse.reason_long")


def fact_of(mark: AttendanceMark) -> MarkFact:
    facts = mark.facts or {}
    place = facts.get("place")
    return MarkFact(mark.id, mark.employee_id, mark.work_date, mark.kind, mark.code, mark.at,
                    int(facts.get("minutes") or 0), str(place) if place else None)


async def mark_to_excuse(session: AsyncSession, actor: Employee, mark_id: int, *,
                         for_update: bool = False) -> tuple[AttendanceMark, Employee]:
    """The mark and its person, if ``actor`` may excuse it now; else ``Refusal``."""
    query = select(AttendanceMark).where(AttendanceMark.id == mark_id)
    mark = await session.scalar(query.with_for_update() if for_update else query)
    person = await session.get(Employee, mark.employee_id) if mark is not None else None
    if mark is None or person is None:
        raise Refusal("patterns.excuse.stale")
    if actor.id not in {manager.id for manager in await managers_up(session, person)}:
        raise Refusal("patterns.excuse.not_manager")
    if mark.excused_at is not None:
        by = await session.get(Employee, mark.excused_by_id) if mark.excused_by_id else None
        raise Refusal("patterns.excuse.already", by=by.name if by else "—")
    if mark.cleared_by_leave_id is not None:
        raise Refusal("patterns.excuse.cleared")
    return mark, person


def clean_reason(reason: str | None) -> str:
    clean = (reason or "").strip()
    if not clean:
        raise Refusal("patterns.excuse.reason_empty")
    if len(clean) > REASON_MAX:
        raise Refusal("patterns.excuse.reason_long", limit=REASON_MAX)
    return clean


async def excuse(session: AsyncSession, actor: Employee, mark_id: int, reason: str | None,
                 now: datetime) -> MarkExcused:
    """Excuse the mark, refresh its closed day; the event that tells the person."""
    mark, person = await mark_to_excuse(session, actor, mark_id, for_update=True)
    clean = clean_reason(reason)
    mark.excused_by_id, mark.excused_at, mark.excuse_reason = actor.id, now, clean
    await session.flush()
    await day_records.refresh(session, [(mark.employee_id, mark.work_date)], now)
    return MarkExcused(at=now, mark=fact_of(mark), person=person, by=actor, reason=clean)
