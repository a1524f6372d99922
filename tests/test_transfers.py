"""Transfers (mutasi) inside a month, on SQLite and PostgreSQL: the roster
import records each change of unit, supervisor or schedule with the date it
holds from (``effective_from``, else the local day of the import) and says
so in its report; days already closed from that date on move to the new
unit and supervisor; bad dates refuse the whole import; and the day close
writes each day's own unit, supervisor and schedule, also after downtime.

Bagian Organisasi (ORG): head Ratna > supervisor Sari > Andi, and Fajar on
schedule SIANG (09:00-17:00); Bagian Keuangan (KEU): head Eko > Gita.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import aliased

from bot.admin import import_file
from bot.clock import ManualClock
from bot.config import Settings, load_settings
from bot.services.day_close import close_days
from db.models import Employee, Unit
from db.models_day import AttendanceMark, DayRecord, EmployeeAssignment

WIB = ZoneInfo("Asia/Jakarta")
RATNA, SARI, ANDI, FAJAR, EKO, GITA = (f"19800101200501{n:04d}" for n in range(1, 7))
NAMES = {RATNA: "Ratna Dewi", SARI: "Sari Wulandari", ANDI: "Andi Pratama",
         FAJAR: "Fajar Nugroho", EKO: "Eko Saputra", GITA: "Gita Permata"}
EMPLOYEES = ("nip", "name", "unit_code", "role", "supervisor_nip", "schedule_code",
             "office_codes", "language", "active", "effective_from")
STAFF = {  # nip: unit, role, supervisor, schedule
    RATNA: ("ORG", "head", "", "UMUM"),
    SARI: ("ORG", "supervisor", RATNA, "UMUM"),
    ANDI: ("ORG", "staff", SARI, "UMUM"),
    FAJAR: ("ORG", "staff", SARI, "SIANG"),
    EKO: ("KEU", "head", "", "UMUM"),
    GITA: ("KEU", "staff", EKO, "UMUM"),
}
TO_KEU = {"unit_code": "KEU", "supervisor_nip": EKO}


def wib(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def roster(folder: Path, changes: dict[str, dict[str, str]] | None = None,
           extra: list[dict[str, str]] | None = None) -> Path:
    """The roster as a folder of CSV files; ``changes`` sets employees'
    columns by NIP, ``extra`` adds employees rows."""
    folder.mkdir()
    tables: dict[str, list[list[str]]] = {
        "offices": [["code", "name", "latitude", "longitude", "radius_m", "timezone"],
                    ["SETDA", "Sekretariat Daerah", "-2.8772", "103.8455", "150",
                     "Asia/Jakarta"]],
        "units": [["code", "name", "parent_code", "office_code", "head_nip"],
                  ["ORG", "Bagian Organisasi", "", "SETDA", RATNA],
                  ["KEU", "Bagian Keuangan", "", "SETDA", EKO]],
        "schedules": [["code", "weekday", "start", "end"],
                      *(["UMUM", str(d), "07:30", "16:00"] for d in range(1, 5)),
                      ["UMUM", "5", "07:30", "16:30"],
                      *(["SIANG", str(d), "09:00", "17:00"] for d in range(1, 6)),
                      *(["MALAM", str(d), "22:00", "06:00"] for d in range(1, 8))],
    }
    people = []
    for nip, (unit, role, boss, schedule) in STAFF.items():
        row = dict(zip(EMPLOYEES, (nip, NAMES[nip], unit, role, boss, schedule, "", "id", "",
                                   ""), strict=True))
        people.append(row | (changes or {}).get(nip, {}))
    people += [dict.fromkeys(EMPLOYEES, "") | row for row in extra or []]
    tables["employees"] = [list(EMPLOYEES), *([row[c] for c in EMPLOYEES] for row in people)]
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(rows)
    return folder


class Org:
    """The database of one test, the import as ``hadir import`` runs it and
    the day close as the day job runs it."""

    def __init__(self, db: Any, tmp_path: Path) -> None:
        self.db, self.tmp, self.files = db, tmp_path, 0
        self.settings: Settings = load_settings(_env_file=None, database_url=db.url)

    async def imports(self, at: datetime, changes: dict[str, dict[str, str]] | None = None,
                      *, extra: list[dict[str, str]] | None = None,
                      lang: str = "id") -> tuple[bool, list[str]]:
        self.files += 1
        folder = roster(self.tmp / f"roster-{self.files}", changes, extra)
        ok, report = await import_file(self.settings, folder, lang=lang,
                                       clock=ManualClock(at))
        return ok, report.splitlines()

    async def close(self, at: datetime) -> int:
        async with self.db.transaction() as s:
            return await close_days(s, self.settings, at)

    async def assignments(self, nip: str) -> list[tuple[date, str, str | None, str]]:
        """(valid_from, unit, supervisor's name, schedule), oldest first."""
        boss, person = aliased(Employee), aliased(Employee)
        async with self.db.transaction() as s:
            rows = await s.execute(
                select(EmployeeAssignment.valid_from, Unit.code, boss.name,
                       EmployeeAssignment.schedule_code)
                .join(person, person.id == EmployeeAssignment.employee_id)
                .join(Unit, Unit.id == EmployeeAssignment.unit_id)
                .outerjoin(boss, boss.id == EmployeeAssignment.supervisor_id)
                .where(person.nip == nip).order_by(EmployeeAssignment.valid_from))
            return [tuple(row) for row in rows]  # type: ignore[misc]

    async def days(self, nip: str) -> dict[date, tuple[str, str | None, str | None, str | None]]:
        """Each closed day: (unit, supervisor's name, schedule, code)."""
        boss, person = aliased(Employee), aliased(Employee)
        async with self.db.transaction() as s:
            rows = await s.execute(
                select(DayRecord.work_date, Unit.code, boss.name, DayRecord.schedule_code,
                       DayRecord.code)
                .join(person, person.id == DayRecord.employee_id)
                .join(Unit, Unit.id == DayRecord.unit_id)
                .outerjoin(boss, boss.id == DayRecord.supervisor_id)
                .where(person.nip == nip))
            return {day: (unit, name, schedule, code) for day, unit, name, schedule, code in rows}

    async def everything(self) -> list[list[tuple[Any, ...]]]:
        """Every employee, assignment and closed day, to show nothing changed."""
        async with self.db.transaction() as s:
            return [
                sorted((e.nip, e.unit_id, e.supervisor_id, e.schedule_code, e.name)
                       for e in await s.scalars(select(Employee))),
                sorted((a.employee_id, a.valid_from, a.unit_id, a.supervisor_id,
                        a.schedule_code, a.recorded_at)
                       for a in await s.scalars(select(EmployeeAssignment))),
                sorted((r.employee_id, r.work_date, r.unit_id, r.supervisor_id, r.code,
                        r.updated_at) for r in await s.scalars(select(DayRecord))),
            ]


@pytest.fixture
async def org(db: Any, tmp_path: Path) -> Org:
    return Org(db, tmp_path)


async def closed_week(org: Org) -> None:
    """The roster from Monday 9 November, Hadir watching from that morning,
    and the week 9-13 November closed (Andi never checked in: TK)."""
    ok, _ = await org.imports(wib(11, 9, 6))
    assert ok
    assert await org.close(wib(11, 9, 6)) == 0  # the first look: the days from today on
    assert await org.close(wib(11, 14, 1)) == 5 * len(STAFF)


# --- the import records a transfer ------------------------------------------------


async def test_a_past_dated_transfer_moves_the_closed_days_from_its_date(org: Org) -> None:
    await closed_week(org)
    ok, report = await org.imports(wib(11, 16, 7), {ANDI: TO_KEU | {
        "effective_from": "12-11-2026"}})
    assert ok, report
    assert report[-1] == (
        f"Mutasi: {ANDI} Andi Pratama: ORG → KEU, atasan Sari Wulandari → Eko Saputra, "
        "mulai Kamis, 12 November 2026 (2 hari yang sudah ditutup ikut dipindahkan)")
    assert "employees: 0 baru, 1 diperbarui, 5 tetap" in report
    assert await org.assignments(ANDI) == [
        (date(2026, 11, 9), "ORG", "Sari Wulandari", "UMUM"),
        (date(2026, 11, 12), "KEU", "Eko Saputra", "UMUM")]
    # from the 12th the TK days count for KEU and Eko; the codes and schedule stay
    assert await org.days(ANDI) == {
        date(2026, 11, d): ("ORG", "Sari Wulandari", "UMUM", "TK") for d in (9, 10, 11)
    } | {date(2026, 11, d): ("KEU", "Eko Saputra", "UMUM", "TK") for d in (12, 13)}
    # nobody else moved
    assert set((await org.days(GITA)).values()) == {("KEU", "Eko Saputra", "UMUM", "TK")}
    assert set((await org.days(FAJAR)).values()) == {("ORG", "Sari Wulandari", "SIANG", "TK")}


async def test_the_report_says_the_transfer_in_english(org: Org) -> None:
    await closed_week(org)
    ok, report = await org.imports(wib(11, 16, 7), {ANDI: {
        "schedule_code": "SIANG", "effective_from": "2026-11-13"}}, lang="en")
    assert ok, report
    assert report[-1] == (f"Transfer: {ANDI} Andi Pratama: schedule UMUM → SIANG, "
                          "from Friday, 13 November 2026")  # a schedule moves no closed day
    assert (await org.days(ANDI))[date(2026, 11, 13)] == ("ORG", "Sari Wulandari", "UMUM",
                                                           "TK")


async def test_without_the_column_a_transfer_holds_from_the_local_day_of_the_import(
        org: Org) -> None:
    await closed_week(org)
    # 00:30 WIB on Monday 23 November is still Sunday 22 November in UTC
    at = wib(11, 23, 0, 30)
    ok, report = await org.imports(at, {ANDI: TO_KEU})
    assert ok, report
    assert report[-1] == (f"Mutasi: {ANDI} Andi Pratama: ORG → KEU, atasan Sari Wulandari → "
                          "Eko Saputra, mulai Senin, 23 November 2026")
    assert (await org.assignments(ANDI))[-1] == (date(2026, 11, 23), "KEU", "Eko Saputra",
                                                 "UMUM")
    assert {unit for unit, *_ in (await org.days(ANDI)).values()} == {"ORG"}


async def test_the_same_date_again_corrects_that_transfer(org: Org) -> None:
    await closed_week(org)
    wrong = {ANDI: {"unit_code": "KEU", "supervisor_nip": GITA, "effective_from": "12-11-2026"}}
    assert (await org.imports(wib(11, 16, 7), wrong))[0]
    ok, report = await org.imports(wib(11, 16, 8), {ANDI: TO_KEU | {
        "effective_from": "12-11-2026"}})
    assert ok, report
    assert report[-1] == (f"Mutasi: {ANDI} Andi Pratama: atasan Gita Permata → Eko Saputra, "
                          "mulai Kamis, 12 November 2026 (2 hari yang sudah ditutup ikut "
                          "dipindahkan)")
    assert await org.assignments(ANDI) == [
        (date(2026, 11, 9), "ORG", "Sari Wulandari", "UMUM"),
        (date(2026, 11, 12), "KEU", "Eko Saputra", "UMUM")]
    assert (await org.days(ANDI))[date(2026, 11, 13)][:2] == ("KEU", "Eko Saputra")


async def test_importing_the_same_roster_again_records_nothing_new(org: Org) -> None:
    await closed_week(org)
    moved = {ANDI: TO_KEU | {"effective_from": "12-11-2026"}}
    assert (await org.imports(wib(11, 16, 7), moved))[0]
    before = await org.everything()
    # months later the column still says 12-11-2026: nothing changes, nothing is refused
    for at in (wib(11, 16, 9), wib(11, 16, 9) + timedelta(days=90)):
        ok, report = await org.imports(at, moved)
        assert ok, report
        assert not any(line.startswith("Mutasi") for line in report)
        assert "employees: 0 baru, 0 diperbarui, 6 tetap" in report
        assert await org.everything() == before


async def test_a_new_employee_gets_a_first_assignment_and_no_transfer_line(org: Org) -> None:
    ok, report = await org.imports(wib(11, 9, 6))
    assert ok, report
    assert not any(line.startswith("Mutasi") for line in report)
    assert await org.assignments(GITA) == [(date(2026, 11, 9), "KEU", "Eko Saputra", "UMUM")]
    hani = {"nip": "199501012020012001", "name": "Hani Rahma", "unit_code": "KEU",
            "role": "staff", "supervisor_nip": EKO, "schedule_code": "UMUM",
            "effective_from": "01-06-2026"}  # joined long ago: no history to move
    ok, report = await org.imports(wib(11, 16, 7), extra=[hani])
    assert ok, report
    assert "employees: 1 baru, 0 diperbarui, 6 tetap" in report
    assert not any(line.startswith("Mutasi") for line in report)
    assert await org.assignments(hani["nip"]) == [
        (date(2026, 6, 1), "KEU", "Eko Saputra", "UMUM")]


async def test_someone_placed_before_assignments_were_kept_keeps_their_past(org: Org) -> None:
    await closed_week(org)
    async with org.db.transaction() as s:
        andi = await s.scalar(select(Employee.id).where(Employee.nip == ANDI))
        await s.execute(delete(EmployeeAssignment).where(EmployeeAssignment.employee_id == andi))
    assert (await org.imports(wib(11, 16, 7), {ANDI: TO_KEU | {
        "effective_from": "12-11-2026"}}))[0]
    assert await org.assignments(ANDI) == [
        (date(2000, 1, 1), "ORG", "Sari Wulandari", "UMUM"),
        (date(2026, 11, 12), "KEU", "Eko Saputra", "UMUM")]


# --- dates a transfer may not have: the whole import is refused ------------------------


REFUSED = {
    "in the future": ("17-11-2026", "Mutasi mulai Selasa, 17 November 2026 belum bisa "
                      "dicatat: tanggal itu sesudah hari ini (Senin, 16 November 2026)."),
    "malformed": ("31-02-2026", "Tanggal \u201c31-02-2026\u201d tidak sah"),
    "not a date": ("minggu depan", "Tanggal \u201cminggu depan\u201d tidak sah"),
    "before the last assignment": ("08-11-2026", "lebih awal dari penempatan terakhir yang "
                                   "tercatat, mulai Senin, 9 November 2026."),
    "too far back": ("14-09-2026", "Mutasi mulai Senin, 14 September 2026 terlalu jauh ke "
                     "belakang: paling awal Selasa, 15 September 2026 (62 hari)"),
}


@pytest.mark.parametrize("case", list(REFUSED))
async def test_a_transfer_date_that_cannot_hold_refuses_the_whole_import(
        org: Org, case: str) -> None:
    await closed_week(org)
    day, message = REFUSED[case]
    before = await org.everything()
    # Gita's rename in the same file is not written either: all or nothing
    ok, report = await org.imports(wib(11, 16, 7), {
        ANDI: TO_KEU | {"effective_from": day}, GITA: {"name": "Gita Permata Sari"}})
    assert not ok
    [error, closing] = report
    assert error.startswith("employees, baris 4, kolom effective_from: ") and message in error
    assert closing == "Impor dibatalkan: 1 kesalahan, tidak ada data yang diubah."
    assert await org.everything() == before


async def test_a_later_transfer_cannot_go_before_the_one_recorded(org: Org) -> None:
    await closed_week(org)
    assert (await org.imports(wib(11, 16, 7), {ANDI: TO_KEU | {
        "effective_from": "12-11-2026"}}))[0]
    before = await org.everything()
    ok, report = await org.imports(wib(11, 16, 8), {ANDI: TO_KEU | {
        "schedule_code": "SIANG", "effective_from": "11-11-2026"}}, lang="en")
    assert not ok
    assert report[0] == (
        "employees, row 4, column effective_from: A transfer from Wednesday, 11 November "
        "2026 is earlier than the last recorded placement, from Thursday, 12 November 2026. "
        "Fill in effective_from with that date or a later one.")
    assert await org.everything() == before


# --- the day close writes the unit, supervisor and schedule of each day ------------------


async def test_days_closed_after_downtime_over_a_transfer_count_where_they_were_worked(
        org: Org) -> None:
    ok, _ = await org.imports(wib(11, 9, 6))
    assert ok
    await org.close(wib(11, 9, 6))  # Hadir sees the groups, then is down until Friday
    # recorded on Thursday: Andi works in KEU under Eko, 09:00-17:00, since Wednesday
    ok, report = await org.imports(wib(11, 12, 7), {ANDI: TO_KEU | {
        "schedule_code": "SIANG", "effective_from": "11-11-2026"}})
    assert ok, report
    assert report[-1].endswith("mulai Rabu, 11 November 2026")  # nothing closed yet
    assert await org.close(wib(11, 13, 6)) == 4 * len(STAFF)  # Monday to Thursday
    assert await org.days(ANDI) == {
        date(2026, 11, 9): ("ORG", "Sari Wulandari", "UMUM", "TK"),
        date(2026, 11, 10): ("ORG", "Sari Wulandari", "UMUM", "TK"),
        date(2026, 11, 11): ("KEU", "Eko Saputra", "SIANG", "TK"),
        date(2026, 11, 12): ("KEU", "Eko Saputra", "SIANG", "TK")}
    # each day was judged by its own schedule: the TK mark names that day's start
    async with org.db.transaction() as s:
        starts = {m.work_date: m.facts["start"] for m in await s.scalars(
            select(AttendanceMark).join(Employee, Employee.id == AttendanceMark.employee_id)
            .where(Employee.nip == ANDI))}
    assert starts == {date(2026, 11, 9): "2026-11-09T07:30:00+07:00",
                      date(2026, 11, 10): "2026-11-10T07:30:00+07:00",
                      date(2026, 11, 11): "2026-11-11T09:00:00+07:00",
                      date(2026, 11, 12): "2026-11-12T09:00:00+07:00"}
    assert await org.close(wib(11, 13, 6)) == 0  # a re-run writes nothing


async def test_a_move_and_a_move_back_while_down_keep_the_one_day_away(org: Org) -> None:
    assert (await org.imports(wib(11, 9, 6)))[0]
    await org.close(wib(11, 9, 6))
    assert (await org.imports(wib(11, 10, 7), {ANDI: TO_KEU}))[0]  # from Tuesday
    assert (await org.imports(wib(11, 11, 7)))[0]  # back in ORG from Wednesday
    await org.close(wib(11, 13, 6))
    assert {day: unit for day, (unit, *_) in (await org.days(ANDI)).items()} == {
        date(2026, 11, 9): "ORG", date(2026, 11, 10): "KEU", date(2026, 11, 11): "ORG",
        date(2026, 11, 12): "ORG"}


async def test_a_schedule_nobody_keeps_judges_the_days_before_with_the_current_one(
        org: Org) -> None:
    """Fajar was the only one on SIANG: after his move to UMUM no window is
    judged for SIANG any more, so his days before the move that closed late
    are judged (and kept) with UMUM rather than left without a record."""
    assert (await org.imports(wib(11, 9, 6)))[0]
    await org.close(wib(11, 9, 6))
    ok, report = await org.imports(wib(11, 12, 7), {FAJAR: {
        "schedule_code": "UMUM", "unit_code": "KEU", "supervisor_nip": EKO,
        "effective_from": "11-11-2026"}})
    assert ok, report
    await org.close(wib(11, 13, 6))
    assert await org.days(FAJAR) == {
        date(2026, 11, 9): ("ORG", "Sari Wulandari", "UMUM", "TK"),
        date(2026, 11, 10): ("ORG", "Sari Wulandari", "UMUM", "TK"),
        date(2026, 11, 11): ("KEU", "Eko Saputra", "UMUM", "TK"),
        date(2026, 11, 12): ("KEU", "Eko Saputra", "UMUM", "TK")}


async def test_a_night_shift_closed_after_the_import_counts_for_the_unit_it_was_worked_in(
        org: Org) -> None:
    """The transfer is recorded while the night shift before it is still open
    (it closes at 10:00, 06:00 + CHECK_OUT_SLACK_MINUTES): that night stays
    with the old unit and supervisor."""
    budi = {"nip": "199001012015011007", "name": "Budi Santoso", "unit_code": "ORG",
            "role": "staff", "supervisor_nip": SARI, "schedule_code": "MALAM"}
    assert (await org.imports(wib(11, 9, 6), extra=[budi]))[0]
    await org.close(wib(11, 9, 6))
    ok, report = await org.imports(wib(11, 10, 8), {}, extra=[budi | TO_KEU])
    assert ok, report
    assert report[-1].endswith("mulai Selasa, 10 November 2026")
    await org.close(wib(11, 10, 10, 1))
    assert await org.days(budi["nip"]) == {
        date(2026, 11, 9): ("ORG", "Sari Wulandari", "MALAM", "TK")}
    await org.close(wib(11, 11, 10, 1))
    assert (await org.days(budi["nip"]))[date(2026, 11, 10)] == ("KEU", "Eko Saputra",
                                                                  "MALAM", "TK")


async def test_closing_after_transfers_reads_the_same_for_one_mover_as_for_three(
        org: Org) -> None:
    from tests.queries import counted

    assert (await org.imports(wib(11, 9, 6)))[0]
    await org.close(wib(11, 9, 6))
    assert (await org.imports(wib(11, 12, 7), {ANDI: TO_KEU | {
        "effective_from": "11-11-2026"}}))[0]
    with counted(org.db) as one:
        assert await org.close(wib(11, 13, 6)) == 4 * len(STAFF)  # Monday to Thursday
    await org.close(wib(11, 16, 6))  # Friday and the weekend
    assert (await org.imports(wib(11, 18, 7), {
        ANDI: TO_KEU, GITA: {"unit_code": "ORG", "supervisor_nip": SARI,
                             "effective_from": "17-11-2026"},
        FAJAR: TO_KEU | {"schedule_code": "UMUM", "effective_from": "17-11-2026"},
        SARI: {"schedule_code": "SIANG", "effective_from": "17-11-2026"}}))[0]
    with counted(org.db) as three:
        assert await org.close(wib(11, 20, 6)) == 4 * len(STAFF)  # Monday to Thursday
    assert len(one) == len(three), (one, three)
    assert (await org.days(GITA))[date(2026, 11, 16)][0] == "KEU"
    assert (await org.days(GITA))[date(2026, 11, 17)][0] == "ORG"


async def test_a_reorganisation_moves_everyone_s_closed_days_in_one_update(org: Org) -> None:
    """Two people transferred in one import: one UPDATE of the closed days for
    both (not one a person), each report line with their own count."""
    await closed_week(org)
    updates: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE DAY_RECORDS"):
            updates.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        ok, report = await org.imports(wib(11, 16, 7), {
            ANDI: TO_KEU | {"effective_from": "12-11-2026"},
            FAJAR: TO_KEU | {"effective_from": "11-11-2026"}})
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert ok, report
    assert len(updates) == 1
    assert any(line.startswith(f"Mutasi: {ANDI} ") and "(2 hari" in line for line in report)
    assert any(line.startswith(f"Mutasi: {FAJAR} ") and "(3 hari" in line for line in report)
    assert {d: v[0] for d, v in (await org.days(FAJAR)).items()} == {
        date(2026, 11, 9): "ORG", date(2026, 11, 10): "ORG"} | {
        date(2026, 11, d): "KEU" for d in (11, 12, 13)}
