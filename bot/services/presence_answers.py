"""Answers to a presence check, and the reason for a mid-day absence.

An ask is answered by a location message sent inside its window (live when
``REQUIRE_LIVE_LOCATION``, not forwarded, precise enough: the check-in's
checks), or by a later position of the live location shared at check-in
arriving inside the window. The first answer is final: inside an allowed
place (an office, the day's approved FWA place) is present, outside is away,
with the distance and the nearest place. A location sent after the window
closed is too late: the ask stays unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.presence import AbsenceReasonGiven, PresenceCorrected, PresenceSeen
from bot.rules.geo import locate
from bot.rules.leave import fwa_place
from bot.rules.location import LocationProblem, SharedLocation, location_problem
from bot.services import day_records, prompts
from bot.services.employees import offices_of
from bot.services.presence import (
    AWAY,
    EXCUSED,
    MIDDAY,
    NO_ANSWER,
    PENDING,
    PRESENT,
    AllowedPlace,
    allowed_places,
    answer_window,
    midday_key,
)
from bot.services.presence_judge import absence_facts, absences
from bot.services.workday import approved_leaves
from db.models import AttendanceEvent, CheckPrompt, Employee, PositionSample
from db.models_day import AttendanceMark, PresenceAsk, PresenceCheck

SENT_SLACK = timedelta(seconds=1)  # a message date is whole seconds
REASON_MAX = 500  # characters of a reason
# why a "no answer" mark no longer counts (kept with it, as a dispensation's reason)
READ_LATE_NOTE = "jawaban terkirim tepat waktu, terbaca setelah pemeriksaan ditutup"


@dataclass(frozen=True)
class OpenAsk:
    ask: PresenceAsk
    check_at: datetime


def _open_ask_statement() -> Select[int, CheckPrompt, PresenceAsk, datetime]:
    latest = (
        select(PresenceAsk.id)
        .where(PresenceAsk.employee_id == bindparam("employee_id"),
               PresenceAsk.from_live.is_(False), PresenceAsk.result != EXCUSED,
               PresenceAsk.asked_at <= bindparam("asked_until"),
               or_(PresenceAsk.due_at >= bindparam("sent_at"),
                   and_(PresenceAsk.result == PENDING,
                        PresenceAsk.due_at >= bindparam("pending_due_from"))))
        .order_by(PresenceAsk.asked_at.desc())
        .limit(1)
        .scalar_subquery())
    return (select(Employee.id, CheckPrompt, PresenceAsk, PresenceCheck.at)
            .select_from(Employee)
            .outerjoin(CheckPrompt, CheckPrompt.employee_id == Employee.id)
            .outerjoin(PresenceAsk, PresenceAsk.id == latest)
            .outerjoin(PresenceCheck, PresenceCheck.id == PresenceAsk.check_id)
            .where(Employee.id == bindparam("employee_id")))


_OPEN_ASK = _open_ask_statement()  # built once: a location costs no statement building


async def open_ask(session: AsyncSession, settings: Settings, employee_id: int,
                   sent_at: datetime) -> OpenAsk | None:
    """The latest ask a location sent at ``sent_at`` is about: one asked
    before it whose window holds it, or one whose window has just closed but
    which is not judged yet (the answer is too late). Any other location is
    no answer, just a location (a check-out, say).

    The same statement reads the person's check prompt (``prompts.remember``):
    what the location answers otherwise, read next by the location handlers."""
    row = (await session.execute(_OPEN_ASK, {
        "employee_id": employee_id, "sent_at": sent_at, "asked_until": sent_at + SENT_SLACK,
        "pending_due_from": sent_at - answer_window(settings)})).first()
    if row is None:
        return None
    prompts.remember(session, employee_id, row[1])
    return OpenAsk(row[2], row[3]) if row[2] is not None else None


@dataclass(frozen=True)
class Refused:
    problem: LocationProblem


@dataclass(frozen=True)
class AlreadyAnswered:
    ask: PresenceAsk


@dataclass(frozen=True)
class TooLate:
    ask: PresenceAsk


@dataclass(frozen=True)
class Answered:
    ask: PresenceAsk
    radius_m: float  # of the place it was measured against
    # sent in time but read after the check closed (the bot was down): the
    # "no answer" absence recorded meanwhile no longer counts
    corrected: PresenceCorrected | None = None


Outcome = Refused | AlreadyAnswered | TooLate | Answered


async def places_of(session: AsyncSession, settings: Settings, employee: Employee,
                    ask: PresenceAsk) -> list[AllowedPlace]:
    """The employee's allowed places on the ask's work date: one query."""
    leaves = (await approved_leaves(session, ask.work_date, ask.work_date,
                                    [employee.id])).get(employee.id, [])
    return allowed_places(offices_of(employee), fwa_place(leaves, ask.work_date),
                          settings.fwa_radius_m)


def _measure(ask: PresenceAsk, places: list[AllowedPlace], latitude: float, longitude: float,
             at: datetime) -> float:
    fence = locate(latitude, longitude, places)
    ask.result = PRESENT if fence.inside else AWAY
    ask.answered_at, ask.latitude, ask.longitude = at, latitude, longitude
    ask.distance_m, ask.place = round(fence.distance_m, 1), fence.place.name
    return fence.place.radius_m


async def answer_with_location(session: AsyncSession, settings: Settings, employee: Employee,
                               found: OpenAsk, location: SharedLocation, now: datetime
                               ) -> Outcome:
    ask = found.ask
    read_late = ask.result == NO_ANSWER and location.sent_at <= ask.due_at
    if ask.result != PENDING and not read_late:
        return AlreadyAnswered(ask) if ask.result in (PRESENT, AWAY) else TooLate(ask)
    if location.sent_at > ask.due_at:
        return TooLate(ask)
    problem = location_problem(location, require_live=settings.require_live_location,
                               max_accuracy_m=settings.max_location_accuracy_m)
    if problem is not None:
        return Refused(problem)
    places = await places_of(session, settings, employee, ask)
    radius = _measure(ask, places, location.latitude, location.longitude, location.sent_at)
    corrected = await _correct(session, settings, found, now) if read_late else None
    return Answered(ask, radius, corrected)


async def _correct(session: AsyncSession, settings: Settings, found: OpenAsk, now: datetime
                   ) -> PresenceCorrected | None:
    """The mark made for "no answer" follows an answer that was sent in time
    and read only after the check closed: present, it no longer counts (and
    the manager is told); away, it keeps counting with the place and distance."""
    ask = found.ask
    mark = await session.scalar(select(AttendanceMark).where(
        AttendanceMark.key == midday_key(ask.id)))
    if mark is None:
        return None
    if ask.result == PRESENT:
        mark.excused_at, mark.excuse_reason = now, READ_LATE_NOTE
    else:
        mark.facts = absence_facts(ask, found.check_at, settings.presence_answer_minutes)
    await session.flush()
    await day_records.refresh(session, [(mark.employee_id, mark.work_date)], now)
    if ask.result != PRESENT:
        return None
    [absence] = await absences(session, [mark])
    return PresenceCorrected(at=now, absence=absence, answered_at=ask.answered_at or now,
                             place=ask.place)


async def answer_from_position(session: AsyncSession, settings: Settings,
                               sample: PositionSample) -> list[PresenceSeen]:
    """A later position of the check-in's live location answers a pending ask
    of that person whose window holds it; one query when there is none."""
    if sample.accuracy_m is not None and sample.accuracy_m > settings.max_location_accuracy_m:
        return []
    row = (await session.execute(
        select(PresenceAsk, PresenceCheck.at)
        .join(PresenceCheck, PresenceCheck.id == PresenceAsk.check_id)
        .join(AttendanceEvent, AttendanceEvent.employee_id == PresenceAsk.employee_id)
        .where(AttendanceEvent.id == sample.event_id, PresenceAsk.result == PENDING,
               PresenceAsk.asked_at <= sample.sampled_at,
               PresenceAsk.due_at >= sample.sampled_at)
        .order_by(PresenceAsk.asked_at.desc())
        .limit(1))).first()
    if row is None:
        return []
    ask, check_at = row
    employee = await session.get(Employee, ask.employee_id)
    if employee is None or not employee.active:
        return []
    places = await places_of(session, settings, employee, ask)
    _measure(ask, places, sample.latitude, sample.longitude, sample.sampled_at)
    return [PresenceSeen(at=sample.sampled_at, ask=ask, employee=employee, check_at=check_at)]


# --- the reason for a mid-day absence ----------------------------------------------


async def absence_to_explain(session: AsyncSession, employee: Employee, mark_id: int | None
                             ) -> AttendanceMark | str:
    """The employee's own mid-day absence that still waits for a reason, or
    the text key saying why not (a forged or stale button, one already given)."""
    mark = await session.get(AttendanceMark, mark_id) if mark_id is not None else None
    if mark is None or mark.employee_id != employee.id or mark.kind != MIDDAY:
        return "common.stale_button"
    if mark.reason is not None:
        return "presence.reason.given"
    if mark.cleared_by_leave_id is not None or mark.excused_at is not None:
        return "presence.reason.cleared"
    return mark


async def give_reason(session: AsyncSession, employee: Employee, mark_id: int | None,
                      reason: str, now: datetime) -> AbsenceReasonGiven | str:
    """Keep the reason with the mark; the event tells the manager."""
    found = await absence_to_explain(session, employee, mark_id)
    if isinstance(found, str):
        return found
    found.reason, found.reason_at = reason, now
    [absence] = await absences(session, [found])
    return AbsenceReasonGiven(at=now, absence=absence)

