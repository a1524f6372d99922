"""``hadir import``: the example roster, idempotent upserts, and every kind of
error reported with its sheet, row and column while nothing is written."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.roster import ImportReport, format_error, format_report, import_roster, read_roster
from db import migrate
from db.models import Employee, Holiday, Office, ScheduleRule, Unit, employee_offices
from db.session import Database

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEAD_ORG, KASUBBAG, DEWI = "197806152005011003", "198503122010011001", "199107242015032002"
BAYU = "199009142019031002"
IMPORTED_AT = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 07:00 WIB

Tables = dict[str, list[list[Any]]]


# --- database (the ``db`` fixture of conftest: SQLite and PostgreSQL) ------


async def run_import(db: Database, path: Path, lang: str = "id") -> ImportReport:
    async with db.transaction() as session:
        report = await import_roster(session, path, lang=lang, now=IMPORTED_AT)
        if report.errors:  # nothing may be pending either: count in this session
            assert await table_counts(session) == await _committed_counts(db)
        return report


async def _committed_counts(db: Database) -> dict[str, int]:
    async with db.transaction() as session:
        return await table_counts(session)


async def table_counts(session: AsyncSession) -> dict[str, int]:
    tables = {
        "offices": Office,
        "units": Unit,
        "schedules": ScheduleRule,
        "employees": Employee,
        "holidays": Holiday,
    }
    counts = {
        name: await session.scalar(select(func.count()).select_from(model))
        for name, model in tables.items()
    }
    counts["employee_offices"] = await session.scalar(
        select(func.count()).select_from(employee_offices)
    )
    return counts  # type: ignore[return-value]


async def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every roster row, by keys instead of ids."""
    async with db.transaction() as session:
        offices = list(await session.scalars(select(Office)))
        units = list(await session.scalars(select(Unit)))
        employees = list(await session.scalars(select(Employee)))
        office_code = {o.id: o.code for o in offices}
        unit_code = {u.id: u.code for u in units}
        nip = {e.id: e.nip for e in employees}
        rules = await session.scalars(select(ScheduleRule))
        holidays = await session.scalars(select(Holiday))
        return {
            "offices": sorted(
                (o.code, o.name, o.latitude, o.longitude, o.radius_m, o.timezone) for o in offices
            ),
            "units": sorted(
                (
                    u.code,
                    u.name,
                    unit_code.get(u.parent_id),
                    office_code[u.office_id],
                    nip.get(u.head_id),
                )
                for u in units
            ),
            "schedules": sorted(
                (
                    (r.code, r.weekday, r.start, r.end, r.valid_from, r.valid_to,
                     r.works_on_holidays)
                    for r in rules
                ),
                key=repr,
            ),
            "employees": sorted(
                (
                    e.nip,
                    e.name,
                    unit_code[e.unit_id],
                    e.role,
                    nip.get(e.supervisor_id),
                    e.schedule_code,
                    e.language,
                    e.active,
                    tuple(sorted(o.code for o in e.offices)),
                )
                for e in employees
            ),
            "holidays": sorted((h.date, h.name, h.working) for h in holidays),
        }


# --- roster files -----------------------------------------------------------


def example_tables() -> Tables:
    """The example roster as lists of rows (header first), read from its CSV."""
    tables = {}
    for name in ("offices", "units", "schedules", "employees", "holidays"):
        with (EXAMPLES / "roster" / f"{name}.csv").open(encoding="utf-8") as file:
            tables[name] = [list(row) for row in csv.reader(file)]
    return tables


def cell(tables: Tables, sheet: str, row: int, column: str, value: Any) -> None:
    """Set a value by spreadsheet row number (header = 1) and column name."""
    header = tables[sheet][0]
    tables[sheet][row - 1][header.index(column)] = value


def write_xlsx(path: Path, tables: Tables) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv(folder: Path, tables: Tables, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as file:
            csv.writer(file, delimiter=delimiter).writerows(rows)
    return folder


def positions(report: ImportReport) -> set[tuple[str, int | None, str | None]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


# --- the example roster -----------------------------------------------------


def test_example_workbook_and_csv_folder_read_the_same_rows() -> None:
    from_xlsx, xlsx_errors = read_roster(EXAMPLES / "roster.xlsx")
    from_csv, csv_errors = read_roster(EXAMPLES / "roster")
    assert xlsx_errors == [] and csv_errors == []
    for sheet in ("offices", "units", "schedules", "employees", "holidays"):
        assert getattr(from_xlsx, sheet) == getattr(from_csv, sheet), sheet
    assert len(from_xlsx.employees) == 8
    assert {e.role for e in from_xlsx.employees} == {"staff", "supervisor", "head", "admin"}


async def test_example_workbook_imports_cleanly(db: Database) -> None:
    report = await run_import(db, EXAMPLES / "roster.xlsx")
    assert report.errors == []
    assert report.created == {
        "offices": 2,
        "units": 4,
        "schedules": 17,
        "employees": 8,
        "holidays": 2,
    }
    assert sum(report.updated.values()) == sum(report.unchanged.values()) == 0
    rows = await snapshot(db)
    assert ("ORG-KLB", "Subbagian Kelembagaan", "ORG", "SETDA", KASUBBAG) in rows["units"]
    assert ("SETDA", "Sekretariat Daerah", None, "SETDA", None) in rows["units"]
    by_nip = {row[0]: row for row in rows["employees"]}
    assert by_nip[DEWI][4] == KASUBBAG and by_nip[DEWI][8] == ("SETDA",)
    assert by_nip["199512032020122011"][8] == ("MPP", "SETDA")
    assert by_nip["198811092014021001"][5:] == ("SHIFT-PAGI", "id", True, ("MPP",))
    assert by_nip[BAYU][3] == "admin" and by_nip[BAYU][6] == "en"
    ramadan = [r for r in rows["schedules"] if r[4] is not None]
    assert {r[1:] for r in ramadan} == {
        (day, time(8), time(15, 30) if day == 5 else time(15), date(2027, 2, 8), date(2027, 3, 9),
         False)
        for day in range(1, 6)
    }
    # the MPP front office works on national holidays; UMUM does not
    assert {(r[0], r[6]) for r in rows["schedules"]} == {("UMUM", False), ("SHIFT-PAGI", True)}
    assert rows["holidays"] == [
        (date(2027, 3, 25), "Cuti Bersama Wafat Yesus Kristus dibatalkan", True),
        (date(2027, 9, 28), "Hari Jadi ke-71 Kabupaten Musi Banyuasin", False),
    ]


async def test_example_csv_folder_gives_the_same_rows(db: Database, tmp_path: Path) -> None:
    assert (await run_import(db, EXAMPLES / "roster")).errors == []
    from_csv = await snapshot(db)
    other = Database(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    await migrate.upgrade(other.engine)
    try:
        assert (await run_import(other, EXAMPLES / "roster.xlsx")).errors == []
        assert await snapshot(other) == from_csv
    finally:
        await other.dispose()


async def test_reimport_changes_nothing(db: Database) -> None:
    await run_import(db, EXAMPLES / "roster.xlsx")
    before = await snapshot(db)
    async with db.transaction() as session:
        rule_ids = set(await session.scalars(select(ScheduleRule.id)))
    report = await run_import(db, EXAMPLES / "roster")
    assert report.errors == []
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert report.unchanged == {
        "offices": 2,
        "units": 4,
        "schedules": 17,
        "employees": 8,
        "holidays": 2,
    }
    assert report.deleted["schedules"] == 0
    assert await snapshot(db) == before
    async with db.transaction() as session:
        assert set(await session.scalars(select(ScheduleRule.id))) == rule_ids
    assert format_report(report)[0] == "offices: 0 baru, 0 diperbarui, 2 tetap"
    assert format_report(report, "en")[2] == "schedules: 0 new, 0 updated, 17 unchanged"


async def test_changes_are_counted_as_updates(db: Database, tmp_path: Path) -> None:
    await run_import(db, EXAMPLES / "roster.xlsx")
    tables = example_tables()
    cell(tables, "offices", 3, "name", "Mal Pelayanan Publik Sekayu")
    cell(tables, "schedules", 6, "end", "16:15")  # UMUM Friday
    del tables["schedules"][17]  # SHIFT-PAGI Sunday (row 18)
    cell(tables, "employees", 4, "office_codes", "MPP")  # Dewi
    cell(tables, "employees", 5, "supervisor_nip", HEAD_ORG)  # Andi
    cell(tables, "employees", 9, "language", "")  # Bayu keeps "en"
    cell(tables, "units", 2, "head_nip", HEAD_ORG)
    tables["employees"].append(
        ["3201234567", "Rudi Hermawan", "UMUM-B", "staff", "", "UMUM", "", ""]
    )
    tables["holidays"][1][1] = "Hari Jadi Kabupaten Musi Banyuasin"
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables))
    assert report.errors == []
    assert report.created == {
        "offices": 0,
        "units": 0,
        "schedules": 0,
        "employees": 1,
        "holidays": 0,
    }
    assert report.updated == {
        "offices": 1,
        "units": 1,
        "schedules": 1,
        "employees": 2,
        "holidays": 1,
    }
    assert report.unchanged == {
        "offices": 1,
        "units": 3,
        "schedules": 15,
        "employees": 6,
        "holidays": 1,
    }
    assert report.deleted["schedules"] == 1
    assert "1 dihapus" in format_report(report)[2]
    rows = await snapshot(db)
    by_nip = {row[0]: row for row in rows["employees"]}
    assert by_nip[DEWI][8] == ("MPP",)
    assert by_nip[BAYU][6] == "en"
    assert by_nip["3201234567"][6] is None
    assert len([r for r in rows["schedules"] if r[0] == "SHIFT-PAGI"]) == 6


async def test_employees_missing_from_the_file_are_left_alone(db: Database, tmp_path: Path) -> None:
    await run_import(db, EXAMPLES / "roster.xlsx")
    before = await snapshot(db)
    tables = example_tables()
    del tables["employees"][4]  # Andi (row 5)
    report = await run_import(db, write_csv(tmp_path / "roster", tables))
    assert report.errors == [] and report.unchanged["employees"] == 7
    assert await snapshot(db) == before


async def test_references_may_point_at_rows_already_in_the_database(
    db: Database, tmp_path: Path
) -> None:
    await run_import(db, EXAMPLES / "roster.xlsx")
    tables = {name: rows[:1] for name, rows in example_tables().items()}
    tables["employees"].append(
        [
            "199801012022031001",
            "Rahmat Hidayat",
            "ORG-KLB",
            "staff",
            KASUBBAG,
            "SHIFT-PAGI",
            "MPP",
            "",
        ]
    )
    tables["units"].append(["ORG-TL", "Subbagian Tata Laksana", "ORG", "SETDA", HEAD_ORG])
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables))
    assert report.errors == []
    assert report.created["employees"] == report.created["units"] == 1


# --- errors -----------------------------------------------------------------

Mutation = Callable[[Tables], None]


def _drop_column(sheet: str, column: str) -> Mutation:
    def mutate(tables: Tables) -> None:
        index = tables[sheet][0].index(column)
        for row in tables[sheet]:
            del row[index]

    return mutate


def _set(sheet: str, row: int, column: str, value: Any) -> Mutation:
    return lambda tables: cell(tables, sheet, row, column, value)


def _append(sheet: str, row: list[Any]) -> Mutation:
    return lambda tables: tables[sheet].append(row)


ERRORS: dict[str, tuple[Mutation, tuple[str, int | None, str | None], str]] = {
    "latitude out of range": (
        _set("offices", 2, "latitude", "95"),
        ("offices", 2, "latitude"),
        "antara -90 dan 90",
    ),
    "longitude not a number": (
        _set("offices", 3, "longitude", "timur"),
        ("offices", 3, "longitude"),
        "bukan angka",
    ),
    "radius zero": (_set("offices", 2, "radius_m", 0), ("offices", 2, "radius_m"), "5000"),
    "radius too big": (_set("offices", 2, "radius_m", 5001), ("offices", 2, "radius_m"), "5000"),
    "time zone outside Indonesia": (
        _set("offices", 3, "timezone", "Asia/Singapore"),
        ("offices", 3, "timezone"),
        "Asia/Jayapura",
    ),
    "missing column": (
        _drop_column("offices", "timezone"),
        ("offices", 1, "timezone"),
        "Kolom wajib timezone",
    ),
    "extra column": (
        lambda t: [r.append("x") for r in t["units"]] and None,
        ("units", 1, "x"),
        "tidak dikenal",
    ),
    "empty required value": (_set("units", 4, "name", "  "), ("units", 4, "name"), "Wajib diisi"),
    "unknown parent unit": (
        _set("units", 5, "parent_code", "ORGX"),
        ("units", 5, "parent_code"),
        "ORGX",
    ),
    "unknown unit office": (
        _set("units", 3, "office_code", "DINKES"),
        ("units", 3, "office_code"),
        "DINKES",
    ),
    "unknown unit head": (
        _set("units", 3, "head_nip", "196001011990031001"),
        ("units", 3, "head_nip"),
        "196001011990031001",
    ),
    "unit parents loop": (
        _set("units", 2, "parent_code", "ORG-KLB"),
        ("units", 2, "parent_code"),
        "SETDA → ORG-KLB → ORG → SETDA",
    ),
    "duplicate unit code": (
        _append("units", ["ORG", "Bagian Lain", "SETDA", "SETDA", ""]),
        ("units", 6, "code"),
        "baris 3",
    ),
    "weekday 8": (_set("schedules", 2, "weekday", 8), ("schedules", 2, "weekday"), "1 (Senin)"),
    "bad time": (_set("schedules", 3, "start", "25:00"), ("schedules", 3, "start"), "JJ:MM"),
    "valid_from without valid_to": (
        _set("schedules", 7, "valid_to", ""),
        ("schedules", 7, "valid_to"),
        "keduanya",
    ),
    "valid_from after valid_to": (
        _set("schedules", 8, "valid_from", "2027-04-01"),
        ("schedules", 8, "valid_from"),
        "tidak boleh sesudah",
    ),
    "bad date": (
        _set("schedules", 9, "valid_to", "09/03/2027"),
        ("schedules", 9, "valid_to"),
        "TTTT-BB-HH",
    ),
    "two plain rows for one weekday": (
        _append("schedules", ["UMUM", 2, "07:00", "15:00", "", ""]),
        ("schedules", 19, "weekday"),
        "baris 3",
    ),
    "two rows for one weekday and range": (
        _append("schedules", ["UMUM", 5, "08:00", "15:00", "2027-02-08", "2027-03-09"]),
        ("schedules", 19, "weekday"),
        "baris 11",
    ),
    "overlapping ranges": (
        _append("schedules", ["UMUM", 6, "08:00", "12:00", "2027-03-01", "2027-03-20"]),
        ("schedules", 19, "valid_from"),
        "tumpang tindih",
    ),
    "short nip": (_set("employees", 4, "nip", "1234567"), ("employees", 4, "nip"), "8 sampai"),
    "nip with letters": (
        _set("employees", 4, "nip", "19910724A015032002"),
        ("employees", 4, "nip"),
        "8 sampai",
    ),
    "nip in scientific notation": (
        _set("employees", 4, "nip", "1,99107E+17"),
        ("employees", 4, "nip"),
        "sebagai Teks",
    ),
    "duplicate nip": (_set("employees", 5, "nip", DEWI), ("employees", 5, "nip"), "baris 4"),
    "unknown unit": (
        _set("employees", 4, "unit_code", "ORG-XX"),
        ("employees", 4, "unit_code"),
        "ORG-XX",
    ),
    "unknown role": (
        _set("employees", 4, "role", "boss"),
        ("employees", 4, "role"),
        "staff, supervisor, head, admin",
    ),
    "own supervisor": (
        _set("employees", 4, "supervisor_nip", DEWI),
        ("employees", 4, "supervisor_nip"),
        "atasannya sendiri",
    ),
    "unknown supervisor": (
        _set("employees", 4, "supervisor_nip", "196001011990031001"),
        ("employees", 4, "supervisor_nip"),
        "196001011990031001",
    ),
    "supervisors loop": (
        _set("employees", 2, "supervisor_nip", DEWI),
        ("employees", 2, "supervisor_nip"),
        f"{HEAD_ORG} → {DEWI}",
    ),
    "unknown schedule": (
        _set("employees", 4, "schedule_code", "MALAM"),
        ("employees", 4, "schedule_code"),
        "MALAM",
    ),
    "unknown office": (
        _set("employees", 6, "office_codes", "SETDA;PUSKESMAS"),
        ("employees", 6, "office_codes"),
        "PUSKESMAS",
    ),
    "unknown language": (
        _set("employees", 4, "language", "fr"),
        ("employees", 4, "language"),
        "id, en",
    ),
    "holiday date": (
        _set("holidays", 2, "date", "2027-02-30"),
        ("holidays", 2, "date"),
        "2027-02-30",
    ),
    "duplicate holiday": (
        _append("holidays", ["2027-09-28", "Lagi"]),
        ("holidays", 5, "date"),
        "baris 3",
    ),
    "unknown holiday status": (
        _set("holidays", 3, "status", "kerja"),
        ("holidays", 3, "status"),
        "libur, masuk",
    ),
    "unknown on_holidays": (
        _set("schedules", 12, "on_holidays", "ya"),
        ("schedules", 12, "on_holidays"),
        "libur, masuk",
    ),
    "on_holidays differs within a code": (
        _set("schedules", 18, "on_holidays", "libur"),  # SHIFT-PAGI Sunday
        ("schedules", 18, "on_holidays"),
        "baris 12",
    ),
    "missing sheet": (
        lambda t: t.pop("employees") and None,
        ("employees", None, None),
        "wajib ada",
    ),
    "unknown sheet": (
        lambda t: t.update({"Sheet1": [["a"]]}),
        ("Sheet1", None, None),
        "tidak dikenal",
    ),
}


@pytest.mark.parametrize("case", ERRORS)
async def test_each_error_is_located_and_nothing_is_written(
    db: Database, tmp_path: Path, case: str
) -> None:
    await run_import(db, EXAMPLES / "roster.xlsx")
    before = await snapshot(db)
    mutate, position, fragment = ERRORS[case]
    tables = example_tables()
    cell(tables, "offices", 2, "name", "Setda Muba")  # a change that must not be written
    tables["holidays"].append(["2027-12-31", "Libur akhir tahun"])
    mutate(tables)
    report = await run_import(db, write_xlsx(tmp_path / "bad.xlsx", tables))
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [position], report.errors
    assert fragment in report.errors[0].message
    assert report.created == report.updated == report.unchanged == {}
    assert await snapshot(db) == before


async def test_all_errors_are_reported_at_once_in_file_order(db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    cell(tables, "employees", 3, "role", "boss")
    cell(tables, "offices", 3, "latitude", "-95")
    cell(tables, "units", 4, "office_code", "NOPE")
    report = await run_import(db, write_csv(tmp_path / "roster", tables))
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("offices", 3, "latitude"),
        ("units", 4, "office_code"),
        ("employees", 3, "role"),
    ]
    assert await snapshot(db) == {
        name: [] for name in ("offices", "units", "schedules", "employees", "holidays")
    }
    lines = format_report(report)
    assert lines[0].startswith("offices, baris 3, kolom latitude: Harus antara -90 dan 90")
    assert lines[-1] == "Impor dibatalkan: 3 kesalahan, tidak ada data yang diubah."


async def test_messages_in_english(db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    cell(tables, "offices", 3, "timezone", "UTC")
    cell(tables, "employees", 4, "supervisor_nip", "196001011990031001")
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables), lang="en")
    first, second = report.errors
    assert "is not one of Indonesia's" in first.message and "Asia/Makassar" in first.message
    assert "No employee with NIP 196001011990031001" in second.message
    assert format_error(first, "en").startswith("offices, row 3, column timezone: ")


async def test_a_file_that_is_not_a_roster(db: Database, tmp_path: Path) -> None:
    not_a_workbook = tmp_path / "roster.xls"
    not_a_workbook.write_text("this is not a workbook")
    report = await run_import(db, not_a_workbook)
    assert len(report.errors) == 1
    assert report.errors[0].row is None and ".xlsx" in report.errors[0].message
    assert format_error(report.errors[0]).startswith("roster.xls: ")
    missing = await run_import(db, tmp_path / "nowhere.xlsx", lang="en")
    assert [e.message for e in missing.errors] == [
        f"File or folder {tmp_path / 'nowhere.xlsx'} not found."
    ]


def test_a_column_without_a_name_is_an_error(tmp_path: Path) -> None:
    tables = example_tables()
    tables["holidays"][0].append(None)
    tables["holidays"][1].append("catatan")
    _, errors = read_roster(write_xlsx(tmp_path / "r.xlsx", tables))
    assert [(e.sheet, e.row, e.column) for e in errors] == [("holidays", 1, "D")]


# --- what spreadsheets really hold ------------------------------------------


async def test_nip_typed_as_a_number_in_the_workbook(db: Database, tmp_path: Path) -> None:
    """A number cell keeps up to 15 digits exactly: contract numbers survive it."""
    tables = example_tables()
    tables["employees"] += [
        [12345678, "Tenaga Kontrak", "UMUM-B", "staff", None, "UMUM", None, None],
        [202401012345678.0, "Pegawai PPPK", "UMUM-B", "staff", 12345678, "UMUM", None, None],
    ]
    cell(tables, "units", 4, "head_nip", 12345678)
    cell(tables, "employees", 7, "role", "supervisor")  # Sri heads no unit any more
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables))
    assert report.errors == []
    rows = await snapshot(db)
    by_nip = {row[0]: row for row in rows["employees"]}
    assert by_nip["202401012345678"][4] == "12345678"
    assert ("UMUM-B", "Bagian Umum", "SETDA", "SETDA", "12345678") in rows["units"]


async def test_nip_that_lost_digits_is_refused(db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    cell(tables, "employees", 4, "nip", float(DEWI))  # what Excel keeps: 15 digits
    cell(tables, "employees", 5, "supervisor_nip", 1.98503122010011e17)
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables), lang="en")
    assert positions(report) == {("employees", 4, "nip"), ("employees", 5, "supervisor_nip")}
    assert "1.99107E+17" in report.errors[0].message
    assert "Format the NIP column as Text" in report.errors[0].message
    assert await snapshot(db) == {
        name: [] for name in ("offices", "units", "schedules", "employees", "holidays")
    }


async def test_semicolon_csv_from_indonesian_excel(db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    for row in tables["offices"][1:]:
        row[2], row[3] = row[2].replace(".", ","), row[3].replace(".", ",")
    folder = write_csv(tmp_path / "roster", tables, delimiter=";", encoding="utf-8-sig")
    assert (folder / "offices.csv").read_bytes().startswith(b"\xef\xbb\xbfcode;name;")
    (folder / "petunjuk.csv").write_text("catatan\nabaikan\n")
    (folder / "notes.txt").write_text("not a table")
    assert (await run_import(db, folder)).errors == []
    from_semicolons = await snapshot(db)
    assert (
        "MPP",
        "Mal Pelayanan Publik Kabupaten Musi Banyuasin",
        -2.8856,
        103.852,
        100.0,
        "Asia/Jakarta",
    ) in from_semicolons["offices"]
    report = await run_import(db, EXAMPLES / "roster")
    assert sum(report.created.values()) == sum(report.updated.values()) == 0


async def test_excel_date_and_time_cells(db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    for row in tables["schedules"][1:]:
        if row[4]:
            row[4] = datetime.fromisoformat(row[4])  # a date cell as Excel stores it
            row[5] = date.fromisoformat(row[5])
        row[2] = time.fromisoformat(row[2])  # a time cell
        row[3] = int(row[3][:2]) / 24 + int(row[3][3:]) / 1440  # a fraction of a day
        row[1] = float(row[1])
    tables["holidays"][1][0] = datetime(2027, 3, 25)
    header, *rows = tables["employees"]
    tables["employees"] = [[f"  {name.upper()} " for name in header], *rows, [None] * 8]
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables))
    assert report.errors == []
    report = await run_import(db, EXAMPLES / "roster")
    assert sum(report.created.values()) == sum(report.updated.values()) == 0


async def test_overnight_shift_and_trailing_blank_rows(db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    tables["schedules"] += [["MALAM", day, "22:00", "06:00", "", ""] for day in range(1, 8)]
    tables["schedules"] += [["", "", "", "", "", ""]] * 3
    cell(tables, "employees", 8, "schedule_code", "MALAM")
    report = await run_import(db, write_csv(tmp_path / "roster", tables))
    assert report.errors == [] and report.created["schedules"] == 24


async def test_holiday_exception_columns_are_optional(db: Database, tmp_path: Path) -> None:
    """A workbook made before on_holidays and status imports: both mean libur."""
    tables = example_tables()
    _drop_column("schedules", "on_holidays")(tables)
    _drop_column("holidays", "status")(tables)
    report = await run_import(db, write_xlsx(tmp_path / "old.xlsx", tables))
    assert report.errors == []
    rows = await snapshot(db)
    assert not any(r[6] for r in rows["schedules"])
    assert not any(h[2] for h in rows["holidays"])


async def test_holiday_exception_changes_are_updates(db: Database, tmp_path: Path) -> None:
    await run_import(db, EXAMPLES / "roster.xlsx")
    tables = example_tables()
    for row in range(12, 19):  # SHIFT-PAGI now closes on national holidays
        cell(tables, "schedules", row, "on_holidays", "")
    cell(tables, "holidays", 2, "status", "LIBUR")  # any case
    report = await run_import(db, write_csv(tmp_path / "csv", tables))
    assert report.errors == []
    assert report.updated["schedules"] == 7 and report.updated["holidays"] == 1
    rows = await snapshot(db)
    assert not any(r[6] for r in rows["schedules"])
    assert not any(h[2] for h in rows["holidays"])
    again = await run_import(db, write_csv(tmp_path / "csv", tables))
    assert sum(again.updated.values()) == sum(again.created.values()) == 0


# --- issue 6: the active column, and heads that head a unit ------------------

ANDI = "199304182019031005"


async def active_by_nip(db: Database) -> dict[str, bool]:
    async with db.transaction() as session:
        return {e.nip: e.active for e in await session.scalars(select(Employee))}


async def test_the_active_column_deactivates_reactivates_and_empty_keeps(
    db: Database, tmp_path: Path
) -> None:
    """Issue 6 A11: an optional active column (ya/tidak, true/false, 1/0, aktif/nonaktif)."""
    await run_import(db, EXAMPLES / "roster.xlsx")
    tables = example_tables()
    cell(tables, "employees", 4, "active", "tidak")  # Dewi
    cell(tables, "employees", 5, "active", "Nonaktif")  # Andi, any case
    cell(tables, "employees", 6, "active", "ya")  # Putri: already active
    report = await run_import(db, write_csv(tmp_path / "off", tables))
    assert report.errors == [] and report.updated["employees"] == 2
    active = await active_by_nip(db)
    assert not active[DEWI] and not active[ANDI] and active[KASUBBAG]

    again = await run_import(db, EXAMPLES / "roster.xlsx")  # empty: left as they are
    assert again.errors == [] and sum(again.updated.values()) == 0
    assert not (await active_by_nip(db))[DEWI]

    cell(tables, "employees", 4, "active", True)  # an Excel TRUE cell
    cell(tables, "employees", 5, "active", 1)
    report = await run_import(db, write_xlsx(tmp_path / "on.xlsx", tables))
    assert report.errors == [] and report.updated["employees"] == 2
    assert all((await active_by_nip(db)).values())


async def test_an_active_value_that_is_not_yes_or_no_is_located(
    db: Database, tmp_path: Path
) -> None:
    """Issue 6 A11: a wrong active cell is reported with sheet, row and column."""
    tables = example_tables()
    cell(tables, "employees", 4, "active", "mungkin")
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables))
    assert positions(report) == {("employees", 4, "active")}
    assert format_error(report.errors[0]) == (
        "employees, baris 4, kolom active: \u201cmungkin\u201d tidak dikenal; tulis ya atau "
        "tidak (juga true/false, 1/0, aktif/nonaktif), atau kosongkan (= tidak diubah; "
        "pegawai baru aktif).")


async def test_a_head_who_heads_no_unit_is_refused(db: Database, tmp_path: Path) -> None:
    """Issue 6 A16: role head only for a unit's head_nip, else the row is refused."""
    tables = example_tables()
    cell(tables, "employees", 8, "role", "head")  # Yudi heads no unit
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables), lang="en")
    assert positions(report) == {("employees", 8, "role")}
    assert format_error(report.errors[0], "en") == (
        "employees, row 8, column role: The role head is for the head of a unit, but NIP "
        "198811092014021001 is the head_nip of no unit. Put this NIP in its unit's head_nip "
        "column (units sheet), or choose the role supervisor.")
    assert (await _committed_counts(db))["employees"] == 0

    cell(tables, "employees", 8, "role", "staff")
    cell(tables, "units", 4, "head_nip", "")  # Bagian Umum loses its head: Sri is refused
    report = await run_import(db, write_xlsx(tmp_path / "r.xlsx", tables))
    assert positions(report) == {("employees", 7, "role")}


async def test_a_head_of_a_unit_already_in_the_database_may_be_imported_alone(
    db: Database, tmp_path: Path
) -> None:
    """Issue 6 A16: the unit a head heads may come from the database."""
    await run_import(db, EXAMPLES / "roster.xlsx")
    tables = example_tables()
    tables = {name: rows[:1] for name, rows in tables.items()} | {
        "employees": example_tables()["employees"][:2]}  # Ahmad, head of ORG in the database
    report = await run_import(db, write_csv(tmp_path / "alone", tables))
    assert report.errors == [] and report.unchanged["employees"] == 1
