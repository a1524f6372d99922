"""Personal data (UU 27/2022) through the real Application, on SQLite and
PostgreSQL: every view of people's data (board, a person's month and day,
/rekap, ``hadir report``, the weekly summary, ``hadir summary``, /dataku)
writes one access-log row naming its scope; /dataku (/mydata) sends the
person their own data and who viewed it, and nothing of anyone else."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.callbacks import MonthCB, PersonCB
from bot.report_cli import write_report
from bot.services.summary_scan import scan_weekly_summaries
from bot.summary_cli import weekly_summary
from db.models import AttendanceEvent, Employee, PositionSample, Task, Unit
from db.models_day import AccessLog, DayRecord, LeaveRequest
from db.session import Database
from tests import factories
from tests.queries import counted
from tests.recap_read import documents

AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI, ADMIN, STRANGER = (
    2001, 2002, 2003, 2004, 2005, 2006, 2007, 2099)
IDS = (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI)
WIB = factories.SETDA["timezone"]
LAST_WEEK = [date(2026, 11, 16) + timedelta(days=n) for n in range(5)]  # Mon-Fri
DEWI_LAT, DEWI_LON = -2.877301, 103.845502
ANDI_LAT, ANDI_LON = -2.871111, 103.841111  # Andi's: must never reach Dewi's file


@pytest.fixture
async def org(db: Database, emulator: Any) -> dict[str, int]:
    """ORG (head Ahmad > supervisor Rizki > Dewi, Andi) and UMUM-B (Sri > Yudi),
    an admin, and last week closed for Dewi and Andi; Dewi checked in on the
    Monday with a live location (one later position), asked for leave and
    was given a task by Rizki."""
    factories.add_two_units_users(emulator, IDS)
    emulator.add_user(ADMIN, "Admin")
    emulator.add_user(STRANGER, "Stranger")
    async with db.transaction() as s:
        people = await factories.two_units(s, IDS)
        umum = await s.scalar(select(Unit).where(Unit.code == "UMUM-B"))
        assert umum is not None
        admin = await factories.employee(s, umum, "196001012000011001", "Admin Kepegawaian",
                                         role="admin", telegram_id=ADMIN)
        office_id = umum.office_id
        closed = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
        for who in ("dewi", "andi"):
            for day in LAST_WEEK:
                s.add(DayRecord(employee_id=people[who].id, work_date=day,
                                unit_id=people[who].unit_id,
                                supervisor_id=people["rizki"].id, office_id=office_id,
                                schedule_code="UMUM", status="present", code="H",
                                closed_at=closed, updated_at=closed))
        events = []
        for who, lat, lon in (("dewi", DEWI_LAT, DEWI_LON), ("andi", ANDI_LAT, ANDI_LON)):
            at = datetime(2026, 11, 16, 0, 20, tzinfo=UTC)  # 07:20 WIB
            event = AttendanceEvent(
                employee_id=people[who].id, kind="in", occurred_at=at, work_date=LAST_WEEK[0],
                office_id=office_id, latitude=lat, longitude=lon, accuracy_m=10.0,
                distance_m=12.0, day_type="workday", minutes_off=0, chat_id=1,
                message_id=len(events) + 1, recorded_at=at, live_period=900)
            s.add(event)
            events.append(event)
        await s.flush()
        for event in events:
            s.add(PositionSample(event_id=event.id, sampled_at=event.occurred_at
                                 + timedelta(minutes=5), latitude=event.latitude,
                                 longitude=event.longitude, distance_m=15.0))
        requested = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
        s.add(LeaveRequest(employee_id=people["dewi"].id, kind="CT", status="approved",
                           start_date=date(2026, 12, 1), end_date=date(2026, 12, 2),
                           reason="Acara keluarga", working_days=2, requested_at=requested,
                           approver_id=people["rizki"].id, decided_by_id=people["rizki"].id,
                           decided_at=requested + timedelta(hours=2)))
        s.add(Task(batch="b1", assignee_id=people["dewi"].id,
                   assigned_by_id=people["rizki"].id, title="Laporan kinerja triwulan",
                   deadline=datetime(2026, 11, 27, 9, 0, tzinfo=UTC), created_at=requested,
                   updated_at=requested, deadline_set_at=requested))
        s.add(Task(batch="b2", assignee_id=people["andi"].id,
                   assigned_by_id=people["rizki"].id, title="Tugas rahasia Andi",
                   deadline=datetime(2026, 11, 27, 9, 0, tzinfo=UTC), created_at=requested,
                   updated_at=requested, deadline_set_at=requested))
    return {**{name: row.id for name, row in people.items()}, "admin": admin.id}


async def log_rows(db: Database) -> list[tuple[Any, ...]]:
    async with db.transaction() as s:
        rows = await s.scalars(select(AccessLog).order_by(AccessLog.id))
        return [(r.viewer_id, r.viewer_role, r.view, r.first, r.last, r.everyone,
                 r.unit_ids, r.supervisor_id, r.subject_id) for r in rows]


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets}


async def open_every_view(bot: Any, clock: Any, db: Database, org: dict[str, int],
                          tmp_path: Path, settings: Any) -> None:
    """Each view once, as who opens it."""
    [board] = await bot.text(RIZKI, "/tim")
    await bot.press(RIZKI, board["message_id"], MonthCB(org["dewi"]).pack())
    await bot.press(RIZKI, board["message_id"], PersonCB(org["dewi"], LAST_WEEK[4]).pack())
    await bot.text(AHMAD, "/tim")
    await bot.text(SRI, "/tim")  # Yudi's board: not Dewi's
    await bot.text(RIZKI, "/rekap")
    await bot.text(AHMAD, "/rekap")
    await bot.text(ADMIN, "/rekap")
    await bot.text(SRI, "/rekap")  # Sri's team has no closed day: nobody seen, no row
    async with db.transaction() as s:
        await scan_weekly_summaries(s, settings, clock.now())
    ok, _ = await write_report(settings, month="2026-11", unit=None, out=tmp_path / "r.xlsx",
                               with_csv=False, lang="id", clock=clock)
    assert ok
    ok, _ = await weekly_summary(settings, week="2026-W47", unit="ORG", png=None, lang="id",
                                 clock=clock)
    assert ok


async def test_each_view_writes_one_row_of_its_scope(
        bot: Any, clock: Any, db: Database, org: dict[str, int], tmp_path: Path,
        settings_factory: Any) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday 16:00 WIB
    await open_every_view(bot, clock, db, org, tmp_path, settings_factory())
    today, nov = date(2026, 11, 23), (date(2026, 11, 1), date(2026, 11, 30))
    async with db.transaction() as s:
        org_unit = await s.scalar(select(Unit.id).where(Unit.code == "ORG"))
    org_units = f",{org_unit},"
    week = (LAST_WEEK[0], LAST_WEEK[0] + timedelta(days=6))
    assert await log_rows(db) == [
        (org["rizki"], "supervisor", "board", today, today, False, None, org["rizki"], None),
        (org["rizki"], "supervisor", "person_month", date(2026, 11, 1), today, False, None,
         None, org["dewi"]),
        (org["rizki"], "supervisor", "person_day", LAST_WEEK[4], LAST_WEEK[4], False, None,
         None, org["dewi"]),
        (org["ahmad"], "head", "board", today, today, False, org_units, org["ahmad"], None),
        (org["sri"], "supervisor", "board", today, today, False, None, org["sri"], None),
        (org["rizki"], "supervisor", "recap", *nov, False, None, org["rizki"], None),
        (org["ahmad"], "head", "recap", *nov, False, org_units, None, None),
        (org["admin"], "admin", "recap", *nov, True, None, None, None),
        (org["ahmad"], "head", "summary", *week, False, org_units, None, None),
        (None, "operator", "report_cli", *nov, True, None, None, None),
        (None, "operator", "summary_cli", *week, False, org_units, None, None),
    ]


async def test_dataku_lists_who_saw_my_data_and_holds_only_mine(
        bot: Any, clock: Any, db: Database, org: dict[str, int], tmp_path: Path,
        settings_factory: Any) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    await open_every_view(bot, clock, db, org, tmp_path, settings_factory())
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # 17:00 WIB
    [reply] = await bot.text(DEWI, "/dataku")
    [(name, caption, content)] = documents(bot, DEWI)
    assert name == "dataku-199107242015032002-2026-11-23.xlsx"
    assert "Data pribadi Anda di Hadir" in caption and "1 presensi" in caption
    assert "5 hari kerja" in caption and "1 posisi" in caption and "1 tugas" in caption
    assert "Data lokasi disimpan 90 hari" in caption
    book = sheets(content)
    assert list(book) == ["Profil", "Presensi", "Hari kerja", "Posisi", "Cek kehadiran",
                          "Izin dan cuti", "Tugas", "Riwayat tugas", "Catatan hari",
                          "Peringatan", "Akses data"]
    profile = dict((row[0], row[1]) for row in book["Profil"][1:])
    assert profile["Nama"] == "Dewi Anggraini" and profile["NIP"] == "199107242015032002"
    assert profile["Atasan langsung"] == "Rizki Pratama" and profile["Peran"] == "pegawai"
    assert profile["ID pengguna Telegram"] == str(DEWI)
    [event] = book["Presensi"][1:]
    assert event[:6] == ["16 November 2026", "masuk", "16 November 2026 07:20 WIB",
                         "Sekretariat Daerah", DEWI_LAT, DEWI_LON]
    assert [row[:3] for row in book["Hari kerja"][1:]] == [
        [f"{d.day} November 2026", "present", "H"] for d in LAST_WEEK]
    assert book["Posisi"][1][1:3] == [DEWI_LAT, DEWI_LON]
    [leave] = book["Izin dan cuti"][1:]
    assert leave[2:4] == ["1 Desember 2026", "2 Desember 2026"] and leave[12] == "Rizki Pratama"
    [task] = book["Tugas"][1:]
    assert task[:2] == ["untuk saya", "Laporan kinerja triwulan"] and task[3] == "Rizki Pratama"
    seen = [(row[1], row[2], row[3]) for row in book["Akses data"][1:]]
    assert seen == [
        ("Rizki Pratama", "atasan", "papan tim hari itu (/tim)"),
        ("Rizki Pratama", "atasan", "bulan Anda dari papan tim"),
        ("Rizki Pratama", "atasan", "hari Anda dari daftar belum presensi"),
        ("Ahmad Fauzi", "kepala unit", "papan tim hari itu (/tim)"),
        ("Rizki Pratama", "atasan", "rekap bulanan (/rekap)"),
        ("Ahmad Fauzi", "kepala unit", "rekap bulanan (/rekap)"),
        ("Admin Kepegawaian", "admin", "rekap bulanan (/rekap)"),
        ("Ahmad Fauzi", "kepala unit", "ringkasan mingguan"),
        ("-", "operator (baris perintah)", "rekap bulanan (hadir report)"),
        ("-", "operator (baris perintah)", "ringkasan mingguan (hadir summary)"),
    ]
    assert book["Akses data"][1][0] == "23 November 2026 16:00 WIB"
    assert book["Akses data"][3][4] == "20 November 2026"  # the day the digest showed
    everything = " ".join(str(v) for rows in book.values() for row in rows for v in row)
    for other in ("Andi", "Yudi", "Sri", "Tugas rahasia", str(ANDI_LAT), str(ANDI_LON)):
        assert other not in everything
    # the view itself is logged; the next /dataku lists it
    async with db.transaction() as s:
        last = await s.scalar(select(AccessLog).order_by(AccessLog.id.desc()).limit(1))
        assert last is not None and (last.view, last.subject_id) == ("own_data", org["dewi"])
    await bot.text(DEWI, "/mydata")
    again = sheets(documents(bot, DEWI)[-1][2])["Akses data"]
    assert again[-1][1:4] == ["Dewi Anggraini", "pegawai", "data Anda sendiri (/dataku)"]
    assert reply.get("document")


async def test_andi_sees_the_team_views_but_not_dewis_month(
        bot: Any, clock: Any, db: Database, org: dict[str, int], tmp_path: Path,
        settings_factory: Any) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    await open_every_view(bot, clock, db, org, tmp_path, settings_factory())
    await bot.text(ANDI, "/dataku")
    book = sheets(documents(bot, ANDI)[-1][2])
    views = [row[3] for row in book["Akses data"][1:]]
    assert "bulan Anda dari papan tim" not in views
    assert "hari Anda dari daftar belum presensi" not in views
    assert views.count("rekap bulanan (/rekap)") == 3
    everything = " ".join(str(v) for rows in book.values() for row in rows for v in row)
    assert "Dewi" not in everything and str(DEWI_LAT) not in everything


async def test_a_transfer_keeps_the_accesses_of_the_old_unit(
        bot: Any, clock: Any, db: Database, org: dict[str, int]) -> None:
    """Yudi worked in ORG until last week: the ORG head's recap of that time
    is his; a board of ORG after his move is not."""
    async with db.transaction() as s:
        org_unit = await s.scalar(select(Unit.id).where(Unit.code == "ORG"))
        yudi = await s.get(Employee, org["yudi"])
        assert yudi is not None and org_unit is not None
        from db.models_day import EmployeeAssignment
        recorded = datetime(2026, 11, 1, tzinfo=UTC)
        s.add(EmployeeAssignment(employee_id=yudi.id, valid_from=date(2000, 1, 1),
                                 unit_id=org_unit, supervisor_id=org["rizki"],
                                 schedule_code="UMUM", recorded_at=recorded))
        s.add(EmployeeAssignment(employee_id=yudi.id, valid_from=date(2026, 11, 21),
                                 unit_id=yudi.unit_id, supervisor_id=org["sri"],
                                 schedule_code="UMUM", recorded_at=recorded))
        units = f",{org_unit},"
        at = datetime(2026, 11, 22, tzinfo=UTC)
        s.add_all([
            AccessLog(at=at, viewer_id=org["ahmad"], viewer_role="head", view="recap",
                      first=date(2026, 10, 1), last=date(2026, 10, 31), unit_ids=units),
            AccessLog(at=at, viewer_id=org["ahmad"], viewer_role="head", view="board",
                      first=date(2026, 11, 22), last=date(2026, 11, 22), unit_ids=units),
            AccessLog(at=at, viewer_id=org["rizki"], viewer_role="supervisor", view="board",
                      first=date(2026, 11, 20), last=date(2026, 11, 20),
                      supervisor_id=org["rizki"]),
        ])
    await bot.text(YUDI, "/dataku")
    seen = [(row[1], row[3], row[4])
            for row in sheets(documents(bot, YUDI)[-1][2])["Akses data"][1:]]
    assert seen == [
        ("Ahmad Fauzi", "rekap bulanan (/rekap)", "1 Oktober 2026 – 31 Oktober 2026"),
        ("Rizki Pratama", "papan tim hari itu (/tim)", "20 November 2026"),
    ]


async def test_unknown_and_inactive_people_get_no_file(
        bot: Any, db: Database, org: dict[str, int]) -> None:
    [reply] = await bot.text(STRANGER, "/dataku")
    assert "undangan" in reply["text"] and not documents(bot, STRANGER)
    async with db.transaction() as s:
        dewi = await s.get(Employee, org["dewi"])
        assert dewi is not None
        dewi.active = False
    [reply] = await bot.text(DEWI, "/dataku")
    assert not reply.get("document") and not documents(bot, DEWI)
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(AccessLog)) == 0


async def test_help_lists_dataku(bot: Any, org: dict[str, int]) -> None:
    [reply] = await bot.text(DEWI, "/bantuan")
    assert "/dataku — Data pribadi Anda dan siapa yang melihatnya" in reply["text"]


async def test_an_english_speaker_gets_english_headings(
        bot: Any, db: Database, org: dict[str, int]) -> None:
    async with db.transaction() as s:
        dewi = await s.get(Employee, org["dewi"])
        assert dewi is not None
        dewi.language = "en"
    await bot.text(DEWI, "/mydata")
    [(name, caption, content)] = documents(bot, DEWI)
    assert name.startswith("mydata-") and "Your personal data in Hadir" in caption
    book = sheets(content)
    assert "Check-ins" in book and book["Check-ins"][1][1] == "in"
    assert book["Days"][0][:3] == ["Date", "Status", "Code"]
    assert book["Check-ins"][1][0] == "16 November 2026"



async def test_dataku_and_a_big_recap_run_a_fixed_number_of_statements(
        bot: Any, clock: Any, db: Database, org: dict[str, int]) -> None:
    """A longer history, a bigger team: /dataku runs the same statements (one
    query per part), and the head's recap writes one access-log INSERT."""
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    with counted(db) as small:
        await bot.text(DEWI, "/dataku")
    async with db.transaction() as s:
        org_unit = await s.scalar(select(Unit).where(Unit.code == "ORG"))
        assert org_unit is not None
        closed = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
        for n in range(40):  # 40 more people in ORG, each with a closed week
            person = await factories.employee(s, org_unit, f"1990{n:014d}", f"Pegawai {n}",
                                              supervisor=await s.get(Employee, org["rizki"]))
            s.add_all(DayRecord(employee_id=person.id, work_date=day, unit_id=org_unit.id,
                                supervisor_id=org["rizki"], office_id=org_unit.office_id,
                                schedule_code="UMUM", status="present", code="H",
                                closed_at=closed, updated_at=closed) for day in LAST_WEEK)
        for n in range(30):  # and Dewi's October: thirty more days, check-ins, samples
            at = datetime(2026, 10, 1, 0, 25, tzinfo=UTC) + timedelta(days=n)
            event = AttendanceEvent(
                employee_id=org["dewi"], kind="in", occurred_at=at, work_date=at.date(),
                office_id=org_unit.office_id, latitude=DEWI_LAT, longitude=DEWI_LON,
                distance_m=10.0, day_type="workday", minutes_off=0, chat_id=1,
                message_id=100 + n, recorded_at=at)
            s.add(event)
            await s.flush()
            s.add(PositionSample(event_id=event.id, sampled_at=at, latitude=DEWI_LAT,
                                 longitude=DEWI_LON, distance_m=10.0))
    with counted(db) as recap:
        await bot.text(AHMAD, "/rekap")
    assert len([s for s in recap if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG")]) == 1
    with counted(db) as big:
        await bot.text(DEWI, "/dataku")
    assert len(big) == len(small)
    assert "31 presensi" in documents(bot, DEWI)[-1][1]
