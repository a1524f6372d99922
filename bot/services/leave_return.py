"""Coming back from an izin keluar (IK).

An approved IK runs from the moment it was asked until the expected return.
"Saya sudah kembali" asks for a live location (a ``CheckPrompt`` of kind
``RETURN_PROMPT``, so the next location within the prompt window is the
return); a location inside an office or the day's approved FWA place records
the return at its message time and ends the span there, so presence checks
after it are no longer excused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.leave import LeaveReturned
from bot.rules.geo import haversine_m, locate
from bot.rules.leave import LeaveKind, LeaveStatus, fwa_place
from bot.rules.location import SharedLocation
from bot.services import prompts
from bot.services.employees import home_timezone, offices_of
from bot.services.leave import Refused, load
from bot.services.workday import approved_leaves
from db.models import Employee
from db.models_day import LeaveRequest

RETURN_PROMPT = "ret"  # CheckPrompt.kind while the return location of an IK is awaited


@dataclass(frozen=True)
class OutsideReturn:
    """A return location outside every allowed place: how far from the nearest."""

    place: str  # the office's name, "" for the approved FWA place
    distance_m: float
    radius_m: float


async def _own_izin_keluar(session: AsyncSession, employee: Employee, request_id: int,
                           now: datetime) -> LeaveRequest:
    request = await load(session, request_id)
    if request.employee_id != employee.id or request.kind != LeaveKind.IK:
        raise Refused("leave.refused.not_yours")
    if request.status != LeaveStatus.APPROVED:
        raise Refused(f"leave.refused.already_{request.status}")
    if request.returned_at is not None:
        raise Refused("leave.refused.already_back")
    if request.start_date != now.astimezone(home_timezone(employee)).date():
        raise Refused("leave.refused.return_over")
    return request


async def ask_return(session: AsyncSession, employee: Employee, request_id: int,
                     now: datetime, chat_id: int) -> LeaveRequest:
    """"Saya sudah kembali": the next live location (within the prompt window)
    is the return of this izin keluar."""
    request = await _own_izin_keluar(session, employee, request_id, now)
    await prompts.ask_for_location(session, employee.id, RETURN_PROMPT, now, chat_id)
    return request


async def _izin_keluar_now(session: AsyncSession, employee: Employee,
                           at: datetime) -> LeaveRequest | None:
    """The approved izin keluar of ``at``'s local date not yet ended by a return."""
    return await session.scalar(
        select(LeaveRequest).where(
            LeaveRequest.employee_id == employee.id, LeaveRequest.kind == LeaveKind.IK,
            LeaveRequest.status == LeaveStatus.APPROVED, LeaveRequest.returned_at.is_(None),
            LeaveRequest.start_date == at.astimezone(home_timezone(employee)).date())
        .order_by(LeaveRequest.start_at.desc()).limit(1).with_for_update())


async def record_return(session: AsyncSession, settings: Settings, employee: Employee,
                        location: SharedLocation, now: datetime
                        ) -> LeaveReturned | OutsideReturn:
    """The return of today's izin keluar at the location's time, when it is
    inside an office or the day's approved FWA place; it ends the span then."""
    back = location.sent_at
    request = await _izin_keluar_now(session, employee, back)
    if request is None:
        raise Refused("leave.refused.no_izin_keluar")
    fence = locate(location.latitude, location.longitude, offices_of(employee))
    place, distance = fence.place.name, fence.distance_m
    if not fence.inside:
        spans = (await approved_leaves(session, request.start_date, request.start_date,
                                       [employee.id])).get(employee.id, [])
        fwa = fwa_place(spans, request.start_date)
        fwa_distance = (haversine_m(location.latitude, location.longitude, fwa.latitude,
                                    fwa.longitude)
                        if fwa and fwa.latitude is not None and fwa.longitude is not None
                        else None)
        if fwa_distance is None or fwa_distance > settings.fwa_radius_m:
            if fwa_distance is not None and fwa_distance < fence.distance_m:
                return OutsideReturn("", fwa_distance, settings.fwa_radius_m)
            return OutsideReturn(fence.place.name, fence.distance_m, fence.place.radius_m)
        place, distance = "", fwa_distance
    assert request.end_at is not None
    late = max(0, int((back - request.end_at).total_seconds() // 60))
    request.returned_at = back
    if back < request.end_at:
        request.end_at = max(back, request.start_at or back)
    await prompts.clear_prompt(session, employee.id)
    told_id = request.decided_by_id or request.approver_id
    told = await session.get(Employee, told_id) if told_id is not None else None
    await session.flush()
    return LeaveReturned(request=request, employee=employee, at=now, told=told, place=place,
                         distance_m=distance, late_minutes=late)
