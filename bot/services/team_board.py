"""The team board (/tim): where a supervisor's or a head's people are today.

Who a board shows (``audience``):

* a supervisor: their direct reports (``Employee.supervisor_id``);
* a head: everyone in the units they head (``Unit.head_id``) and the units
  below, and their own reports; a head who heads no unit: their reports;
* an admin: their own tree the same way, and any unit by its code;
* ``/tim KODE``: a head or an admin picks one unit (with the units below it)
  — a head only a unit of their own tree.

Staff are refused. The board's people, their day (schedule, holiday, leave,
checks) and today's presence asks are read in a fixed number of queries
(``workday.people`` + ``workday.days_at`` + one query of the asks), whatever
the team's size; ``sort_board`` then puts each person in their group
(pure, no query).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.leave import LeaveSpan
from bot.rules.task_states import Refusal
from bot.services import workday
from bot.services.pattern_base import among
from bot.services.presence import ABSENT_RESULTS
from bot.services.recap_data import UnitInfo, unit_tree, units
from bot.services.workday import Person, PersonDay
from db.models import Employee
from db.models_day import PresenceAsk, PresenceCheck

MANAGERS = ("supervisor", "head", "admin")
PICKERS = ("head", "admin")  # may name a unit: /tim KODE
ON_TIME, LATE, LEAVE, NOT_YET, AWAY = "on_time", "late", "leave", "not_yet", "away"
GROUPS = (ON_TIME, LATE, LEAVE, NOT_YET, AWAY)  # the board's order


@dataclass(frozen=True)
class Audience:
    """Whose day a board shows, and how it is titled."""

    unit_id: int  # 0: the viewer's own board; else the unit picked by its code
    unit_ids: frozenset[int]  # everyone in these units
    report_ids: frozenset[int]  # and these people (the viewer's direct reports)
    roots: tuple[UnitInfo, ...]  # the units named in the title (none: "my team")


def headed(all_units: Mapping[int, UnitInfo], viewer: Employee) -> frozenset[int]:
    """The units a head or an admin heads, and the units below them."""
    if viewer.role not in PICKERS:
        return frozenset()
    return unit_tree(all_units, [u.id for u in all_units.values() if u.head_id == viewer.id])


def may_see(all_units: Mapping[int, UnitInfo], viewer: Employee, unit_id: int,
            supervisor_id: int | None) -> bool:
    """Whether someone of ``unit_id`` reporting to ``supervisor_id`` is on one of
    the viewer's boards (an admin's: anyone; the caller leaves the viewer out)."""
    if viewer.role not in MANAGERS:
        return False
    return (viewer.role == "admin" or supervisor_id == viewer.id
            or unit_id in headed(all_units, viewer))


async def audience(session: AsyncSession, viewer: Employee, code: str | None = None,
                   unit_id: int = 0) -> Audience:
    """The viewer's own board, or the unit named by ``code`` (a command) or
    ``unit_id`` (a button); ``Refusal`` when they may not see it."""
    if viewer.role not in MANAGERS:
        raise Refusal("board.refused.staff")
    all_units = await units(session)
    if code is not None or unit_id:
        if viewer.role not in PICKERS:
            raise Refusal("board.refused.pick")
        unit = (next((u for u in all_units.values() if u.code.casefold() == code.casefold()),
                     None) if code is not None else all_units.get(unit_id))
        if unit is None:  # a typo, or a button of a unit that is gone
            raise (Refusal("board.refused.unknown_unit", code=code) if code is not None
                   else Refusal("common.stale_button"))
        if viewer.role != "admin" and unit.id not in headed(all_units, viewer):
            raise Refusal("board.refused.unit", code=unit.code)
        return Audience(unit.id, unit_tree(all_units, [unit.id]), frozenset(), (unit,))
    reports = frozenset(await session.scalars(
        select(Employee.id).where(Employee.supervisor_id == viewer.id,
                                  Employee.active.is_(True))))
    mine = headed(all_units, viewer)
    roots = tuple(sorted((u for u in all_units.values() if u.id in mine
                          and (u.parent_id not in mine)), key=lambda u: u.code))
    return Audience(0, mine, reports, roots)


async def members(session: AsyncSession, viewer: Employee, seen: Audience) -> list[Person]:
    """The board's people (active, without the viewer), by name: a fixed number
    of queries (``workday.people`` for the units, again for reports elsewhere)."""
    found = (await workday.people(session, unit_ids=seen.unit_ids) if seen.unit_ids else [])
    elsewhere = seen.report_ids - {p.id for p in found}
    if elsewhere:
        found += await workday.people(session, employee_ids=elsewhere)
    return sorted((p for p in found if p.id != viewer.id),
                  key=lambda p: (p.name.casefold(), p.id))


@dataclass(frozen=True)
class Absent:
    """Away or no answer at the person's last judged presence check of today."""

    result: str  # away | no_answer
    at: datetime  # the check's moment


async def last_checks(session: AsyncSession, days: Iterable[PersonDay]
                      ) -> dict[int, Absent]:
    """Who was away or did not answer at their last judged check of their work
    date: one query for the whole board."""
    wanted = {(d.person.id, d.work_date) for d in days}
    if not wanted:
        return {}
    rows = await session.execute(
        select(PresenceAsk.employee_id, PresenceAsk.work_date, PresenceAsk.result,
               PresenceCheck.at)
        .join(PresenceCheck, PresenceCheck.id == PresenceAsk.check_id)
        .where(PresenceAsk.work_date.in_({day for _, day in wanted}),
               among(session, PresenceAsk.employee_id, {person for person, _ in wanted}),
               PresenceCheck.judged_at.is_not(None))
        .order_by(PresenceCheck.at, PresenceCheck.id))
    last: dict[int, tuple[str, datetime]] = {}
    for employee_id, work_date, result, at in rows:
        if (employee_id, work_date) in wanted:
            last[employee_id] = (result, at)  # ordered: the latest stays
    return {person: Absent(result, at) for person, (result, at) in last.items()
            if result in ABSENT_RESULTS}


@dataclass
class Board:
    """Today's board: each working person in one group (and in ``away`` too
    when their last check found them away), and how many have no working day."""

    at: datetime
    people: list[Person]  # everyone on it, by name (the buttons)
    groups: dict[str, list[PersonDay]] = field(default_factory=dict)
    absent: dict[int, Absent] = field(default_factory=dict)
    not_working: int = 0


def sort_board(at: datetime, people: list[Person], days: Iterable[PersonDay],
               absent: Mapping[int, Absent]) -> Board:
    """Each person's group: checked in on time or late, on leave (a whole day,
    or part of the day covering now without a check-in), not in yet, and away
    at the last check; people without a working day today are only counted."""
    board = Board(at, people, {group: [] for group in GROUPS}, dict(absent))
    for day in days:
        if not day.working:
            board.not_working += 1
            continue
        check_in = day.check_in
        if check_in is not None:
            board.groups[LATE if check_in.code else ON_TIME].append(day)
        elif day.leave is not None or part_leave(day, at) is not None:
            board.groups[LEAVE].append(day)
        else:
            board.groups[NOT_YET].append(day)
        if day.person.id in absent:
            board.groups[AWAY].append(day)
    board.groups[ON_TIME].sort(key=lambda d: _check_time(d))
    board.groups[LATE].sort(key=lambda d: _check_time(d))
    return board


def _check_time(day: PersonDay) -> datetime:
    assert day.check_in is not None
    return day.check_in.occurred_at


def part_leave(day: PersonDay, at: datetime) -> LeaveSpan | None:
    """A part-of-day permission (izin keluar, a few hours) running at ``at``."""
    return next((span for span in day.leaves
                 if span.kind != "FWA" and span.start_at is not None and span.end_at is not None
                 and span.start_at <= at < span.end_at), None)


async def load_board(session: AsyncSession, settings: Settings, viewer: Employee,
                     seen: Audience, at: datetime) -> Board:
    """The board at ``at``: a fixed number of queries, whatever the team's size."""
    people = await members(session, viewer, seen)
    days = await workday.days_at(session, settings, people, at)
    return sort_board(at, people, days, await last_checks(session, days))
