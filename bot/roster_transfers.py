"""Transfers (mutasi) the roster import records.

An employees row whose unit, supervisor or schedule differs from what the
database holds is a transfer: it is recorded as an ``EmployeeAssignment``
from the row's optional ``effective_from`` date (2027-03-15, 15-03-2027 or a
date cell), else from the day of the import, both local dates of the
person's home office. A new employee gets their first assignment the same
way. A row that changes none of the three records nothing, whatever its
``effective_from`` says, so importing the same file again changes nothing.

The dates a transfer may have, checked before anything is written (a bad
one refuses the whole import, as any error does):

- not after today: the roster is what holds now; a transfer that starts
  later would make the person's unit wrong until then (import that row on
  or after the day);
- not before the person's last recorded assignment: history runs forward
  (the same day again corrects that assignment);
- not more than ``CATCH_UP_DAYS`` ago: the furthest the day close looks
  back, and older days went into recaps already handed in. A new
  employee's first date may be older: there is no history to move.

A transfer dated in the past moves the days already closed from that date
on to the new unit and supervisor (``assignments.move_closed_days``, a few
statements for however many movers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.roster_sheets import EmployeeRow, RosterData, RosterError
from bot.rules.timefmt import long_date
from bot.services import assignments
from bot.services.assignments import FROM_THE_START, Assignment
from bot.services.day_close import CATCH_UP_DAYS
from bot.texts import text
from db.models import Employee, Office, Unit
from db.models_day import EmployeeAssignment

NONE = "—"  # no supervisor, in a report line


class KnownRoster(Protocol):
    """The roster already in the database (``bot.roster._Existing``)."""

    offices: dict[str, Office]
    units: dict[str, Unit]
    employees: dict[str, Employee]
    assignments: dict[int, EmployeeAssignment]  # each employee's last one


Placement = tuple[str, str | None, str]  # unit code, supervisor NIP, schedule code


@dataclass(frozen=True)
class Move:
    """An assignment to record for a row of the file: a transfer (``before``
    set) or a new employee's first one."""

    nip: str
    valid_from: date
    before: Placement | None
    after: Placement
    # the place before, to record "from the start" when no history was kept yet
    earlier: Assignment | None


@dataclass(frozen=True)
class Transfer:
    """A transfer as the import report tells it; a pair is (before, after)
    for what changed, None for what did not."""

    nip: str
    name: str
    valid_from: date
    unit: tuple[str, str] | None
    supervisor: tuple[str, str] | None  # names
    schedule: tuple[str, str] | None
    moved_days: int  # closed days that now count for the new unit and supervisor


def plan(data: RosterData, known: KnownRoster, now: datetime, lang: str
         ) -> tuple[list[Move], list[RosterError]]:
    """The assignments the file records, and its rows whose date is refused."""
    unit_codes = {u.id: u.code for u in known.units.values()}
    nips = {e.id: e.nip for e in known.employees.values()}
    zones = _HomeZones(data, known)
    moves, errors = [], []
    for row in data.employees:
        person = known.employees.get(row.nip)
        after: Placement = (row.unit_code, row.supervisor_nip, row.schedule_code)
        before: Placement | None = None
        if person is not None:
            before = (unit_codes[person.unit_id], nips.get(person.supervisor_id or 0),
                      person.schedule_code)
            if before == after:
                continue
        zone = zones.of(row)
        if zone is None:
            continue  # an unknown unit or office, reported as such
        today = now.astimezone(zone).date()
        day = row.effective_from or today
        last = known.assignments.get(person.id) if person is not None else None
        problem = _refusal(day, today, last, transfer=person is not None, lang=lang)
        if problem is not None:
            errors.append(RosterError("employees", row.row, "effective_from", problem))
            continue
        earlier = None
        if person is not None and last is None:  # placed before assignments were kept
            earlier = Assignment(FROM_THE_START, person.unit_id, person.supervisor_id,
                                 person.schedule_code)
        moves.append(Move(row.nip, day, before, after, earlier))
    return moves, errors


def _refusal(day: date, today: date, last: EmployeeAssignment | None, *, transfer: bool,
             lang: str) -> str | None:
    """Why an assignment cannot start on ``day`` (see the module's text), or None."""
    first = today - timedelta(days=CATCH_UP_DAYS)
    if day > today:
        return text("roster.error.transfer_future", lang, day=long_date(day, lang),
                    today=long_date(today, lang))
    if transfer and day < first:
        return text("roster.error.transfer_too_old", lang, day=long_date(day, lang),
                    days=CATCH_UP_DAYS, first=long_date(first, lang))
    if last is not None and day < last.valid_from:
        return text("roster.error.transfer_before_last", lang, day=long_date(day, lang),
                    last=long_date(last.valid_from, lang))
    return None


class _HomeZones:
    """The zone of the office each row's person will be judged in: the first
    of their offices by id, as ``workday.people`` takes it (offices new in
    the file come after the others, in file order), else their unit's."""

    def __init__(self, data: RosterData, known: KnownRoster) -> None:
        self.known = known
        self.order = {o.code: n for n, o in enumerate(data.offices)}
        office_codes = {o.id: o.code for o in known.offices.values()}
        self.unit_office = {code: office_codes.get(u.office_id)
                            for code, u in known.units.items()}
        self.unit_office |= {u.code: u.office_code for u in data.units}
        self.zones = {code: o.timezone for code, o in known.offices.items()}
        self.zones |= {o.code: o.timezone for o in data.offices}

    def _by_id(self, code: str) -> tuple[int, int]:
        office = self.known.offices.get(code)
        return (0, office.id) if office is not None else (1, self.order.get(code, 0))

    def of(self, row: EmployeeRow) -> ZoneInfo | None:
        code = (min(row.office_codes, key=self._by_id) if row.office_codes
                else self.unit_office.get(row.unit_code))
        zone = self.zones.get(code) if code is not None else None
        return ZoneInfo(zone) if zone else None


async def record(session: AsyncSession, moves: list[Move], employees: Mapping[str, Employee],
                 known: KnownRoster, now: datetime) -> list[Transfer]:
    """Write the planned assignments (after the employees rows) and move the
    closed days of the transfers; the transfers, in file order."""
    done: list[tuple[Move, Employee]] = []
    for move in moves:
        person = employees[move.nip]
        last = known.assignments.get(person.id)
        if move.earlier is not None and move.valid_from > FROM_THE_START:
            last = assignments.record(session, person.id, FROM_THE_START, move.earlier,
                                      now, None)
        placed = Assignment(move.valid_from, person.unit_id, person.supervisor_id,
                            person.schedule_code)
        assignments.record(session, person.id, move.valid_from, placed, now, last)
        if move.before is not None:
            done.append((move, person))
    moved = await assignments.move_closed_days(session, [
        assignments.Moved(person.id, move.valid_from, person.unit_id, person.supervisor_id)
        for move, person in done], now)
    transfers = [Transfer(
        move.nip, person.name, move.valid_from, _pair(move.before[0], move.after[0]),
        _pair(_name(employees, move.before[1]), _name(employees, move.after[1])),
        _pair(move.before[2], move.after[2]), moved.get(person.id, 0))
        for move, person in done if move.before is not None]
    await session.flush()
    return transfers


def _name(employees: Mapping[str, Employee], nip: str | None) -> str:
    person = employees.get(nip) if nip is not None else None
    return person.name if person is not None else NONE


def _pair(before: str, after: str) -> tuple[str, str] | None:
    return (before, after) if before != after else None


def report_line(transfer: Transfer, lang: str) -> str:
    """ "Mutasi: NIP nama: ORG → KEU, atasan X → Y, mulai Senin, 15 Maret 2027"."""
    changes = []
    if transfer.unit:
        changes.append(text("roster.transfer.unit", lang, before=transfer.unit[0],
                            after=transfer.unit[1]))
    if transfer.supervisor:
        changes.append(text("roster.transfer.supervisor", lang, before=transfer.supervisor[0],
                            after=transfer.supervisor[1]))
    if transfer.schedule:
        changes.append(text("roster.transfer.schedule", lang, before=transfer.schedule[0],
                            after=transfer.schedule[1]))
    line = text("roster.transfer", lang, nip=transfer.nip, name=transfer.name,
                changes=", ".join(changes), day=long_date(transfer.valid_from, lang))
    if transfer.moved_days:
        line += text("roster.transfer.moved", lang, days=transfer.moved_days)
    return line
