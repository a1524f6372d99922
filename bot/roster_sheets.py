"""Reading a roster file: the file level of ``hadir import``.

An ``.xlsx`` workbook (one sheet per table) or a folder of CSV files (one
file per table). Header row = column names, case and surrounding spaces
ignored. Every error carries the row number the admin sees in the
spreadsheet (the header is row 1). This module checks each row on its own
(types, ranges, keys repeated inside a sheet); references between sheets and
to rows already in the database are checked by ``bot.roster``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bot.roster_values import (
    FieldError,
    choice,
    number_in,
    parse_code,
    parse_codes,
    parse_date,
    parse_flag,
    parse_name,
    parse_nip,
    parse_time,
    parse_weekday,
)
from bot.texts import text

SHEETS = ("offices", "units", "schedules", "employees", "holidays")
REQUIRED_SHEETS = ("offices", "units", "schedules", "employees")
IGNORED_SHEETS = ("petunjuk", "readme")
TIMEZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
ROLES = ("staff", "supervisor", "head", "admin")
LANGUAGES = ("id", "en")
DAY_STATUSES = ("libur", "masuk")  # a day off / a working day
DAY_OFF, WORKING = DAY_STATUSES
MAX_RADIUS_M = 5000


@dataclass(frozen=True)
class RosterError:
    sheet: str
    row: int | None
    column: str | None
    message: str  # already rendered in the chosen language


@dataclass
class RawSheet:
    name: str
    header: list[str]  # lower-cased, stripped; "" for a column without a name
    rows: list[tuple[int, list[object]]] = field(default_factory=list)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheets(path: Path, lang: str) -> tuple[dict[str, RawSheet], list[RosterError]]:
    """The known sheets of the file, and errors about the file and its sheets."""
    if not path.exists():
        message = text("roster.error.not_found", lang, path=str(path))
        return {}, [RosterError(path.name, None, None, message)]
    try:
        tables = _csv_tables(path) if path.is_dir() else _workbook_tables(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, csv.Error):
        message = text("roster.error.not_workbook", lang, path=path.name)
        return {}, [RosterError(path.name, None, None, message)]
    sheets: dict[str, RawSheet] = {}
    errors: list[RosterError] = []
    for title, rows in tables:
        name = title.strip().lower()
        if name in SHEETS:
            sheets[name] = _table(name, rows, lang, errors)
        else:
            allowed = ", ".join(SHEETS)
            message = text("roster.error.unknown_sheet", lang, sheet=title, allowed=allowed)
            errors.append(RosterError(title.strip(), None, None, message))
    for name in REQUIRED_SHEETS:
        if name not in sheets:
            required = ", ".join(REQUIRED_SHEETS)
            message = text("roster.error.missing_sheet", lang, sheet=name, required=required)
            errors.append(RosterError(name, None, None, message))
    return sheets, errors


def _workbook_tables(path: Path) -> list[tuple[str, list[list[object]]]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        tables: list[tuple[str, list[list[object]]]] = []
        for sheet in workbook.worksheets:
            if sheet.title.strip().lower() not in IGNORED_SHEETS:
                # some writers store a wrong size: read the rows the sheet really has
                sheet.reset_dimensions()
                rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
                tables.append((sheet.title, [list(row) for row in rows]))
        return tables
    finally:
        workbook.close()


def _csv_tables(folder: Path) -> list[tuple[str, list[list[object]]]]:
    files = sorted(f for f in folder.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
    return [(f.stem, read_csv_rows(f)) for f in files if f.stem.lower() not in IGNORED_SHEETS]


def read_csv_rows(file: Path) -> list[list[object]]:
    """Rows of a CSV file saved by Excel or by hand: UTF-8 (with or without the
    BOM Excel writes) or Windows-1252, delimited by "," or by ";" (Excel with
    Indonesian regional settings)."""
    data = file.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")
    first_line = content.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)]


def _table(name: str, rows: list[list[object]], lang: str, errors: list[RosterError]) -> RawSheet:
    header_cells = rows[0] if rows else []
    header = ["" if is_empty(cell) else str(cell).strip().lower() for cell in header_cells]
    sheet = RawSheet(name, header)
    for number, row in enumerate(rows[1:], start=2):
        if all(is_empty(cell) for cell in row):
            continue  # blank lines, including the trailing ones Excel keeps
        sheet.rows.append((number, row))
    width = max((len(row) for _, row in sheet.rows), default=0)
    for index in range(width):
        named = index < len(header) and header[index]
        if named or all(len(row) <= index or is_empty(row[index]) for _, row in sheet.rows):
            continue
        letter = get_column_letter(index + 1)
        message = text("roster.error.unnamed_column", lang, column=letter)
        errors.append(RosterError(name, 1, letter, message))
    return sheet


# --- rows -------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeRow:
    row: int
    code: str
    name: str
    latitude: float
    longitude: float
    radius_m: float
    timezone: str


@dataclass(frozen=True)
class UnitRow:
    row: int
    code: str
    name: str
    parent_code: str | None
    office_code: str
    head_nip: str | None


@dataclass(frozen=True)
class ScheduleRow:
    row: int
    code: str
    weekday: int
    start: time
    end: time  # end <= start: an overnight shift that ends the next day
    valid_from: date | None
    valid_to: date | None
    on_holidays: str = DAY_OFF  # masuk: the code works on national holidays
    break_start: time | None = None  # empty: BREAK_TIMES of the weekday
    break_end: time | None = None

    @property
    def works_on_holidays(self) -> bool:
        return self.on_holidays == WORKING


@dataclass(frozen=True)
class EmployeeRow:
    row: int
    nip: str
    name: str
    unit_code: str
    role: str
    supervisor_nip: str | None
    schedule_code: str
    office_codes: tuple[str, ...]  # empty: the office of the unit
    language: str | None  # empty: keep what the employee chose
    active: bool | None = None  # empty: a new employee is active, others stay as they are
    # the day a changed unit, supervisor or schedule holds from; empty: the day of the import
    effective_from: date | None = None


@dataclass(frozen=True)
class HolidayRow:
    row: int
    date: date
    name: str
    status: str = DAY_OFF  # masuk: the agency works that day despite the national calendar

    @property
    def working(self) -> bool:
        return self.status == WORKING


@dataclass
class RosterData:
    """The rows that passed the file-level checks, in file order."""

    offices: list[OfficeRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    schedules: list[ScheduleRow] = field(default_factory=list)
    employees: list[EmployeeRow] = field(default_factory=list)
    holidays: list[HolidayRow] = field(default_factory=list)
    # keys present in each sheet, rows with errors included, for references
    keys: dict[str, set[object]] = field(default_factory=lambda: {s: set() for s in SHEETS})
    # sheets whose header could be read (references into the others are not checked)
    read: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[object], object]
    required: bool = True  # the column must be there and every row must fill it
    empty: object = None


_CODE_COLUMN, _NAME_COLUMN = Column("code", parse_code), Column("name", parse_name)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "offices": (
        _CODE_COLUMN,
        _NAME_COLUMN,
        Column("latitude", number_in(-90, 90)),
        Column("longitude", number_in(-180, 180)),
        Column("radius_m", number_in(0, MAX_RADIUS_M, "roster.error.radius", above_low=True)),
        Column("timezone", choice(TIMEZONES, "roster.error.timezone")),
    ),
    "units": (
        _CODE_COLUMN,
        _NAME_COLUMN,
        Column("parent_code", parse_code, required=False),
        Column("office_code", parse_code),
        Column("head_nip", parse_nip, required=False),
    ),
    "schedules": (
        _CODE_COLUMN,
        Column("weekday", parse_weekday),
        Column("start", parse_time),
        Column("end", parse_time),
        Column("valid_from", parse_date, required=False),
        Column("valid_to", parse_date, required=False),
        Column(
            "on_holidays", choice(DAY_STATUSES, "roster.error.day_status"), required=False,
            empty=DAY_OFF,
        ),
        Column("break_start", parse_time, required=False),
        Column("break_end", parse_time, required=False),
    ),
    "employees": (
        Column("nip", parse_nip),
        _NAME_COLUMN,
        Column("unit_code", parse_code),
        Column("role", choice(ROLES, "roster.error.role")),
        Column("supervisor_nip", parse_nip, required=False),
        Column("schedule_code", parse_code),
        Column("office_codes", parse_codes, required=False, empty=()),
        Column("language", choice(LANGUAGES, "roster.error.language"), required=False),
        Column("active", parse_flag, required=False),
        Column("effective_from", parse_date, required=False),
    ),
    "holidays": (
        Column("date", parse_date),
        _NAME_COLUMN,
        Column(
            "status", choice(DAY_STATUSES, "roster.error.day_status"), required=False,
            empty=DAY_OFF,
        ),
    ),
}
_ROW_TYPES: dict[str, type] = {
    "offices": OfficeRow,
    "units": UnitRow,
    "schedules": ScheduleRow,
    "employees": EmployeeRow,
    "holidays": HolidayRow,
}
_Problems = list[tuple[str, FieldError]]  # (column, error) of one row


def parse_roster(sheets: dict[str, RawSheet], lang: str) -> tuple[RosterData, list[RosterError]]:
    """The valid rows of every sheet, and the errors of the others."""
    data = RosterData()
    errors: list[RosterError] = []
    for name in SHEETS:
        parsed = _parse_sheet(sheets[name], lang, errors) if name in sheets else None
        if parsed is None:
            continue
        data.read.add(name)
        key_column = COLUMNS[name][0].name
        first_rows: dict[tuple[object, ...], int] = {}
        for number, values, problems in parsed:
            if name == "schedules" and not _failed(problems, "valid_from", "valid_to"):
                problems += _range_problems(values)
            if name == "schedules" and not _failed(problems, "start", "end", "break_start",
                                                   "break_end"):
                problems += _break_problems(values)
            key = _row_key(name, values, problems)
            if key is not None and key in first_rows:
                shown = ", ".join(str(part) for part in key if part is not None)
                duplicate = FieldError(
                    "roster.error.duplicate", value=shown, first_row=first_rows[key]
                )
                problems.append(("weekday" if name == "schedules" else key_column, duplicate))
            elif key is not None:
                first_rows[key] = number
            if values[key_column] is not None:
                data.keys[name].add(values[key_column])
            for column, problem in problems:
                message = text(problem.key, lang, **problem.values)
                errors.append(RosterError(name, number, column, message))
            if not problems:
                getattr(data, name).append(_ROW_TYPES[name](row=number, **values))
    errors.extend(_overlapping_ranges(data.schedules, lang))
    errors.extend(_mixed_on_holidays(data.schedules, lang))
    return data, errors


def _parse_sheet(
    raw: RawSheet, lang: str, errors: list[RosterError]
) -> list[tuple[int, dict[str, object], _Problems]] | None:
    """Each row's values by column name and its problems; None when the
    header row itself is wrong."""
    columns = COLUMNS[raw.name]
    names = [column.name for column in columns]
    positions: dict[str, int] = {}
    header_errors = []
    index: int | None  # a column's position in the header
    for index, name in enumerate(raw.header):
        if name in positions or (name and name not in names):
            key = "duplicate_column" if name in positions else "extra_column"
            message = text(f"roster.error.{key}", lang, column=name, allowed=", ".join(names))
            header_errors.append((name, message))
        elif name:
            positions[name] = index
    for column in columns:
        if column.required and column.name not in positions:
            message = text("roster.error.missing_column", lang, column=column.name)
            header_errors.append((column.name, message))
    errors.extend(RosterError(raw.name, 1, name, message) for name, message in header_errors)
    if header_errors:
        return None
    parsed = []
    for number, row in raw.rows:
        values: dict[str, object] = {}
        problems: _Problems = []
        for column in columns:
            index = positions.get(column.name)
            cell = row[index] if index is not None and index < len(row) else None
            values[column.name] = column.empty
            try:
                if not is_empty(cell):
                    values[column.name] = column.parse(cell)
                elif column.required:
                    raise FieldError("roster.error.required")
            except FieldError as problem:
                values[column.name] = None
                problems.append((column.name, problem))
        parsed.append((number, values, problems))
    return parsed


_KEY_COLUMNS = {"schedules": ("code", "weekday", "valid_from", "valid_to")}


def _failed(problems: _Problems, *columns: str) -> bool:
    return any(column in columns for column, _ in problems)


def _row_key(
    sheet: str, values: dict[str, object], problems: _Problems
) -> tuple[object, ...] | None:
    """What must be unique in the sheet; None when part of it is not valid."""
    columns = _KEY_COLUMNS.get(sheet, (COLUMNS[sheet][0].name,))
    return None if _failed(problems, *columns) else tuple(values[c] for c in columns)


def _range_problems(values: dict[str, object]) -> _Problems:
    start, end = values["valid_from"], values["valid_to"]
    if (start is None) != (end is None):
        return [("valid_to" if end is None else "valid_from", FieldError("roster.error.date_pair"))]
    if isinstance(start, date) and isinstance(end, date) and start > end:
        return [("valid_from", FieldError("roster.error.date_order", start=start, end=end))]
    return []


def _break_problems(values: dict[str, object]) -> _Problems:
    """A break has both ends, starts before it ends, and lies inside a day
    shift's hours (a night shift's may fall after midnight)."""
    start, end = values["break_start"], values["break_end"]
    if start is None and end is None:
        return []
    if start is None or end is None:
        return [("break_end" if end is None else "break_start",
                 FieldError("roster.error.break_pair"))]
    assert isinstance(start, time) and isinstance(end, time)
    if start >= end:
        return [("break_start", FieldError("roster.error.break_order", start=f"{start:%H:%M}",
                                           end=f"{end:%H:%M}"))]
    shift_start, shift_end = values["start"], values["end"]
    assert isinstance(shift_start, time) and isinstance(shift_end, time)
    if shift_end > shift_start and not shift_start <= start < end <= shift_end:
        return [("break_start", FieldError(
            "roster.error.break_outside", start=f"{start:%H:%M}", end=f"{end:%H:%M}",
            shift_start=f"{shift_start:%H:%M}", shift_end=f"{shift_end:%H:%M}"))]
    return []


def _overlapping_ranges(rows: list[ScheduleRow], lang: str) -> list[RosterError]:
    """Distinct date ranges of one schedule code must not overlap."""
    first: dict[tuple[str, date, date], ScheduleRow] = {}
    for row in rows:
        if row.valid_from and row.valid_to:
            first.setdefault((row.code, row.valid_from, row.valid_to), row)
    errors = []
    ranges = list(first.items())
    for index, ((code, start, end), row) in enumerate(ranges):
        for (other_code, other_start, other_end), other in ranges[:index]:
            if other_code == code and start <= other_end and other_start <= end:
                message = text(
                    "roster.error.range_overlap",
                    lang,
                    start=start,
                    end=end,
                    other_start=other_start,
                    other_end=other_end,
                    code=code,
                    other_row=other.row,
                )
                errors.append(RosterError("schedules", row.row, "valid_from", message))
                break
    return errors


def _mixed_on_holidays(rows: list[ScheduleRow], lang: str) -> list[RosterError]:
    """on_holidays holds for the whole schedule code: every row must agree."""
    first: dict[str, ScheduleRow] = {}
    errors = []
    for row in rows:
        other = first.setdefault(row.code, row)
        if other.on_holidays != row.on_holidays:
            message = text(
                "roster.error.on_holidays_mixed",
                lang,
                code=row.code,
                value=row.on_holidays,
                other=other.on_holidays,
                other_row=other.row,
            )
            errors.append(RosterError("schedules", row.row, "on_holidays", message))
    return errors
