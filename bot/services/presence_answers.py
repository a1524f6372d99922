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

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.presence import AbsenceReasonGiven, PresenceSeen
from bot.rules.geo import locate
from bot.rules.leave import fwa_place
from bot.rules.location import LocationProblem, SharedLocation, location_problem
from bot.services.employees import offices_of
from bot.services.presence import (
    AWAY,
    EXCUSED,
    MIDDAY,
    PENDING,
    PRESENT,
    AllowedPlace,
    allowed_places,
    answer_window,
)
from bot.services.presence_judge import absences
from bot.services.workday import approved_leaves
from db.models import AttendanceEvent, Employee, PositionSample
from db.models_day import AttendanceMark, PresenceAsk, PresenceCheck

SENT_SLACK = timedelta(seconds=1)  # a message date is whole seconds
REASON_MAX = 500  # characters of a reason


@dataclass(frozen=True)
class OpenAsk:
    ask: PresenceAsk
    check_at: datetime


async def open_ask(session: AsyncSession, settings: Settings, employee_id: int,
                   sent_at: datetime) -> OpenAsk | None:
    """The latest ask a location sent at ``sent_at`` may be about: asked
    before it, and closed at most one answer window before it (a later
    location is no answer any more, just a location)."""
    answer = answer_window(settings)
    row = (await session.execute(
        select(PresenceAsk, PresenceCheck.at)
        .join(PresenceCheck, PresenceCheck.id == PresenceAsk.check_id)
        .where(PresenceAsk.employee_id == employee_id, PresenceAsk.from_live.is_(False),
               PresenceAsk.result != EXCUSED,
               PresenceAsk.asked_at <= sent_at + SENT_SLACK,
               PresenceAsk.due_at >= sent_at - answer)
        .order_by(PresenceAsk.asked_at.desc())
        .limit(1))).first()
    return OpenAsk(row[0], row[1]) if row is not None else None


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
                               found: OpenAsk, location: SharedLocation) -> Outcome:
    ask = found.ask
    if ask.result != PENDING:
        return AlreadyAnswered(ask) if ask.result in (PRESENT, AWAY) else TooLate(ask)
    if location.sent_at > ask.due_at:
        return TooLate(ask)
    problem = location_problem(location, require_live=settings.require_live_location,
                               max_accuracy_m=settings.max_location_accuracy_m)
    if problem is not None:
        return Refused(problem)
    places = await places_of(session, settings, employee, ask)
    radius = _measure(ask, places, location.latitude, location.longitude, location.sent_at)
    return Answered(ask, radius)


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

