"""The shared day loaders the day's jobs stand on, on SQLite and PostgreSQL:
who works when, with which leave and checks, in a fixed number of queries;
closed records that follow their marks; windows judged once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.config import load_settings
from bot.services import day_records, windows, workday
from db.models_day import AttendanceMark, DayRecord, LeaveRequest
from db.session import Database
from tests import factories
from tests.queries import counted

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
MONDAY = date(2026, 11, 23)


async def _org(session, people: int) -> list:  # type: ignore[no-untyped-def]
    await factories.schedule(session)
    jakarta = await factories.office(session)
    makassar = await factories.office(session, **factories.MKS)
    org = await factories.unit(session, jakarta)
    staff = []
    for n in range(people):
        offices = [makassar] if n % 2 else []
        staff.append(await factories.employee(session, org, f"19800101200001{n:04d}",
                                              f"Pegawai {n}", offices=offices,
                                              telegram_id=5000 + n))
    return staff


async def test_each_person_gets_their_local_day_in_a_fixed_number_of_queries(
        db: Database) -> None:
    settings = load_settings(_env_file=None)
    counts = []
    for size in (2, 6):
        async with db.transaction() as session:
            staff = await _org(session, size)
            session.add(LeaveRequest(employee_id=staff[0].id, kind="DL", status="approved",
                                     start_date=MONDAY, end_date=MONDAY, reason="rapat",
                                     requested_at=datetime(2026, 11, 20, tzinfo=UTC)))
            await session.flush()
            with counted(db) as statements:
                persons = await workday.people(session)
                # 23:30 UTC Sunday is Monday 06:30 in Jakarta and 07:30 in Makassar
                days = await workday.days_at(session, settings, persons,
                                             datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
            counts.append(len(statements))
            by_name = {d.person.name: d for d in days}
            assert by_name["Pegawai 0"].work_date == MONDAY
            leave = by_name["Pegawai 0"].leave
            assert leave is not None and leave.kind == "DL"
            assert by_name["Pegawai 1"].person.tz == WITA
            assert by_name["Pegawai 1"].period is not None
            assert by_name["Pegawai 1"].period.start == datetime(2026, 11, 23, 7, 30, tzinfo=WITA)
            assert by_name["Pegawai 1"].working and by_name["Pegawai 1"].leave is None
            await session.rollback()
    assert counts[0] == counts[1]


async def test_a_closed_record_follows_its_marks_and_a_later_leave(db: Database) -> None:
    now = datetime(2026, 11, 24, 10, tzinfo=UTC)
    async with db.transaction() as session:
        (person,) = await _org(session, 1)
        session.add(DayRecord(employee_id=person.id, work_date=MONDAY, status="present",
                              code="H", closed_at=now, updated_at=now))
        late = AttendanceMark(key="t:late", employee_id=person.id, work_date=MONDAY,
                              kind="late", code="TL2", at=now, facts={"minutes": 45},
                              created_at=now)
        session.add(late)
        await session.flush()
        changed = await day_records.refresh(session, [(person.id, MONDAY)], now)
        assert [(r.code, r.check_in_code, r.late_minutes) for r in changed] == [("TL2", "TL2", 45)]
        late.excused_at, late.excuse_reason = now, "rapat di kantor bupati"
        await session.flush()
        (record,) = await day_records.refresh(session, [(person.id, MONDAY)], now)
        assert (record.code, record.late_minutes) == ("H", 0)
        session.add(LeaveRequest(employee_id=person.id, kind="CS", status="approved",
                                 start_date=MONDAY, end_date=MONDAY, reason="sakit",
                                 requested_at=now))
        await session.flush()
        await day_records.refresh(session, [(person.id, MONDAY)], now + timedelta(hours=1))
        record = await session.scalar(select(DayRecord))
        assert record is not None and (record.status, record.code) == ("leave", "CS")


async def test_a_window_is_claimed_once(db: Database) -> None:
    now = datetime(2026, 11, 23, 2, tzinfo=UTC)
    async with db.transaction() as session:
        assert await windows.claim(session, "no_show", "UMUM@Asia/Jakarta", MONDAY, now)
        assert not await windows.claim(session, "no_show", "UMUM@Asia/Jakarta", MONDAY, now)
        found = await windows.claimed(session, "no_show", [("UMUM@Asia/Jakarta", MONDAY),
                                                           ("UMUM@Asia/Makassar", MONDAY)])
        assert found == {("UMUM@Asia/Jakarta", MONDAY)}
