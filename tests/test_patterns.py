"""Chronic lateness and unexcused absence (PP 94/2021) read from closed days,
on SQLite and PostgreSQL, told through the outbox of the real Application.

The day close is another job: these tests write its rows (DayRecord and
AttendanceMark) directly, then run the scans at chosen moments.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from bot.callbacks import ExcuseCB
from bot.services.patterns import scan_chronic_lateness, scan_unexcused_absence
from db.models_day import Alert, AttendanceMark, DayRecord
from tests.pattern_seed import (
    AHMAD,
    ANDI,
    DEWI,
    RIZKI,
    SRI,
    close_day,
    outbox,
    rows,
    run_scan,
    seed_org,
    wib,
)

NOV = {n: date(2026, 11, n) for n in range(1, 31)}


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    return await seed_org(db, emulator)


def texts(bot: Any, chat: int) -> list[str]:
    return bot.replies(chat)


async def lateness(bot: Any, db: Any, clock: Any, at: Any) -> int:
    settings = bot.app.bot_data["deps"].settings
    queued = await run_scan(db, clock, settings, scan_chronic_lateness, at)
    await bot.deliver()
    return queued


async def absence(bot: Any, db: Any, clock: Any, at: Any) -> int:
    settings = bot.app.bot_data["deps"].settings
    queued = await run_scan(db, clock, settings, scan_unexcused_absence, at)
    await bot.deliver()
    return queued


# --- chronic lateness -------------------------------------------------------------


async def test_three_late_days_in_ten_working_days_tell_the_supervisor_once(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    dewi = org["dewi"]
    mon = (await close_day(db, dewi, NOV[23], late=18))[0]
    await close_day(db, dewi, NOV[24])
    wed = (await close_day(db, dewi, NOV[25], late=5))[0]
    assert await lateness(bot, db, clock, wib(2026, 11, 25, 20)) == 0
    await close_day(db, dewi, NOV[26])
    fri = (await close_day(db, dewi, NOV[27], late=40))[0]
    assert await lateness(bot, db, clock, wib(2026, 11, 27, 20)) == 1

    [alert] = texts(bot, RIZKI)
    assert alert.startswith("⚠️ Sering terlambat: Dewi Anggraini (199107242015032002)\n"
                            "3 hari terlambat dalam 10 hari kerja terakhir:\n")
    assert ("• Senin, 23 November 2026 07:48 WIB, 18 menit (TL1)\n"
            "• Rabu, 25 November 2026 07:35 WIB, 5 menit (TL1)\n"
            "• Jumat, 27 November 2026 08:10 WIB, 40 menit (TL2)\n"
            "Jumlah: 63 menit.") in alert
    assert "Hadir tidak menjatuhkan sanksi; keputusan ada pada atasan." in alert
    assert bot.emu.buttons(bot.emu.sent_messages(RIZKI)[-1]) == [
        [("✅ Dispensasi 23/11 TL1", ExcuseCB(mon).pack()),
         ("✅ Dispensasi 25/11 TL1", ExcuseCB(wed).pack())],
        [("✅ Dispensasi 27/11 TL2", ExcuseCB(fri).pack())]]
    assert texts(bot, AHMAD) == texts(bot, DEWI) == []

    assert await lateness(bot, db, clock, wib(2026, 11, 27, 20, 1)) == 0  # run twice
    assert await lateness(bot, db, clock, wib(2026, 11, 30, 8)) == 0  # a restart
    [row] = await rows(db, Alert)
    assert (row.key, row.kind, row.work_date) == (
        f"late-streak:{dewi}:2026-11-23", "late_streak", NOV[27])
    assert row.facts["marks"] == [mon, wed, fri]
    assert len(texts(bot, RIZKI)) == 1


async def test_an_excused_late_day_does_not_count(bot: Any, db: Any, clock: Any,
                                                  org: dict[str, int]) -> None:
    dewi = org["dewi"]
    await close_day(db, dewi, NOV[23], late=18)
    await close_day(db, dewi, NOV[24], late=50, excused=True)
    await close_day(db, dewi, NOV[25], late=5)
    assert await lateness(bot, db, clock, wib(2026, 11, 25, 20)) == 0
    await close_day(db, dewi, NOV[26], late=12)
    assert await lateness(bot, db, clock, wib(2026, 11, 26, 20)) == 1
    [alert] = texts(bot, RIZKI)
    assert "Selasa, 24 November" not in alert
    assert "Kamis, 26 November 2026 07:42 WIB, 12 menit (TL1)" in alert


async def test_a_second_streak_within_the_next_window_goes_to_the_unit_head(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    dewi = org["dewi"]
    for day in (NOV[23], NOV[24], NOV[25]):
        await close_day(db, dewi, day, late=10)
    assert await lateness(bot, db, clock, wib(2026, 11, 25, 20)) == 1
    for day in (NOV[30], date(2026, 12, 1), date(2026, 12, 2)):
        await close_day(db, dewi, day, late=20)
    assert await lateness(bot, db, clock, wib(2026, 12, 2, 20)) == 2  # supervisor and head

    [head] = texts(bot, AHMAD)
    assert head.startswith("⚠️ Terlambat berulang: Dewi Anggraini")
    assert ("Pola kedua dalam 10 hari kerja setelah pola sebelumnya (Senin, 23 November 2026, "
            "Selasa, 24 November 2026, Rabu, 25 November 2026); atasan langsung: "
            "Rizki Pratama.") in head
    assert "• Rabu, 2 Desember 2026 07:50 WIB, 20 menit (TL1)" in head
    assert [t.split("\n")[0] for t in texts(bot, RIZKI)] == [
        "⚠️ Sering terlambat: Dewi Anggraini (199107242015032002)",
        "⚠️ Terlambat berulang: Dewi Anggraini (199107242015032002)"]

    # more than ten working days after that streak ended: the supervisor only again
    for day in (date(2026, 12, 17), date(2026, 12, 18), date(2026, 12, 21)):
        await close_day(db, dewi, day, late=7)
    assert await lateness(bot, db, clock, wib(2026, 12, 21, 20)) == 1
    assert len(texts(bot, AHMAD)) == 1
    assert texts(bot, RIZKI)[-1].startswith("⚠️ Sering terlambat: Dewi Anggraini")


async def test_450_minutes_in_a_month_tell_the_supervisor_once(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    andi = org["andi"]
    for n in (2, 5, 10, 16):  # early leave only: no late streak
        await close_day(db, andi, NOV[n], early=100)
    assert await lateness(bot, db, clock, wib(2026, 11, 16, 20)) == 0  # 400 minutes
    await close_day(db, andi, NOV[19], early=35, late=20)
    assert await lateness(bot, db, clock, wib(2026, 11, 19, 20)) == 1
    [alert] = texts(bot, RIZKI)
    assert alert.startswith("⚠️ Akumulasi terlambat dan pulang cepat: Andi Saputra")
    assert "TL+PSW November 2026: 455 menit (batas 450 menit):" in alert
    assert "• Senin, 2 November 2026 14:20 WIB, 100 menit (PSW4)" in alert
    assert "• Kamis, 19 November 2026 07:50 WIB, 20 menit (TL1)" in alert
    assert "• Kamis, 19 November 2026 15:25 WIB, 35 menit (PSW2)" in alert
    await close_day(db, andi, NOV[20], early=60)
    assert await lateness(bot, db, clock, wib(2026, 11, 20, 20)) == 0  # once a month


async def test_a_queued_alert_whose_marks_no_longer_count_is_not_sent(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    dewi = org["dewi"]
    ids = [(await close_day(db, dewi, day, late=15))[0] for day in (NOV[23], NOV[24], NOV[25])]
    settings = bot.app.bot_data["deps"].settings
    assert await run_scan(db, clock, settings, scan_chronic_lateness, wib(2026, 11, 25, 20)) == 1
    async with db.transaction() as s:  # excused before the alert went out
        await s.execute(update(AttendanceMark).where(AttendanceMark.id == ids[1])
                        .values(excused_at=clock.now(), excuse_reason="tugas luar"))
    await bot.deliver()
    assert texts(bot, RIZKI) == []
    [row] = await outbox(db)
    assert row.status == "cancelled"


# --- unexcused absence, PP 94/2021 -----------------------------------------------


async def test_tk_bands_three_and_four_tell_supervisor_and_head_once_each(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    dewi = org["dewi"]
    for n in (2, 3):
        await close_day(db, dewi, NOV[n], absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 3, 20)) == 0
    await close_day(db, dewi, NOV[4], absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 4, 20)) == 2
    for chat in (RIZKI, AHMAD):
        [alert] = texts(bot, chat)
        assert alert.startswith("🚨 Tidak masuk tanpa keterangan: Dewi Anggraini")
        assert "3 hari TK pada tahun 2026. PP 94/2021, 3 hari: teguran lisan." in alert
        assert ("• Senin, 2 November 2026 (TK)\n• Selasa, 3 November 2026 (TK)\n"
                "• Rabu, 4 November 2026 (TK)") in alert
        assert "Ini pengingat untuk meninjau, bukan sanksi." in alert
        assert "Hadir tidak menjatuhkan sanksi; keputusan ada pada atasan." in alert
    assert await absence(bot, db, clock, wib(2026, 11, 5, 8)) == 0

    fourth = (await close_day(db, dewi, NOV[5], absent=True))[0]
    assert await absence(bot, db, clock, wib(2026, 11, 5, 20)) == 2
    for chat in (RIZKI, AHMAD):
        assert len(texts(bot, chat)) == 2
        assert "4 hari TK pada tahun 2026. PP 94/2021, 4–6 hari: teguran tertulis." in (
            texts(bot, chat)[-1])
    assert texts(bot, DEWI) == [] and texts(bot, SRI) == []

    # a leave approved later clears a TK day: the count drops to 3; a new TK day
    # reaches 4 again, and nobody is told band 4 twice in one year
    async with db.transaction() as s:
        await s.execute(update(AttendanceMark).where(AttendanceMark.id == fourth)
                        .values(excused_at=clock.now(), excuse_reason="sakit, surat dokter"))
    await close_day(db, dewi, NOV[9], absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 9, 20)) == 0
    assert [a.key for a in await rows(db, Alert)] == [f"pp94:{dewi}:2026:3",
                                                      f"pp94:{dewi}:2026:4"]


async def test_ten_consecutive_working_days_of_tk(bot: Any, db: Any, clock: Any,
                                                  org: dict[str, int]) -> None:
    andi = org["andi"]
    days = [NOV[1] + timedelta(days=n) for n in range(1, 13) if (NOV[1] + timedelta(
        days=n)).isoweekday() < 6]  # Mon 2 .. Fri 13 November: ten working days
    assert len(days) == 10
    for day in days[:9]:
        await close_day(db, andi, day, absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 12, 20)) == 2  # band 7 (3, 4 passed)
    assert "(Batas 3, 4 hari juga terlewati.)" in texts(bot, RIZKI)[-1]
    await close_day(db, andi, days[9], absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 13, 20)) == 2  # the run
    for chat in (RIZKI, AHMAD):
        run = texts(bot, chat)[-1]
        assert run.startswith("🚨 10 hari kerja berturut-turut tanpa keterangan: Andi Saputra")
        assert ("PP 94/2021, 10 hari kerja berturut-turut: pemberhentian dengan hormat tidak "
                "atas permintaan sendiri sebagai PNS.") in run
        assert "• Senin, 2 November 2026 (TK)" in run and "• Jumat, 13 November 2026 (TK)" in run
        assert "bukan sanksi" in run
    # the run goes on: the same run, told once (the 11th day is a band of its own)
    await close_day(db, andi, NOV[16], absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 16, 20)) == 2
    assert "11 hari TK pada tahun 2026. PP 94/2021, 11–13 hari: pemotongan tukin 25% selama " \
        "6 bulan." in texts(bot, AHMAD)[-1]
    assert [a.kind for a in await rows(db, Alert)].count("absence_run") == 1


async def test_a_day_not_closed_or_with_leave_is_not_judged(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    dewi = org["dewi"]
    for n in (2, 3):
        await close_day(db, dewi, NOV[n], absent=True)
    async with db.transaction() as s:  # a TK mark of a day whose record is not written yet
        s.add(AttendanceMark(key="absent:x", employee_id=dewi, work_date=NOV[4], kind="absent",
                             code="TK", at=clock.now(), facts={}, created_at=clock.now()))
    assert await absence(bot, db, clock, wib(2026, 11, 4, 20)) == 0
    assert [r.status for r in await rows(db, DayRecord)] == ["absent", "absent"]


# --- a fixed number of queries ----------------------------------------------------


@pytest.mark.parametrize("scan", [scan_chronic_lateness, scan_unexcused_absence])
async def test_each_scan_reads_the_same_for_two_people_as_for_six(
        db: Any, clock: Any, scan: Any) -> None:
    from bot.config import load_settings
    from tests import factories
    from tests.queries import counted

    settings = load_settings(_env_file=None)
    reads = []
    for size in (2, 6):
        async with db.transaction() as s:
            office = await factories.office(s, code=f"O{size}")
            if size == 2:
                await factories.schedule(s)
            unit = await factories.unit(s, office, code=f"U{size}")
            boss = await factories.employee(s, unit, f"1970{size:014d}", "Kepala",
                                            role="head", telegram_id=70 + size)
            unit.head_id = boss.id
            staff = [await factories.employee(s, unit, f"1990{size:02d}{n:012d}", f"Staf {n}",
                                              supervisor=boss, telegram_id=900 + 10 * size + n)
                     for n in range(size)]
        for person in staff:  # a late streak, 495 TL+PSW minutes, and 3 TK days
            for day in (NOV[23], NOV[24], NOV[25]):
                await close_day(db, person.id, day, late=95, early=70)
            for day in (NOV[16], NOV[17], NOV[18]):
                await close_day(db, person.id, day, absent=True)
        async with db.transaction() as s:
            with counted(db) as statements:
                queued = await scan(s, settings, wib(2026, 11, 25, 20))
            assert queued >= size
            reads.append([q for q in statements if not q.lstrip().upper().startswith("INSERT")])
            await s.rollback()  # nothing told: the next size finds both groups
    assert len(reads[0]) == len(reads[1]), (len(reads[0]), len(reads[1]))


async def test_the_jobs_are_scheduled_and_run_on_the_real_application(
        make_harness: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    harness = await make_harness(alert_scan_interval_s=120)
    jobs = {j.name: j for j in harness.app.job_queue.jobs() if j.name.startswith("patterns_")}
    assert set(jobs) == {"patterns_chronic_lateness", "patterns_unexcused_absence",
                         "patterns_overdue_tasks"}
    assert all(j.job.trigger.interval == timedelta(seconds=120) for j in jobs.values())
    for day in (NOV[23], NOV[24], NOV[25]):
        await close_day(db, org["dewi"], day, late=10)
    clock.set(wib(2026, 11, 25, 20))
    await jobs["patterns_chronic_lateness"].run(harness.app)
    await jobs["patterns_chronic_lateness"].run(harness.app)
    await harness.deliver()
    assert len(harness.replies(RIZKI)) == 1 and harness.replies(ANDI) == []


async def test_ids_go_in_one_parameter_however_many(db: Any, org: dict[str, int]) -> None:
    """A first scan over 50,000 people may name more ids than a statement may
    have parameters (32,767 for asyncpg and SQLite)."""
    from sqlalchemy import select

    from bot.services.pattern_base import among
    from db.models import Employee

    async with db.transaction() as s:
        found = await s.scalars(select(Employee.name).where(
            among(s, Employee.id, [org["dewi"], *range(10**6, 10**6 + 40_000)])))
        assert list(found) == ["Dewi Anggraini"]


async def test_a_backlog_is_told_a_batch_per_run(bot: Any, db: Any, clock: Any,
                                                 org: dict[str, int], monkeypatch: Any) -> None:
    """Months of history on the first run: each run tells a bounded batch, the
    next run goes on, and nobody is told twice."""
    import bot.services.absence as absence_scan

    monkeypatch.setattr(absence_scan, "ALERTS_PER_RUN", 2)
    for person in ("dewi", "andi", "yudi"):
        for n in (2, 3, 4):
            await close_day(db, org[person], NOV[n], absent=True)
    assert await absence(bot, db, clock, wib(2026, 11, 4, 20)) == 4  # 2 people, 2 each
    assert await absence(bot, db, clock, wib(2026, 11, 4, 20, 1)) == 1  # Yudi: Sri only
    assert await absence(bot, db, clock, wib(2026, 11, 4, 20, 2)) == 0
    assert len(texts(bot, RIZKI)) == len(texts(bot, AHMAD)) == 2
    assert len(texts(bot, SRI)) == 1
