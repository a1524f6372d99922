"""/tim (/team): today's board through the real Application, on SQLite and
PostgreSQL — the groups and times a supervisor, a head and an admin see, the
refresh that edits the same message, the pages of a big team, a name's month,
and the refusals (staff, another unit, forged and stale buttons)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.callbacks import BoardCB, MonthCB
from db.models import Employee, Unit
from db.models_day import PresenceAsk, PresenceCheck
from db.session import Database
from tests import factories
from tests.day_org import (
    ANDI,
    BUDI,
    CITRA,
    EKO,
    GITA,
    MONDAY,
    RATNA,
    SARI,
    check,
    monday,
    nip,
    seed,
)
from tests.person_month_seed import ANDIS_MONTH, seed_month
from tests.queries import counted

ADMIN = 1020
REFUSED_PERSON = "Orang ini tidak (lagi) termasuk tim Anda. Tidak ada yang ditampilkan."

SARI_AT_8 = (
    "👥 Tim hari ini\n"
    "Senin, 23 November 2026, pukul 08:00 WIB\n"
    "5 orang\n"
    "\n✅ Masuk tepat waktu (1)\n"
    "• Andi Pratama — 07:20 WIB H\n"
    "\n⏰ Masuk terlambat (1)\n"
    "• Budi Santoso — 07:45 WIB TL1 (15 mnt)\n"
    "\n🧳 Cuti / DL / izin (1)\n"
    "• Dewi Anggraini — DL s.d. 24 Nov\n"
    "\n⌛ Belum masuk (2)\n"
    "• Citra Lestari — jadwal 07:30 WIB\n"
    "• Fajar Nugroho — belum waktunya (mulai 09:00 WIB)\n"
    "\nKetuk nama untuk melihat bulannya."
)


def buttons(bot: Any, message: dict[str, Any]) -> list[list[tuple[str, str | None]]]:
    return bot.emu.buttons(message)


async def presence_check(db: Database, at: datetime, results: dict[int, str], *,
                         judged: bool = True, seq: int = 1) -> None:
    """A presence check of ORG at ``at`` (judged 20 minutes later, or not yet)
    and what each person asked was found."""
    async with db.transaction() as s:
        unit_id = await s.scalar(select(Unit.id).where(Unit.code == "ORG"))
        assert unit_id is not None
        row = PresenceCheck(unit_id=unit_id, work_date=MONDAY, seq=seq, at=at, ran_at=at,
                            judged_at=at + timedelta(minutes=20) if judged else None)
        s.add(row)
        await s.flush()
        s.add_all(PresenceAsk(check_id=row.id, employee_id=employee, work_date=MONDAY,
                              asked_at=at, due_at=at + timedelta(minutes=15), result=result)
                  for employee, result in results.items())


async def morning(bot: Any, clock: Any) -> None:
    """Andi in at 07:20, Budi at 07:45 (TL1), Sari herself at 07:25."""
    await check(bot, clock, "in", monday(7, 20), ANDI)
    await check(bot, clock, "in", monday(7, 25), SARI)
    await check(bot, clock, "in", monday(7, 45), BUDI)


async def test_a_supervisor_sees_her_people_grouped_with_their_times_and_codes(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    await morning(bot, clock)
    clock.set(monday(8, 0))
    [board] = await bot.text(SARI, "/tim")
    assert board["text"] == SARI_AT_8
    ids = {name: data for row in buttons(bot, board) for name, data in row}
    assert list(ids) == ["Andi Pratama", "Budi Santoso", "Citra Lestari", "Dewi Anggraini",
                         "Fajar Nugroho", "🔄 Perbarui"]
    assert ids["🔄 Perbarui"] == BoardCB("refresh", 0, 0).pack()
    assert all(MonthCB.unpack(data) is not None for name, data in ids.items()
               if name != "🔄 Perbarui")
    assert bot.errors == []


async def test_refresh_edits_the_same_message_with_new_check_ins_and_the_last_check(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    await morning(bot, clock)
    clock.set(monday(8, 0))
    [board] = await bot.text(SARI, "/tim")
    await check(bot, clock, "in", monday(8, 10), CITRA)  # TL2, 40 minutes
    await presence_check(db, monday(10, 0), {people[ANDI]: "no_answer",
                                             people[BUDI]: "present",
                                             people[CITRA]: "away"})
    # a later check not judged yet: Andi's answer there does not count yet
    await presence_check(db, monday(10, 40), {people[ANDI]: "present"}, judged=False, seq=2)
    await presence_check(db, monday(9, 0), {people[BUDI]: "away"}, seq=3)  # earlier: Budi was back
    clock.set(monday(10, 45))
    replies = await bot.press(SARI, board["message_id"], BoardCB("refresh", 0, 0).pack())
    assert replies == []  # nothing new: the board itself changed
    [edited] = emulator.sent_messages(SARI)[-1:]
    assert edited["message_id"] == board["message_id"]
    assert edited["text"] == (
        "👥 Tim hari ini\n"
        "Senin, 23 November 2026 · diperbarui 10:45 WIB\n"
        "5 orang\n"
        "\n✅ Masuk tepat waktu (1)\n"
        "• Andi Pratama — 07:20 WIB H\n"
        "\n⏰ Masuk terlambat (2)\n"
        "• Budi Santoso — 07:45 WIB TL1 (15 mnt)\n"
        "• Citra Lestari — 08:10 WIB TL2 (40 mnt)\n"
        "\n🧳 Cuti / DL / izin (1)\n"
        "• Dewi Anggraini — DL s.d. 24 Nov\n"
        "\n⌛ Belum masuk (1)\n"
        "• Fajar Nugroho — jadwal 09:00 WIB\n"
        "\n📍 Tidak di tempat saat cek terakhir (2)\n"
        "• Andi Pratama — tidak menjawab, cek 10:00 WIB\n"
        "• Citra Lestari — di luar tempat kerja, cek 10:00 WIB\n"
        "\nKetuk nama untuk melihat bulannya.")
    assert bot.callback_answers()[-1]["text"] == "Diperbarui."
    # pressed again in the same minute: nothing changed, and nobody sees an error
    await bot.press(SARI, board["message_id"], BoardCB("refresh", 0, 0).pack())
    assert emulator.sent_messages(SARI)[-1]["text"] == edited["text"]
    last_edit = emulator.calls_to("editMessageText")[-1]
    assert not last_edit.ok and "not modified" in last_edit.response["description"]
    assert bot.errors == []


async def test_a_head_sees_her_whole_unit_and_nobody_elses(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    await morning(bot, clock)
    clock.set(monday(8, 0))
    [board] = await bot.text(RATNA, "/tim")
    lines = board["text"].split("\n")
    assert lines[:3] == ["👥 Tim hari ini: Bagian Organisasi (ORG)",
                         "Senin, 23 November 2026, pukul 08:00 WIB", "6 orang"]
    assert "• Sari Wulandari — 07:25 WIB H" in lines
    assert "Eko" not in board["text"] and "Gita" not in board["text"]
    names = [name for row in buttons(bot, board) for name, _ in row]
    assert names == ["Andi Pratama", "Budi Santoso", "Citra Lestari", "Dewi Anggraini",
                     "Fajar Nugroho", "Sari Wulandari", "🔄 Perbarui"]
    [picked] = await bot.text(RATNA, "/tim org")  # her own unit by its code
    assert picked["text"].split("\n")[0] == "👥 Tim hari ini: Bagian Organisasi (ORG)"
    assert buttons(bot, picked)[-1] == [("🔄 Perbarui",
                                         BoardCB("refresh", board_unit(picked), 0).pack())]
    [refused] = await bot.text(RATNA, "/tim KEU")
    assert refused["text"] == "Unit KEU bukan unit yang Anda pimpin."
    assert bot.errors == []


def board_unit(message: dict[str, Any]) -> int:
    data = BoardCB.unpack(message["reply_markup"]["inline_keyboard"][-1][0]["callback_data"])
    assert data is not None
    return data.unit_id


async def test_staff_are_refused_and_a_supervisor_elsewhere_sees_only_his_own(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    await morning(bot, clock)
    clock.set(monday(8, 0))
    [refused] = await bot.text(ANDI, "/tim")
    assert refused["text"] == ("Papan tim hanya untuk atasan dan kepala unit. Untuk presensi "
                               "Anda sendiri: /status")
    assert "reply_markup" not in refused
    replies = await bot.press(ANDI, refused["message_id"], BoardCB("refresh", 0, 0).pack())
    assert replies == [] and bot.callback_answers()[-1]["show_alert"] is True
    async with db.transaction() as s:  # one of Eko's people works weekends only
        await factories.schedule(s, "AKHIRPEKAN", [(6, time(8), time(14)),
                                                  (7, time(8), time(14))])
        keu = await s.scalar(select(Unit).where(Unit.code == "KEU"))
        eko_row = await s.get(Employee, people[EKO])
        assert keu is not None and eko_row is not None
        await factories.employee(s, keu, nip(1030), "Hadi Wijaya", supervisor=eko_row,
                                 schedule_code="AKHIRPEKAN")
    [eko] = await bot.text(EKO, "/team")
    assert eko["text"] == (
        "👥 Tim hari ini\nSenin, 23 November 2026, pukul 08:00 WIB\n2 orang\n"
        "\n⌛ Belum masuk (1)\n• Gita Permata — jadwal 07:30 WIB\n"
        "\n🏖 Tanpa hari kerja hari ini (libur, hari tanpa jadwal, shift lain): 1 orang\n"
        "\nKetuk nama untuk melihat bulannya.")
    assert [name for row in buttons(bot, eko) for name, _ in row] == [
        "Gita Permata", "Hadi Wijaya", "🔄 Perbarui"]
    [picked] = await bot.text(SARI, "/tim ORG")
    assert picked["text"] == "Hanya kepala unit dan admin yang dapat memilih unit. Kirim /tim saja."
    assert bot.errors == []


async def test_forged_buttons_show_nothing_of_another_units_people(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    clock.set(monday(8, 0))
    [board] = await bot.text(SARI, "/tim")
    before = len(emulator.sent_messages(SARI))
    for data in (MonthCB(people[GITA]).pack(), MonthCB(people[SARI]).pack(),
                 MonthCB(people[RATNA]).pack(), "tm:99999", "tm:-1", "tm:1:2"):
        await bot.press(SARI, board["message_id"], data)
        answer = bot.callback_answers()[-1]
        assert answer["show_alert"] is True, data
        assert answer["text"] == REFUSED_PERSON, data
    async with db.transaction() as s:
        keu = await s.scalar(select(Unit.id).where(Unit.code == "KEU"))
    await bot.press(SARI, board["message_id"], BoardCB("refresh", keu or 0, 0).pack())
    assert bot.callback_answers()[-1]["show_alert"] is True
    await bot.press(EKO, (await bot.text(EKO, "/tim"))[0]["message_id"],
                    MonthCB(people[ANDI]).pack())
    assert bot.callback_answers()[-1]["text"] == REFUSED_PERSON
    assert len(emulator.sent_messages(SARI)) == before
    assert emulator.sent_messages(SARI)[-1]["text"] == board["text"]  # never edited
    assert bot.errors == []


async def test_a_name_opens_that_persons_month_and_an_old_boards_button_still_works(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    await seed_month(db, people[ANDI], people[SARI])
    clock.set(monday(8, 0))
    [board] = await bot.text(SARI, "/tim")
    andi = dict(button for row in buttons(bot, board) for button in row)["Andi Pratama"]
    assert andi is not None
    [month] = await bot.press(SARI, board["message_id"], andi)
    assert month["text"] == (
        f"👤 Andi Pratama (NIP {nip(ANDI)})\nBagian Organisasi\n\n" + ANDIS_MONTH)
    # the head above sees it too; a week later the same (old) button still opens it
    [head_board] = await bot.text(RATNA, "/tim")
    clock.set(monday(8, 0) + timedelta(days=7))
    [later] = await bot.press(SARI, board["message_id"], andi)
    assert "Sen 23 ?" in later["text"] and "Sen 2 TL1" in later["text"]
    [head_view] = await bot.press(RATNA, head_board["message_id"], andi)
    assert head_view["text"] == later["text"]
    assert bot.errors == []


async def test_an_admin_picks_any_unit_and_sees_the_board_in_english(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    people = await seed(db, emulator)
    async with db.transaction() as s:
        org = await s.scalar(select(Unit).where(Unit.code == "ORG"))
        assert org is not None
        await factories.employee(s, org, nip(ADMIN), "Admin Kabupaten", role="admin",
                                 telegram_id=ADMIN, language="en")
    emulator.add_user(ADMIN, "Admin")
    await check(bot, clock, "in", monday(7, 31), GITA)
    clock.set(monday(9, 30))
    [alone] = await bot.text(ADMIN, "/team")
    assert alone["text"] == ("You head no unit and have no direct reports. "
                             "Pick a unit: /team CODE")
    [unknown] = await bot.text(ADMIN, "/team <b>XYZ")
    assert unknown["text"] == "No unit has the code <b>XYZ."
    [keu] = await bot.text(ADMIN, "/team KEU")
    assert keu["text"] == (
        "👥 Team today: Bagian Keuangan (KEU)\n"
        "Monday, 23 November 2026, at 09:30 WIB\n2 people\n"
        "\n⏰ In late (1)\n• Gita Permata — 07:31 WIB TL1 (1 min)\n"
        "\n⌛ Not in yet (1)\n• Eko Saputra — scheduled 07:30 WIB\n"
        "\nTap a name to see their month.")
    gita = MonthCB(people[GITA]).pack()
    [month] = await bot.press(ADMIN, keu["message_id"], gita)
    assert month["text"].split("\n")[3:] == [
        "📅 November 2026", "No working day has closed this month yet.",
        "Tasks this month: none done yet"]
    await bot.press(ADMIN, keu["message_id"], BoardCB("refresh", board_unit(keu), 0).pack())
    assert "refreshed 09:30 WIB" in emulator.sent_messages(ADMIN)[-2]["text"]
    assert bot.errors == []


async def big_team(db: Database, supervisor: str, size: int) -> int:
    """A supervisor in KEU (Telegram id = their number) with ``size`` staff."""
    async with db.transaction() as s:
        keu = await s.scalar(select(Unit).where(Unit.code == "KEU"))
        assert keu is not None
        boss = await factories.employee(s, keu, f"1990{size:014d}", supervisor,
                                        role="supervisor", telegram_id=2000 + size)
        s.add_all(Employee(nip=f"1991{size:06d}{n:08d}", name=f"Staf {n:03d}", unit_id=keu.id,
                           role="staff", schedule_code="UMUM", active=True,
                           supervisor_id=boss.id) for n in range(1, size + 1))
        return boss.id


async def test_the_board_costs_the_same_queries_for_3_and_for_150_and_still_fits(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    await big_team(db, "Pak Kecil", 3)
    await big_team(db, "Bu Besar", 150)
    emulator.add_user(2003, "Kecil")
    emulator.add_user(2150, "Besar")
    clock.set(monday(8, 0))
    with counted(db) as small_statements:
        [small] = await bot.text(2003, "/tim")
    with counted(db) as big_statements:
        [big] = await bot.text(2150, "/tim")
    assert len(small_statements) == len(big_statements), big_statements
    assert "⌛ Belum masuk (3)" in small["text"] and "dan" not in small["text"]
    assert len(big["text"]) <= 4096
    assert "⌛ Belum masuk (150)" in big["text"] and "… dan " in big["text"]
    names = [name for row in buttons(bot, big) for name, _ in row]
    assert names == [f"Staf {n:03d}" for n in range(1, 9)] + ["Berikutnya ▶", "🔄 Perbarui"]
    assert "halaman 1 dari 19" in big["text"]
    await bot.press(2150, big["message_id"], BoardCB("page", 0, 18).pack())
    last = emulator.sent_messages(2150)[-1]
    assert [name for row in buttons(bot, last) for name, _ in row] == [
        "Staf 145", "Staf 146", "Staf 147", "Staf 148", "Staf 149", "Staf 150",
        "◀ Sebelumnya", "🔄 Perbarui"]
    assert "halaman 19 dari 19" in last["text"]
    async with db.transaction() as s:  # someone leaves the team: a stale page still works
        await s.execute(update(Employee).where(Employee.name == "Staf 150")
                        .values(active=False))
    await bot.press(2150, big["message_id"], BoardCB("page", 0, 18).pack())
    assert "⌛ Belum masuk (149)" in emulator.sent_messages(2150)[-1]["text"]
    assert bot.errors == []


async def test_tim_inside_a_flow_ends_the_flow_and_shows_the_board(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    clock.set(monday(8, 0))
    await bot.text(SARI, "/tugasbaru")
    [board] = await bot.text(SARI, "/tim")
    assert board["text"].startswith("👥 Tim hari ini\n")
    [hint] = await bot.text(SARI, "halo")  # the flow has ended: free text is no answer in it
    assert hint["text"] == "Saya hanya mengerti perintah. Ketik /bantuan untuk daftar perintah."
    assert bot.errors == []
