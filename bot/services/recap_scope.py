"""Whose monthly recap: an admin's is everyone's, a head's the units they
head and every unit below (a head who heads none: their team), a
supervisor's their team of each day (the closed days whose ``supervisor_id``
is theirs); staff have none. ``hadir report --unit`` asks for a unit's tree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.recap_data import Scope, UnitInfo, unit_tree, units
from db.models import Employee, Unit


@dataclass(frozen=True)
class Audience:
    """Whose days a recap covers. ``kind``: all | units | team."""

    kind: str
    scope: Scope
    units: tuple[UnitInfo, ...] = ()  # the units it is about: roots for "units", theirs for "team"
    person: str | None = None  # the supervisor, for "team"


def everyone() -> Audience:
    return Audience("all", Scope())


async def audience_of(session: AsyncSession, employee: Employee) -> Audience | None:
    """The recap ``employee`` may have; None for staff."""
    if employee.role == "admin":
        return everyone()
    if employee.role not in ("head", "supervisor"):
        return None
    all_units = await units(session)
    if employee.role == "head":
        headed = [u for u in all_units.values() if u.head_id == employee.id]
        if headed:
            tree = unit_tree(all_units, (u.id for u in headed))
            below = unit_tree(all_units, (c.id for u in headed for c in all_units.values()
                                        if c.parent_id == u.id))
            roots = tuple(sorted((u for u in headed if u.id not in below),
                                 key=lambda u: u.code))
            return Audience("units", Scope(unit_ids=tree), roots)
    own = all_units.get(employee.unit_id)
    return Audience("team", Scope(supervisor_id=employee.id), (own,) if own else (),
                    employee.name)


async def unit_audience(session: AsyncSession, code: str) -> Audience | None:
    """The unit with this code (any case) and the units below it; None if unknown."""
    unit_id = await session.scalar(
        select(Unit.id).where(func.upper(Unit.code) == code.strip().upper()).limit(1))
    if unit_id is None:
        return None
    all_units = await units(session)
    return Audience("units", Scope(unit_ids=unit_tree(all_units, [unit_id])),
                    (all_units[unit_id],))


