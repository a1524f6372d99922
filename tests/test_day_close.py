"""Closing the day, on SQLite and PostgreSQL: a Monday lived through the real
Application, then closed when the check-out window does; the marks (TK,
PSW4, TL4, late, early, apel) and one DayRecord per person; re-runs change
nothing; leave approved before or after; days missed while the bot was down;
and every scan in a fixed number of queries whatever the head count."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.config import load_settings
from bot.services import day_records
from bot.services.outbox_recipients import settle_due
from db.models import AttendanceEvent, OutboxMessage
from db.models_day import AttendanceMark, DayRecord, LeaveRequest
from jobs.day import close_days, scan_check_in_reminders, scan_check_out_reminders, scan_no_shows
from tests import factories
from tests.day_org import (
    ANDI,
    BUDI,
    CITRA,
    DEWI,
    EKO,
    FAJAR,
    GITA,
    MONDAY,
    RATNA,
    SARI,
    WIB,
    check,
    marks,
    monday,
    records,
    run_day_job,
    seed,
    seed_check_out,
    wib,
)
from tests.queries import counted

TUESDAY = date(2026, 11, 24)


async def _live_monday(bot: Any, clock: Any, db: Any) -> None:
    """Andi late and never out; Budi nothing; Citra only a check-out; Sari
    leaves early; Ratna a full day; Fajar (09:00-17:00) on time, out on time."""
    await run_day_job(bot, clock, monday(6, 0))  # Hadir watches the day from the morning
    await check(bot, clock, "in", monday(7, 50), ANDI)
    await check(bot, clock, "in", monday(7, 25), SARI)
    await check(bot, clock, "in", monday(7, 20), RATNA)
    await check(bot, clock, "in", monday(8, 55), FAJAR)
    await check(bot, clock, "in", monday(7, 29), GITA)
    await check(bot, clock, "out", monday(15, 30), SARI)
    await check(bot, clock, "out", monday(16, 5), RATNA)
    await check(bot, clock, "out", monday(17, 1), FAJAR)
    await check(bot, clock, "out", monday(16, 1), GITA)


async def test_the_apel_is_said_in_a_late_check_in_reply_on_monday_only(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    late = await check(bot, clock, "in", monday(7, 50), ANDI)
    assert ("Terlambat 20 menit dari jadwal 07:30 WIB: TL1.\n"
            "📣 Hari ini ada apel pagi pukul 07:30 WIB; Anda tercatat tidak ikut apel."
            ) in late[-1]["text"]
    on_time = await check(bot, clock, "in", monday(7, 30, 10), BUDI)  # a partial minute
    assert "apel" not in on_time[-1]["text"]
    tuesday = await check(bot, clock, "in", wib(24, 7, 50), ANDI)
    assert "TL1" in tuesday[-1]["text"] and "apel" not in tuesday[-1]["text"]


async def test_no_apel_when_apel_weekdays_is_empty(make_harness: Any, clock: Any, db: Any,
                                                   emulator: Any) -> None:
    bot = await make_harness(apel_weekdays="")
    await seed(db, emulator)
    await _live_monday(bot, clock, db)
    assert "apel" not in bot.replies(ANDI)[-1]
    await run_day_job(bot, clock, monday(21, 0))
    assert not [m for m in await marks(db) if m.kind == "apel_missed"]


async def test_the_day_closes_with_its_marks_and_one_record_each(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    await _live_monday(bot, clock, db)
    await seed_check_out(db, ids[CITRA], monday(16, 10))
    await run_day_job(bot, clock, monday(19, 59))
    assert await records(db) == {}

    await run_day_job(bot, clock, monday(20, 0))  # 16:00 + CHECK_OUT_SLACK_MINUTES
    found = {(m.employee_id, m.kind): m for m in await marks(db)}
    by = {v: k for k, v in ids.items()}
    assert sorted((by[e], kind, m.code) for (e, kind), m in found.items()) == sorted([
        (ANDI, "late", "TL1"), (ANDI, "apel_missed", None), (ANDI, "no_check_out", "PSW4"),
        (BUDI, "absent", "TK"), (CITRA, "no_check_in", "TL4"), (SARI, "early", "PSW1"),
        (EKO, "absent", "TK")])
    late = found[(ids[ANDI], "late")]
    assert late.key == f"late:{ids[ANDI]}:2026-11-23"
    assert late.facts["minutes"] == 20 and late.at == monday(7, 50, 20)
    assert found[(ids[SARI], "early")].facts["minutes"] == 29  # 15:30:20: whole minutes

    days = await records(db)
    assert {by[e]: (r.status, r.code) for e, r in days.items() if by[e] != FAJAR} == {
        ANDI: ("present", "TL1"), BUDI: ("absent", "TK"), CITRA: ("present", "TL4"),
        DEWI: ("leave", "DL"), SARI: ("present", "PSW1"), RATNA: ("present", "H"),
        EKO: ("absent", "TK"), GITA: ("present", "H")}
    andi = days[ids[ANDI]]
    assert (andi.check_in_code, andi.check_out_code, andi.late_minutes, andi.apel_missed) == (
        "TL1", "PSW4", 20, True)
    assert (andi.unit_id, andi.schedule_code, andi.work_date) == (
        days[ids[BUDI]].unit_id, "UMUM", MONDAY)
    assert days[ids[DEWI]].leave_id is not None
    assert days[ids[SARI]].early_minutes == 29
    # Fajar's 17:00 end closes at 21:00; his record comes then
    assert ids[FAJAR] not in days
    await run_day_job(bot, clock, monday(21, 0))
    fajar = (await records(db))[ids[FAJAR]]
    assert (fajar.status, fajar.code, fajar.schedule_code) == ("present", "H", "SIANG")
    # nobody is told anything by the close itself: records are facts, not messages
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.created_at >= monday(20, 0))) == 0

    before = (len(await marks(db)), len(await records(db)))
    await run_day_job(bot, clock, monday(22, 0))
    await run_day_job(bot, clock, wib(24, 0, 30))
    async with db.transaction() as s:
        assert await close_days(s, load_settings(_env_file=None), monday(23, 0)) == 0
    assert (len(await marks(db)), len(await records(db))) == before


async def test_a_leave_approved_before_or_after_the_close_gives_the_record_its_code(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    async with db.transaction() as s:
        s.add(LeaveRequest(employee_id=ids[CITRA], kind="CS", status="approved",
                           start_date=MONDAY, end_date=MONDAY, reason="Demam",
                           requested_at=monday(6, 30), decided_at=monday(7, 0)))
    await run_day_job(bot, clock, monday(20, 0))
    days = await records(db)
    assert (days[ids[CITRA]].status, days[ids[CITRA]].code) == ("leave", "CS")
    assert (days[ids[BUDI]].status, days[ids[BUDI]].code) == ("absent", "TK")
    assert not [m for m in await marks(db) if m.employee_id == ids[CITRA]]

    # Budi's CT is approved on Tuesday: his Monday follows it
    async with db.transaction() as s:
        leave = LeaveRequest(employee_id=ids[BUDI], kind="CT", status="approved",
                             start_date=MONDAY, end_date=MONDAY, reason="Keperluan keluarga",
                             requested_at=wib(24, 8), decided_at=wib(24, 9))
        s.add(leave)
        await s.flush()
        changed = await day_records.refresh(s, [(ids[BUDI], MONDAY)], wib(24, 9))
        assert [(r.status, r.code, r.leave_id) for r in changed] == [("leave", "CT", leave.id)]
    assert (await records(db))[ids[BUDI]].code == "CT"


async def test_a_permission_covering_the_start_excuses_the_late_check_in(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    async with db.transaction() as s:
        s.add(LeaveRequest(employee_id=ids[ANDI], kind="I", status="approved",
                           start_date=MONDAY, end_date=MONDAY, start_at=monday(7, 30),
                           end_at=monday(9, 30), reason="Mengantar anak ke rumah sakit",
                           requested_at=monday(6, 30)))
    await run_day_job(bot, clock, monday(7, 45))
    await run_day_job(bot, clock, monday(8, 30))
    assert not any("Belum presensi masuk" in t for t in bot.replies(ANDI))
    assert not any("Andi" in t for t in bot.replies(SARI))
    await check(bot, clock, "in", monday(9, 20), ANDI)
    await check(bot, clock, "out", monday(16, 3), ANDI)
    await run_day_job(bot, clock, monday(20, 0))
    assert not [m for m in await marks(db) if m.employee_id == ids[ANDI]]
    assert (await records(db))[ids[ANDI]].code == "H"


async def test_holidays_and_days_off_get_their_status_and_no_marks(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    async with db.transaction() as s:
        await factories.holiday(s, MONDAY, "Hari Jadi Kabupaten")
    await run_day_job(bot, clock, monday(6, 0))
    await check(bot, clock, "in", monday(8, 0), ANDI)  # worked on the holiday
    await run_day_job(bot, clock, monday(19, 59))
    assert await records(db) == {}
    await run_day_job(bot, clock, monday(21, 0))  # its periods' windows, as any Monday
    days = await records(db)
    assert {(r.status, r.code, r.holiday_name) for r in days.values()} == {
        ("holiday", None, "Hari Jadi Kabupaten")}
    assert len(days) == len(ids) and await marks(db) == []
    # Saturday and Sunday: off
    await run_day_job(bot, clock, wib(30, 0, 0))
    async with db.transaction() as s:
        weekend = list(await s.scalars(select(DayRecord).where(
            DayRecord.work_date.in_([date(2026, 11, 28), date(2026, 11, 29)]))))
    assert {r.status for r in weekend} == {"off"} and len(weekend) == 2 * len(ids)


async def test_days_missed_while_the_bot_was_down_are_all_closed_on_start(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    await run_day_job(bot, clock, monday(7, 0))
    await check(bot, clock, "in", monday(7, 20), ANDI)
    # down from Monday 07:21 to Thursday 09:00
    await run_day_job(bot, clock, wib(26, 9, 0))
    async with db.transaction() as s:
        closed = sorted(set(await s.scalars(select(DayRecord.work_date))))
        assert closed == [MONDAY, TUESDAY, date(2026, 11, 25)]
        andi = await s.scalar(select(DayRecord).where(DayRecord.employee_id == ids[ANDI],
                                                      DayRecord.work_date == MONDAY))
        assert andi is not None and andi.check_out_code == "PSW4"
    # reminders only for the day still running
    reminders = [t for t in bot.replies(BUDI) if "Belum presensi masuk" in t]
    assert len(reminders) == 1 and "Kamis, 26 November 2026" in reminders[0]


async def test_the_first_day_hadir_sees_is_the_first_it_judges(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    """Installed on a Wednesday: the days before are not turned into TK."""
    await seed(db, emulator)
    await run_day_job(bot, clock, wib(25, 10, 0))
    await run_day_job(bot, clock, wib(25, 20, 0))
    async with db.transaction() as s:
        assert set(await s.scalars(select(DayRecord.work_date))) == {date(2026, 11, 25)}


# --- a fixed number of queries, whatever the head count --------------------------------


async def _org(session: Any, size: int) -> None:
    await factories.schedule(session)
    office = await factories.office(session)
    unit = await factories.unit(session, office)
    boss = await factories.employee(session, unit, "197001011995031001", "Kepala",
                                    role="head", telegram_id=7000)
    unit.head_id = boss.id
    for n in range(size):
        person = await factories.employee(session, unit, f"19900101201503{n:04d}",
                                          f"Staf {n}", supervisor=boss, telegram_id=7100 + n)
        if n % 2:  # half checked in late, none out
            at = monday(7, 40)
            session.add(AttendanceEvent(
                employee_id=person.id, kind="in", occurred_at=at, work_date=MONDAY,
                office_id=office.id, distance_m=5.0, day_type="workday", minutes_off=10,
                code="TL1", scheduled_at=monday(7, 30), chat_id=7100 + n, message_id=1,
                recorded_at=at))
    await session.flush()


async def test_every_scan_reads_the_same_for_two_people_as_for_six(db: Any) -> None:
    settings = load_settings(_env_file=None)
    scans = [(close_days, monday(6, 0)), (scan_check_in_reminders, monday(7, 45)),
             (scan_no_shows, monday(8, 30)), (scan_check_out_reminders, monday(16, 30)),
             (close_days, monday(20, 0)), (close_days, monday(20, 1))]
    counts: list[list[int]] = []
    for size in (2, 6):
        async with db.transaction() as s:
            await _org(s, size)
            found = []
            for scan, at in scans:
                with counted(db) as statements:
                    written = await scan(s, settings, at)
                found.append(len(statements))
                assert written or scan is close_days, (scan.__name__, at)
            with counted(db) as statements:  # the sender settling the due reminders
                await settle_due(s, now=monday(16, 31), default_language="id")
            found.append(len(statements))
            assert await s.scalar(select(func.count()).select_from(DayRecord)) == size + 1
            assert await s.scalar(select(func.count()).select_from(AttendanceMark)) > size
            counts.append(found)
            await s.rollback()
    assert counts[0] == counts[1], counts


def test_close_moments_follow_the_schedule_and_zone() -> None:
    from bot.services.day_close import closes_at
    from bot.services.day_windows import Group

    settings = load_settings(_env_file=None)
    group = Group("MALAM", "Asia/Makassar")
    from bot.rules.schedule import work_period
    from bot.services.employees import Rule

    night = [Rule(1, time(22, 0), time(6, 0), None, None)]
    period = work_period(night, MONDAY, group.zone)
    assert period is not None
    # a night shift belongs to the date it starts: Monday's closes Tuesday 10:00 WITA
    assert closes_at(group, MONDAY, period, settings) == datetime.combine(
        TUESDAY, time(10, 0), group.zone)
    assert closes_at(group, TUESDAY, None, settings) == datetime.combine(
        TUESDAY + timedelta(days=1), time(0), group.zone)


# --- the rules, directly ---------------------------------------------------------------


def _person(id_: int = 1, supervisor: int | None = None, unit: int = 1) -> Any:
    from bot.services.workday import Person, Place

    place = Place(1, "SETDA", "Sekretariat Daerah", -2.8772, 103.8455, 150.0, "Asia/Jakarta")
    return Person(id_, f"19900101201503{id_:04d}", f"Staf {id_}", unit, "staff", supervisor,
                  "UMUM", None, (place,), 7000 + id_)


def _day(start: time, end: time, *, check_in: int | None = None, check_out: int | None = None,
         code_in: str | None = None, leaves: tuple[Any, ...] = (), day: date = MONDAY) -> Any:
    from bot.rules.schedule import WorkPeriod
    from bot.services.workday import Check, PersonDay

    tz = WIB
    end_day = day if end > start else day + timedelta(days=1)
    period = WorkPeriod(day, datetime.combine(day, start, tz), datetime.combine(end_day, end, tz))
    checks = {}
    if check_in is not None:
        checks["in"] = Check(1, "in", period.start + timedelta(minutes=check_in), code_in,
                             max(check_in, 0), 1, 1, 1)
    if check_out is not None:
        checks["out"] = Check(2, "out", period.end + timedelta(minutes=check_out), None, 0, 1, 1, 2)
    return PersonDay(_person(), day, period, None, False, leaves, checks)


def test_judge_a_night_shift_has_no_apel_and_a_dl_no_marks() -> None:
    from bot.rules.leave import LeaveSpan
    from bot.services.day_close import judge

    settings = load_settings(_env_file=None)
    night = _day(time(22, 0), time(6, 0), check_in=40, code_in="TL2", check_out=0)
    assert [(d.kind, d.code) for d in judge(night, settings)] == [("late", "TL2")]
    day = _day(time(7, 30), time(16, 0), check_in=40, code_in="TL2")
    assert [(d.kind, d.code) for d in judge(day, settings)] == [
        ("late", "TL2"), ("apel_missed", None), ("no_check_out", "PSW4")]
    dl = LeaveSpan(9, 1, "DL", MONDAY, MONDAY)
    assert judge(_day(time(7, 30), time(16, 0), leaves=(dl,)), settings) == []
    fwa = LeaveSpan(10, 1, "FWA", MONDAY, MONDAY, latitude=-2.9, longitude=103.8)
    assert judge(_day(time(7, 30), time(16, 0), leaves=(fwa,)), settings) == []
    other = load_settings(_env_file=None, missing_check_out_code="PSW3", apel_weekdays="2")
    assert [(d.kind, d.code) for d in judge(day, other)] == [("late", "TL2"),
                                                            ("no_check_out", "PSW3")]


def test_the_manager_is_the_supervisor_else_the_nearest_unit_head() -> None:
    from bot.services.day_alerts import manager_of

    boss, head, parent_head = _person(2), _person(3, unit=1), _person(4, unit=2)
    people = {p.id: p for p in (boss, head, parent_head)}
    units = {1: (3, 2), 2: (4, None)}
    assert manager_of(_person(1, supervisor=2), people, units) == boss
    assert manager_of(_person(1), people, units) == head
    assert manager_of(_person(1, supervisor=99), people, units) == head  # no longer active
    assert manager_of(head, people, units) == parent_head  # a head: the unit above's
    assert manager_of(parent_head, people, units) is None
