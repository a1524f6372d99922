"""Closing the mid-day presence checks (see ``bot.services.presence``).

``JUDGE_GRACE`` after a check's answer window (answers sent in time but
delivered a little late still count) its asks still pending are closed: a
check-out inside the window counts as present (its location is inside an
office), otherwise no answer; one that a leave, DL or izin keluar approved
meanwhile covers is excused. Each away or unanswered ask becomes an
``AttendanceMark`` (``midday_absence``, key ``midday:<ask>``, ``at`` the
check's moment, the facts it rests on) and a day already closed follows it
(``day_records.refresh``). The check is claimed with one ``UPDATE ...
RETURNING``, so it is judged once, whatever re-runs or processes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.presence import Absence, PresenceJudged
from bot.rules.leave import covering_moment
from bot.services import day_records
from bot.services.attendance import OUT
from bot.services.presence import (
    ABSENT_RESULTS,
    EXCUSED,
    MIDDAY,
    NO_ANSWER,
    PENDING,
    PRESENT,
    answer_window,
    insert_all,
    load_employees,
    midday_key,
    utc,
)
from bot.services.workday import approved_leaves
from db.models import AttendanceEvent, Employee, Office, Unit
from db.models_day import AttendanceMark, PresenceAsk, PresenceCheck

JUDGE_GRACE = timedelta(minutes=2)  # answers sent in time but delivered late


def absence_facts(ask: PresenceAsk, check_at: datetime, answer_minutes: int) -> dict[str, Any]:
    """What a mid-day absence rests on, kept with its mark and shown to people."""
    return {"check_id": ask.check_id, "ask_id": ask.id, "check_at": check_at.isoformat(),
            "result": ask.result, "place": ask.place, "distance_m": ask.distance_m,
            "seen_at": ask.answered_at.isoformat() if ask.answered_at else None,
            "from_live": ask.from_live, "answer_minutes": answer_minutes}


async def judge_closed_checks(session: AsyncSession, settings: Settings, now: datetime
                              ) -> list[PresenceJudged]:
    """Close the checks whose answer window (and grace) has passed."""
    closing = {id_: utc(at) for id_, at in await session.execute(
        update(PresenceCheck)
        .where(PresenceCheck.judged_at.is_(None), PresenceCheck.ran_at.is_not(None),
               PresenceCheck.ran_at <= now - answer_window(settings) - JUDGE_GRACE)
        .values(judged_at=now)
        .returning(PresenceCheck.id, PresenceCheck.at)
        .execution_options(synchronize_session=False))}
    if not closing:
        return []
    rows = (await session.execute(
        select(PresenceAsk, AttendanceEvent.occurred_at, Office.name)
        .outerjoin(AttendanceEvent, and_(
            AttendanceEvent.employee_id == PresenceAsk.employee_id,
            AttendanceEvent.kind == OUT,
            AttendanceEvent.occurred_at >= PresenceAsk.asked_at,
            AttendanceEvent.occurred_at <= PresenceAsk.due_at))
        .outerjoin(Office, Office.id == AttendanceEvent.office_id)
        .where(PresenceAsk.check_id.in_(set(closing)),
               PresenceAsk.result.in_((PENDING, *ABSENT_RESULTS)))
        .order_by(PresenceAsk.id))).all()
    # a leave, DL or izin keluar approved while the answers were awaited
    # excuses the moment as one approved before the check ran
    dates = [ask.work_date for ask, _, _ in rows]
    leaves = await approved_leaves(session, min(dates), max(dates)) if dates else {}
    absent: list[PresenceAsk] = []
    for ask, out_at, office in rows:
        if covering_moment(leaves.get(ask.employee_id, []), ask.work_date,
                           closing[ask.check_id]) is not None:
            ask.result = EXCUSED
        elif ask.result == PENDING and out_at is not None:
            ask.result, ask.answered_at, ask.place = PRESENT, utc(out_at), office
        elif ask.result == PENDING:
            ask.result = NO_ANSWER
        if ask.result in ABSENT_RESULTS:
            absent.append(ask)
    marks = [AttendanceMark(key=midday_key(ask.id), employee_id=ask.employee_id,
                            work_date=ask.work_date, kind=MIDDAY, code=None,
                            at=closing[ask.check_id],
                            facts=absence_facts(ask, closing[ask.check_id],
                                                settings.presence_answer_minutes),
                            created_at=now)
             for ask in absent]
    await session.flush()  # the asks' results
    await insert_all(session, marks, "key")
    await day_records.refresh(session, {(m.employee_id, m.work_date) for m in marks}, now)
    found = await absences(session, marks)
    by_check: dict[int, list[Absence]] = defaultdict(list)
    for absence in found:
        by_check[int(absence.mark.facts["check_id"])].append(absence)
    return [PresenceJudged(at=now, check_id=check_id, check_at=closing[check_id],
                           absences=tuple(by_check[check_id]))
            for check_id in sorted(closing) if by_check[check_id]]


async def absences(session: AsyncSession, marks: Sequence[AttendanceMark]) -> list[Absence]:
    """Each mark with its person and who manages them, in three queries
    (plus the employees' offices) however many."""
    if not marks:
        return []
    people = await load_employees(session, (mark.employee_id for mark in marks))
    units = {id_: (head, parent) for id_, head, parent in await session.execute(
        select(Unit.id, Unit.head_id, Unit.parent_id))}
    managers = {person.id: manager_id(person, units) for person in people.values()}
    bosses = await load_employees(
        session, {m for m in managers.values() if m is not None and m not in people})
    bosses.update(people)
    return [Absence(mark=mark, employee=people[mark.employee_id],
                    manager=bosses.get(managers[mark.employee_id] or 0))
            for mark in marks if mark.employee_id in people]


def manager_id(person: Employee, units: dict[int, tuple[int | None, int | None]]
               ) -> int | None:
    """Who is told about ``person``: their supervisor, else the head of their
    unit or of the nearest unit above that has one (never themselves)."""
    if person.supervisor_id is not None:
        return person.supervisor_id
    unit: int | None = person.unit_id
    seen: set[int] = set()
    while unit is not None and unit not in seen:
        seen.add(unit)
        head, parent = units.get(unit, (None, None))
        if head is not None and head != person.id:
            return head
        unit = parent
    return None

