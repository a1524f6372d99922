"""/status grows: after today's record, my month (a code per day, the totals,
my tasks' on-time rate), the year's on-time rate and my annual-leave balance —
the same month block the team board's names open, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from db.models import Employee
from tests.day_org import ANDI, SARI, check, monday, run_day_job, seed, wib
from tests.person_month_seed import ANDIS_MONTH, seed_month


async def test_status_shows_my_month_my_tasks_on_time_and_my_leave_balance(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    await seed_month(db, people[ANDI], people[SARI])
    await check(bot, clock, "in", monday(7, 20), ANDI)
    clock.set(monday(10, 0))
    [reply] = await bot.text(ANDI, "/status")
    today, month = reply["text"].split("\n\n📅 ")
    assert today == (
        "Presensi Andi Pratama\n\nHari ini, Senin, 23 November 2026:\n"
        "Jadwal hari ini: 07:30 WIB–16:00 WIB\n• Masuk: 07:20 WIB\n• Pulang: belum")
    assert "📅 " + month == (
        f"{ANDIS_MONTH}\n"
        "Tahun 2026: 2 dari 3 tugas selesai tepat waktu (67%)\n"
        "Sisa cuti tahunan 2026: 17 hari kerja (hak 12 + sisa tahun lalu 6; terpakai 1, "
        "menunggu persetujuan 0).")
    assert bot.errors == []


async def test_status_in_english_for_an_english_user(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    await seed_month(db, people[ANDI], people[SARI])
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.id == people[ANDI])
                        .values(language="en"))
    clock.set(monday(10, 0))
    [reply] = await bot.text(ANDI, "/status")
    assert reply["text"].split("\n\n📅 ")[1] == (
        "November 2026\n"
        "Mon 2 TL1 · Tue 3 H · Wed 4 TK · Thu 5 PSW1 · Fri 6 CT · Sat 7 – · Sun 8 –\n"
        "Mon 9 H · Tue 10 holiday · Wed 11 H · Thu 12 H · Fri 13 H · Sat 14 – · Sun 15 –\n"
        "Mon 16 H · Tue 17 H · Wed 18 ? · Thu 19 H · Fri 20 H · Sat 21 – · Sun 22 –\n"
        "Working days 13: present 11 (on time 10), TK 1\n"
        "TL 1× (10 min) · PSW 1× (20 min)\n"
        "Leave/travel: CT 1\n"
        "Tasks this month: 1 of 2 done on time (50%) · 1 open (1 overdue)\n"
        "2026: 2 of 3 tasks done on time (67%)\n"
        "Annual leave left in 2026: 17 working days (12 + 6 carried over; used 1, awaiting "
        "approval 0).")
    assert bot.errors == []


async def test_a_day_closed_by_the_day_job_appears_the_next_morning(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    """Monday as the day close judges it: Andi in 20 minutes late and never out
    (TL1 and PSW4), Dewi on DL; on Tuesday both months show it, and Tuesday
    itself (not closed yet) is not in the grid."""
    await seed(db, emulator)
    await run_day_job(bot, clock, monday(6, 0))  # Hadir watches Monday from the morning
    await check(bot, clock, "in", monday(7, 50), ANDI)
    await run_day_job(bot, clock, monday(21, 0))  # every Monday window has closed
    clock.set(wib(24, 8, 0))
    [reply] = await bot.text(ANDI, "/status")
    assert reply["text"].split("\n\n📅 ")[1].split("\n")[:4] == [
        "Bulan November 2026", "Sen 23 TL1/PSW4",
        "Hari kerja 1: hadir 1 (tepat waktu 0), TK 0",
        "TL 1× (20 mnt) · PSW 1× (0 mnt)"]
    [board] = await bot.text(SARI, "/tim")
    assert "• Dewi Anggraini — DL\n" in board["text"]  # her DL ends today
    dewi = dict(b for row in bot.emu.buttons(board) for b in row)["Dewi Anggraini"]
    [month] = await bot.press(SARI, board["message_id"], dewi)
    assert month["text"].split("\n")[3:] == [
        "📅 Bulan November 2026", "Sen 23 DL", "Hari kerja 1: hadir 0 (tepat waktu 0), TK 0",
        "TL 0× (0 mnt) · PSW 0× (0 mnt)", "Cuti/DL: DL 1",
        "Tugas bulan ini: belum ada yang selesai"]
    assert bot.errors == []
