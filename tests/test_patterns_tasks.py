"""Overdue tasks on SQLite and PostgreSQL: the deadline passed (assignee and
supervisor told once), the morning digest at each supervisor's local 08:00,
the escalation to the unit head after working days, stalled tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.callbacks import TaskCB
from bot.services.patterns import scan_overdue_tasks
from db.models import Task
from db.models_day import JobWindow
from tests.pattern_seed import (
    AHMAD,
    ANDI,
    DEWI,
    RIZKI,
    SRI,
    YUDI,
    add_task,
    outbox,
    run_scan,
    seed_org,
    wib,
    wita,
)


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    return await seed_org(db, emulator)


async def overdue(bot: Any, db: Any, clock: Any, at: Any) -> int:
    settings = bot.app.bot_data["deps"].settings
    queued = await run_scan(db, clock, settings, scan_overdue_tasks, at)
    await bot.deliver()
    return queued


def digests(bot: Any, chat: int) -> list[str]:
    return [t for t in bot.replies(chat) if t.startswith("📋")]


async def test_the_assignee_and_the_supervisor_are_told_once_when_the_deadline_passes(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    task = await add_task(db, org["dewi"], org["rizki"], deadline=wib(2026, 11, 24, 10),
                          given_at=wib(2026, 11, 20, 9))
    assert await overdue(bot, db, clock, wib(2026, 11, 24, 10)) == 0  # due now, not passed
    assert await overdue(bot, db, clock, wib(2026, 11, 24, 10, 1)) == 2
    [mine] = bot.replies(DEWI)
    assert mine == ("⏰ Tugas terlambat\nRekap SPJ November\n\n"
                    "Tenggat: Selasa, 24 November 2026 10:00 WIB (terlambat 1 menit).\n"
                    "Laporkan hasilnya, atau ajukan perpanjangan bila perlu waktu lagi.")
    [theirs] = bot.replies(RIZKI)
    assert theirs.startswith("⏰ Tugas terlambat: Dewi Anggraini\nRekap SPJ November\n\n"
                             "Tenggat: Selasa, 24 November 2026 10:00 WIB (terlambat 1 menit)")
    for chat in (DEWI, RIZKI):
        assert bot.emu.buttons(bot.emu.sent_messages(chat)[-1]) == [
            [("Buka tugas", TaskCB("open", task).pack())]]
    assert await overdue(bot, db, clock, wib(2026, 11, 24, 10, 2)) == 0
    assert await overdue(bot, db, clock, wib(2026, 11, 24, 13)) == 0  # a restart
    assert len(bot.replies(DEWI)) == len(bot.replies(RIZKI)) == 1
    assert bot.replies(AHMAD) == []

    # an approved extension makes a new deadline, which may pass in its turn
    async with db.transaction() as s:
        await s.execute(update(Task).where(Task.id == task).values(
            deadline=wib(2026, 11, 25, 16), deadline_set_at=wib(2026, 11, 24, 14)))
    # not passed yet; the day's first look finds it stalled for Rizki's digest
    assert await overdue(bot, db, clock, wib(2026, 11, 25, 15)) == 1
    assert "Tenggat dekat, belum ada laporan kemajuan (1)" in digests(bot, RIZKI)[-1]
    # at the end of the working day: told at the start of the next one
    assert await overdue(bot, db, clock, wib(2026, 11, 25, 16, 1)) == 0
    assert await overdue(bot, db, clock, wib(2026, 11, 26, 7, 30)) == 2
    assert "Rabu, 25 November 2026 16:00 WIB (terlambat 16 jam)" in bot.replies(DEWI)[-1]


async def test_a_deadline_at_night_is_told_in_working_time_and_not_if_done_meanwhile(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    late = await add_task(db, org["dewi"], org["rizki"], deadline=wib(2026, 11, 24, 16),
                          given_at=wib(2026, 11, 20, 9))
    await add_task(db, org["andi"], org["rizki"], deadline=wib(2026, 11, 24, 16),
                   given_at=wib(2026, 11, 20, 9), title="Notulen rapat")
    assert await overdue(bot, db, clock, wib(2026, 11, 24, 20)) == 0  # evening: waits
    clock.set(wib(2026, 11, 25, 7, 30))
    settings = bot.app.bot_data["deps"].settings
    assert await run_scan(db, clock, settings, scan_overdue_tasks, clock.now()) == 4
    async with db.transaction() as s:  # reported done before the messages went out
        await s.execute(update(Task).where(Task.id == late).values(
            status="awaiting_verification"))
    await bot.deliver()
    assert bot.replies(DEWI) == []
    assert [t.split("\n")[0] for t in bot.replies(RIZKI)] == ["⏰ Tugas terlambat: Andi Saputra"]
    assert bot.replies(ANDI)[0].startswith("⏰ Tugas terlambat\nNotulen rapat")
    assert sorted(r.status for r in await outbox(db)) == ["cancelled", "cancelled", "sent",
                                                          "sent"]


async def test_the_digest_comes_at_0800_local_time_of_each_supervisor(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    # given long ago: only the digest is about them now (no deadline notices)
    await add_task(db, org["dewi"], org["rizki"], deadline=wib(2026, 10, 9, 16),
                   given_at=wib(2026, 10, 1, 9), title="Laporan kinerja triwulan")
    await add_task(db, org["yudi"], org["sri"], deadline=wita(2026, 10, 9, 16),
                   given_at=wita(2026, 10, 1, 9), title="Inventaris barang")
    assert await overdue(bot, db, clock, wita(2026, 11, 23, 7, 59)) == 0
    assert await overdue(bot, db, clock, wita(2026, 11, 23, 8)) == 1  # 07:00 WIB
    [digest] = digests(bot, SRI)
    assert digest == ("📋 Tugas tim yang perlu perhatian\nSenin, 23 November 2026\n\n"
                      "Terlambat (1)\n1. Yudi Hartono — Inventaris barang\n"
                      "     tenggat Jumat, 9 Oktober 2026 16:00 WITA (terlambat 45 hari)")
    assert digests(bot, RIZKI) == []
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 7, 59)) == 0
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 8)) == 1
    [digest] = digests(bot, RIZKI)
    assert "1. Dewi Anggraini — Laporan kinerja triwulan" in digest
    assert "Jumat, 9 Oktober 2026 16:00 WIB" in digest
    assert bot.emu.buttons(bot.emu.sent_messages(RIZKI)[-1]) == [
        [("1", TaskCB("open", 1).pack())]]
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 9)) == 0  # once a day
    # nothing overdue nor stalled: no digest (a head who gave nothing, staff)
    for chat in (AHMAD, ANDI, DEWI, YUDI):
        assert digests(bot, chat) == []

    # Saturday is no working day; after an outage from Friday to Tuesday 11:00
    # only Tuesday's digest goes, once
    assert await overdue(bot, db, clock, wib(2026, 11, 28, 8)) == 0
    assert await overdue(bot, db, clock, wib(2026, 12, 1, 11)) == 2
    assert len(digests(bot, RIZKI)) == len(digests(bot, SRI)) == 2
    assert digests(bot, RIZKI)[-1].startswith(
        "📋 Tugas tim yang perlu perhatian\nSelasa, 1 Desember 2026")
    async with db.transaction() as s:
        windows = list(await s.scalars(select(JobWindow)))
    assert sorted((w.scope, str(w.work_date)) for w in windows) == [
        (str(org["rizki"]), "2026-11-23"), (str(org["rizki"]), "2026-12-01"),
        (str(org["sri"]), "2026-11-23"), (str(org["sri"]), "2026-12-01")]
    # after the working period no digest is sent late
    await add_task(db, org["andi"], org["ahmad"], deadline=wib(2026, 10, 9, 16),
                   given_at=wib(2026, 10, 1, 9), title="Arsip surat")
    assert await overdue(bot, db, clock, wib(2026, 12, 1, 16, 30)) == 0
    assert digests(bot, AHMAD) == []


async def test_overdue_three_working_days_goes_to_the_unit_head_once(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    task = await add_task(db, org["dewi"], org["rizki"], deadline=wib(2026, 11, 26, 16),
                          given_at=wib(2026, 11, 23, 9))  # Thursday
    assert await overdue(bot, db, clock, wib(2026, 11, 27, 7, 30)) == 2  # the deadline passed
    # Friday (1), Monday (2), Tuesday (3): the weekend does not count
    assert await overdue(bot, db, clock, wib(2026, 11, 30, 16)) == 0
    assert await overdue(bot, db, clock, wib(2026, 12, 1, 15, 59)) == 1  # Rizki's digest
    assert bot.replies(AHMAD) == []
    assert await overdue(bot, db, clock, wib(2026, 12, 1, 16)) == 1
    [head] = bot.replies(AHMAD)
    assert head.startswith("⏫ Tugas terlambat 3 hari kerja: Dewi Anggraini\n"
                           "Rekap SPJ November\nPemberi tugas: Rizki Pratama\n\n"
                           "Tenggat: Kamis, 26 November 2026 16:00 WIB (terlambat 5 hari)")
    assert bot.emu.buttons(bot.emu.sent_messages(AHMAD)[-1]) == [
        [("Buka tugas", TaskCB("open", task).pack())]]
    await overdue(bot, db, clock, wib(2026, 12, 2, 8, 30))
    assert len(bot.replies(AHMAD)) == 1

    # the head opens the task from the message: its card, as a manager sees it
    await bot.press(AHMAD, bot.emu.sent_messages(AHMAD)[-1]["message_id"],
                    TaskCB("open", task).pack())
    assert bot.replies(AHMAD)[-1].startswith("📋 Rekap SPJ November")


async def test_a_stalled_task_near_its_deadline_is_named_in_the_digest(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    # created Monday 16th, no report since; deadline Wednesday 25th: stalled on the 23rd
    await add_task(db, org["dewi"], org["rizki"], deadline=wib(2026, 11, 25, 16),
                   given_at=wib(2026, 11, 16, 9), title="Telaah staf")
    # a report on Friday: moving; a deadline far away: not near
    await add_task(db, org["andi"], org["rizki"], deadline=wib(2026, 11, 25, 16),
                   given_at=wib(2026, 11, 16, 9), title="Notulen",
                   reports=(wib(2026, 11, 20, 14),))
    await add_task(db, org["andi"], org["rizki"], deadline=wib(2026, 12, 10, 16),
                   given_at=wib(2026, 11, 2, 9), title="Renstra")
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 8)) == 1
    [digest] = digests(bot, RIZKI)
    assert digest == (
        "📋 Tugas tim yang perlu perhatian\nSenin, 23 November 2026\n\n"
        "Tenggat dekat, belum ada laporan kemajuan (1)\n1. Dewi Anggraini — Telaah staf\n"
        "     tenggat Rabu, 25 November 2026 16:00 WIB; laporan terakhir "
        "Senin, 16 November 2026 09:00 WIB")


async def test_the_overdue_scan_reads_the_same_for_two_people_as_for_six(
        db: Any, clock: Any) -> None:
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
            head = await factories.employee(s, unit, f"1970{size:014d}", "Kepala",
                                            role="head", telegram_id=70 + size)
            unit.head_id = head.id
            boss = await factories.employee(s, unit, f"1980{size:014d}", "Kasubag",
                                            role="supervisor", supervisor=head,
                                            telegram_id=80 + size)
            staff = [await factories.employee(s, unit, f"1990{size:02d}{n:012d}", f"Staf {n}",
                                              supervisor=boss, telegram_id=900 + 10 * size + n)
                     for n in range(size)]
        for person in staff:  # overdue, escalated, stalled: every kind of message
            for deadline in (wib(2026, 11, 17, 16), wib(2026, 11, 24, 16)):
                await add_task(db, person.id, boss.id, deadline=deadline,
                               given_at=wib(2026, 11, 2, 9))
        async with db.transaction() as s:
            with counted(db) as statements:
                queued = await scan_overdue_tasks(s, settings, wib(2026, 11, 23, 8))
            assert queued > 2 * size
            reads.append([q for q in statements if not q.lstrip().upper().startswith("INSERT")])
            await s.rollback()
    assert len(reads[0]) == len(reads[1]), (len(reads[0]), len(reads[1]))


async def test_the_digest_is_as_of_its_time_a_task_overdue_later_waits_for_tomorrow(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    await add_task(db, org["dewi"], org["rizki"], deadline=wib(2026, 11, 23, 10),
                   given_at=wib(2026, 11, 20, 9))
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 8)) == 0  # nothing yet: judged
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 10, 1)) == 2  # the deadline passed
    assert digests(bot, RIZKI) == []
    assert await overdue(bot, db, clock, wib(2026, 11, 24, 8)) == 1
    [digest] = digests(bot, RIZKI)
    assert digest.startswith("📋 Tugas tim yang perlu perhatian\nSelasa, 24 November 2026\n\n"
                             "Terlambat (1)\n1. Dewi Anggraini — Rekap SPJ November")


async def test_a_long_digest_lists_thirty_and_counts_the_rest(
        bot: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    for n in range(45):  # long overdue: no deadline notices, only the digest
        await add_task(db, org["dewi"] if n % 2 else org["andi"], org["rizki"],
                       deadline=wib(2026, 10, 1, 9) + timedelta(hours=n),
                       given_at=wib(2026, 9, 20, 9), title=f"Tugas {n:02d}")
    assert await overdue(bot, db, clock, wib(2026, 11, 23, 8)) == 1
    [digest] = digests(bot, RIZKI)
    assert "Terlambat (45)" in digest and "30. " in digest and "31. " not in digest
    assert digest.endswith("… dan 15 lainnya (lihat /tugastim).")
    assert "Tugas 00" in digest and "Tugas 29" in digest and "Tugas 30" not in digest
    buttons = [b for row in bot.emu.buttons(bot.emu.sent_messages(RIZKI)[-1]) for b in row]
    assert len(buttons) == 30
