"""``hadir import FILE``: load the roster from a workbook or a CSV folder.

Everything is checked before anything is written: the file on its own
(``bot.roster_sheets``), then references between sheets and to rows already
in the database. With any error nothing is written. Otherwise rows are
upserted by key (office and unit code, NIP, holiday date); the rows of each
schedule code in the file replace that code's rows. A holidays row with status
``masuk`` is a day the agency works despite the national calendar; a schedule
with on_holidays ``masuk`` works on national holidays. Employees missing from
the file are left as they are; an optional ``active`` column (ya/tidak,
true/false, 1/0, aktif/nonaktif) deactivates or reactivates people, empty
leaving them as they are. A ``head`` must be the ``head_nip`` of a unit. A
changed unit, supervisor or schedule is a transfer, recorded with the date it
holds from (an optional ``effective_from`` column, else the day of the
import; ``bot.roster_transfers``). The caller owns the transaction: nothing
here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import roster_transfers
from bot.roster_sheets import (
    SHEETS,
    RosterData,
    RosterError,
    ScheduleRow,
    parse_roster,
    read_sheets,
)
from bot.roster_transfers import Move, Transfer
from bot.services import assignments
from bot.texts import text
from db.models import Employee, Holiday, Office, ScheduleRule, Unit
from db.models_day import EmployeeAssignment

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "ImportReport",
    "RosterData",
    "RosterError",
    "format_error",
    "format_report",
    "import_roster",
    "read_roster",
]


@dataclass(frozen=True)
class ImportReport:
    """Counts per sheet name; an upsert that changed nothing is ``unchanged``."""

    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    errors: list[RosterError]
    deleted: dict[str, int] = field(default_factory=dict)  # schedule rows gone from a code
    transfers: list[Transfer] = field(default_factory=list)  # in file order

    @property
    def ok(self) -> bool:
        return not self.errors


def read_roster(path: Path, lang: str = "id") -> tuple[RosterData, list[RosterError]]:
    """The rows that pass the file-level checks, and every file-level error."""
    sheets, errors = read_sheets(path, lang)
    data, row_errors = parse_roster(sheets, lang)
    return data, _in_file_order(errors + row_errors)


async def import_roster(session: AsyncSession, path: Path, *, now: datetime, lang: str = "id",
                        default_language: str = "id") -> ImportReport:
    """``now`` dates the transfers the file does not date and their records;
    the work waiting on someone the file deactivates is handed to the next
    one up (``bot.handover``)."""
    data, errors = read_roster(path, lang)
    existing = await _Existing.load(session)
    moves, refused = roster_transfers.plan(data, existing, now, lang)
    errors = _in_file_order(errors + _check_references(data, existing, lang) + refused)
    if errors:
        return ImportReport({}, {}, {}, errors)
    return await _write(session, data, existing, moves, now=now,
                        default_language=default_language)


def format_error(error: RosterError, lang: str = "id") -> str:
    """ "units, baris 5, kolom office_code: ..." (without row or column when it has none)."""
    key = "roster.error.line" if error.column is not None else "roster.error.line_row"
    key = key if error.row is not None else "roster.error.line_sheet"
    return text(key, lang, **asdict(error))


def format_report(report: ImportReport, lang: str = "id") -> list[str]:
    """One line per error and a closing line, or one summary line per sheet."""
    if report.errors:
        lines = [format_error(error, lang) for error in report.errors]
        return [*lines, text("roster.summary.failed", lang, count=len(report.errors))]
    lines = []
    for sheet in (sheet for sheet in SHEETS if sheet in report.created):
        counts = {
            kind: getattr(report, kind)[sheet] for kind in ("created", "updated", "unchanged")
        }
        line = text("roster.summary", lang, sheet=sheet, **counts)
        if report.deleted.get(sheet):
            line += text("roster.summary.deleted", lang, deleted=report.deleted[sheet])
        lines.append(line)
    return lines + [roster_transfers.report_line(t, lang) for t in report.transfers]


def _in_file_order(errors: list[RosterError]) -> list[RosterError]:
    def key(error: RosterError) -> tuple[int, int]:
        sheet = SHEETS.index(error.sheet) if error.sheet in SHEETS else -1
        return sheet, error.row or 0

    return sorted(errors, key=key)


@dataclass
class _Existing:
    """The roster already in the database, by key."""

    offices: dict[str, Office]
    units: dict[str, Unit]
    employees: dict[str, Employee]
    schedules: dict[str, list[ScheduleRule]]
    holidays: dict[date, Holiday]
    assignments: dict[int, EmployeeAssignment]  # each employee's last one

    @classmethod
    async def load(cls, session: AsyncSession) -> _Existing:
        schedules: dict[str, list[ScheduleRule]] = {}
        for rule in await session.scalars(select(ScheduleRule).order_by(ScheduleRule.id)):
            schedules.setdefault(rule.code, []).append(rule)
        return cls(
            offices={o.code: o for o in await session.scalars(select(Office))},
            units={u.code: u for u in await session.scalars(select(Unit))},
            employees={e.nip: e for e in await session.scalars(select(Employee))},
            schedules=schedules,
            holidays={h.date: h for h in await session.scalars(select(Holiday))},
            assignments=await assignments.latest(session),
        )


# (sheet, column, the sheet it points into, error text, placeholder)
_REFERENCES = (
    ("units", "parent_code", "units", "roster.error.unknown_unit", "code"),
    ("units", "office_code", "offices", "roster.error.unknown_office", "code"),
    ("units", "head_nip", "employees", "roster.error.unknown_employee", "nip"),
    ("employees", "unit_code", "units", "roster.error.unknown_unit", "code"),
    ("employees", "supervisor_nip", "employees", "roster.error.unknown_employee", "nip"),
    ("employees", "schedule_code", "schedules", "roster.error.unknown_schedule", "code"),
    ("employees", "office_codes", "offices", "roster.error.unknown_office", "code"),
)


def _check_references(data: RosterData, existing: _Existing, lang: str) -> list[RosterError]:
    errors: list[RosterError] = []

    def fail(sheet: str, row: int, column: str, key: str, /, **values: object) -> None:
        errors.append(RosterError(sheet, row, column, text(key, lang, **values)))

    in_db: dict[str, Mapping[str, object]] = {
        "offices": existing.offices,
        "units": existing.units,
        "employees": existing.employees,
        "schedules": existing.schedules,
    }
    for sheet, column, target, key, placeholder in _REFERENCES:
        if target not in data.read:
            continue  # its header is wrong, which was reported: do not pile on
        for row in getattr(data, sheet):
            value = getattr(row, column)
            for ref in value if isinstance(value, tuple) else (value,):
                if ref and ref not in data.keys[target] and ref not in in_db[target]:
                    fail(sheet, row.row, column, key, **{placeholder: ref})
    for person in data.employees:
        if person.supervisor_nip == person.nip:
            fail("employees", person.row, "supervisor_nip", "roster.error.self_supervisor")
    # a units row with an error may name a head: then do not pile on
    if ("units" in data.read and data.keys["units"] <= {u.code for u in data.units}
            and not any(error.sheet == "units" for error in errors)):
        heads = _heads_after_import(data, existing)
        for person in data.employees:
            if person.role == "head" and person.nip not in heads:
                fail("employees", person.row, "role", "roster.error.head_without_unit",
                     nip=person.nip)

    unit_codes = {u.id: u.code for u in existing.units.values()}
    parents = {u.code: unit_codes.get(u.parent_id or 0) for u in existing.units.values()}
    parents |= {u.code: u.parent_code for u in data.units}
    for row, path in _loops([(u.row, u.code) for u in data.units], parents):
        fail("units", row, "parent_code", "roster.error.unit_cycle", path=path)
    nips = {e.id: e.nip for e in existing.employees.values()}
    bosses = {e.nip: nips.get(e.supervisor_id or 0) for e in existing.employees.values()}
    bosses |= {e.nip: e.supervisor_nip for e in data.employees if e.supervisor_nip != e.nip}
    for row, path in _loops([(e.row, e.nip) for e in data.employees], bosses):
        fail("employees", row, "supervisor_nip", "roster.error.supervisor_cycle", path=path)
    return errors


def _heads_after_import(data: RosterData, existing: _Existing) -> set[str]:
    """NIPs that will head a unit: the file's head_nip, else what the database has."""
    nips = {e.id: e.nip for e in existing.employees.values()}
    in_file = {u.code for u in data.units}
    heads = {u.head_nip for u in data.units if u.head_nip}
    heads |= {nips[u.head_id] for code, u in existing.units.items()
              if code not in in_file and u.head_id in nips}
    return heads


def _loops(rows: list[tuple[int, str]], parent: Mapping[str, str | None]) -> list[tuple[int, str]]:
    """Each loop in ``parent`` through a row of the file, once, on its first row."""
    found, seen = [], set()
    for row, start in rows:
        path, current = [start], parent.get(start)
        while current and current != start and current not in path:
            path.append(current)
            current = parent.get(current)
        if current == start and start not in seen:
            seen.update(path)
            found.append((row, " → ".join([*path, start])))
    return found


class _Tally:
    def __init__(self, sheets: set[str]) -> None:
        self.counts = {
            kind: {s: 0 for s in SHEETS if s in sheets}
            for kind in ("created", "updated", "unchanged", "deleted")
        }

    def add(self, sheet: str, *, created: bool, changed: bool = False) -> None:
        kind = "created" if created else "updated" if changed else "unchanged"
        self.counts[kind][sheet] += 1

    def report(self, transfers: list[Transfer]) -> ImportReport:
        c = self.counts
        return ImportReport(c["created"], c["updated"], c["unchanged"], [], c["deleted"],
                            transfers)


def _fields(row: DataclassInstance, *leave_out: str) -> dict[str, object]:
    """The values of a row of the file, without its row number."""
    return {k: v for k, v in asdict(row).items() if k != "row" and k not in leave_out}


def _assign(row: object, values: Mapping[str, object]) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


async def _write(session: AsyncSession, data: RosterData, existing: _Existing,
                 moves: list[Move], *, now: datetime, default_language: str) -> ImportReport:
    tally = _Tally(data.read)
    offices = dict(existing.offices)
    for o in data.offices:
        values = _fields(o, "code")
        if o.code in offices:
            tally.add("offices", created=False, changed=_assign(offices[o.code], values))
        else:
            offices[o.code] = Office(code=o.code, **values)
            session.add(offices[o.code])
            tally.add("offices", created=True)
    await session.flush()
    office_by_id = {office.id: office for office in offices.values()}

    # units without parent and head first: those may point at rows not written yet
    units, unit_changed = dict(existing.units), {u.code: False for u in data.units}
    for u in data.units:
        values = {"name": u.name, "office_id": offices[u.office_code].id}
        if u.code in units:
            unit_changed[u.code] = _assign(units[u.code], values)
        else:
            units[u.code] = Unit(code=u.code, **values)
            session.add(units[u.code])
    await session.flush()

    await _write_schedules(session, data.schedules, existing, tally)

    employees, changed = dict(existing.employees), {e.nip: False for e in data.employees}
    deactivated: list[Employee] = []
    for e in data.employees:
        unit = units[e.unit_code]
        places = [offices[code] for code in e.office_codes] or [office_by_id[unit.office_id]]
        values = {
            "name": e.name,
            "unit_id": unit.id,
            "role": e.role,
            "schedule_code": e.schedule_code,
        }
        if e.language is not None or e.nip not in employees:
            values["language"] = e.language  # empty keeps what the employee chose
        if e.active is not None or e.nip not in employees:
            values["active"] = e.active is not False  # empty keeps what it was
        if e.nip not in employees:
            employees[e.nip] = Employee(nip=e.nip, offices=places, **values)
            session.add(employees[e.nip])
            continue
        person = employees[e.nip]
        if person.active and e.active is False:
            deactivated.append(person)
        changed[e.nip] = _assign(person, values)
        if {o.id for o in person.offices} != {o.id for o in places}:
            person.offices = places
            changed[e.nip] = True
    await session.flush()

    for e in data.employees:
        boss = employees[e.supervisor_nip].id if e.supervisor_nip else None
        changed[e.nip] |= _assign(employees[e.nip], {"supervisor_id": boss})
        tally.add("employees", created=e.nip not in existing.employees, changed=changed[e.nip])
    for u in data.units:
        values = {
            "parent_id": units[u.parent_code].id if u.parent_code else None,
            "head_id": employees[u.head_nip].id if u.head_nip else None,
        }
        unit_changed[u.code] |= _assign(units[u.code], values)
        tally.add("units", created=u.code not in existing.units, changed=unit_changed[u.code])

    for h in data.holidays:
        values = {"name": h.name, "working": h.working}
        if h.date in existing.holidays:
            tally.add(
                "holidays", created=False, changed=_assign(existing.holidays[h.date], values)
            )
        else:
            session.add(Holiday(date=h.date, **values))
            tally.add("holidays", created=True)
    await session.flush()
    transfers = await roster_transfers.record(session, moves, employees, existing, now)
    from bot.handover import hand_over

    for person in deactivated:
        await hand_over(session, person, now=now, default_language=default_language)
    return tally.report(transfers)


async def _write_schedules(
    session: AsyncSession, rows: list[ScheduleRow], existing: _Existing, tally: _Tally
) -> None:
    """The file's rows of a code replace that code's rows, when they differ."""
    by_code: dict[str, list[ScheduleRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    for code, new_rows in by_code.items():
        old_rules = existing.schedules.get(code, [])
        old = {
            (r.weekday, r.valid_from, r.valid_to):
                (r.start, r.end, r.works_on_holidays, r.break_start, r.break_end)
            for r in old_rules
        }
        new = {
            (r.weekday, r.valid_from, r.valid_to):
                (r.start, r.end, r.works_on_holidays, r.break_start, r.break_end)
            for r in new_rows
        }
        for key, times in new.items():
            tally.add("schedules", created=key not in old, changed=old.get(key, times) != times)
        tally.counts["deleted"]["schedules"] += len(old.keys() - new.keys())
        if old == new and len(old_rules) == len(old):
            continue
        for rule in old_rules:
            await session.delete(rule)
        session.add_all(
            ScheduleRule(**_fields(r, "on_holidays"), works_on_holidays=r.works_on_holidays)
            for r in new_rows
        )
