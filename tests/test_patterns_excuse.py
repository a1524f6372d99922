"""A supervisor's dispensation through the real Application: the button on
an alert, the reason typed, the mark excused (it stays, it no longer counts),
the person told; and every refusal changing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from bot.callbacks import ExcuseCB
from bot.services.patterns import scan_chronic_lateness
from db.models import Employee
from db.models_day import AttendanceMark, DayRecord, LeaveRequest
from tests.pattern_seed import (
    AHMAD,
    ANDI,
    DEWI,
    RIZKI,
    SRI,
    close_day,
    rows,
    run_scan,
    seed_org,
    wib,
)
from tests.test_patterns import NOV

ASK = ("Dispensasi untuk Dewi Anggraini: Senin, 23 November 2026 07:48 WIB, 18 menit (TL1).\n"
       "Tulis alasannya (mis. \"rapat di kantor bupati\"), atau /batal.")


@pytest.fixture
async def alerted(bot: Any, db: Any, clock: Any, emulator: Any) -> dict[str, Any]:
    """Dewi was late three days; Rizki, her supervisor, got the alert."""
    org = await seed_org(db, emulator)
    marks = [(await close_day(db, org["dewi"], NOV[23], late=18))[0],
             (await close_day(db, org["dewi"], NOV[24], late=9))[0],
             (await close_day(db, org["dewi"], NOV[25], late=31))[0]]
    settings = bot.app.bot_data["deps"].settings
    assert await run_scan(db, clock, settings, scan_chronic_lateness, wib(2026, 11, 25, 20)) == 1
    await bot.deliver()
    clock.set(wib(2026, 11, 26, 8))
    return {**org, "marks": marks, "alert": bot.emu.sent_messages(RIZKI)[-1]}


def answer(bot: Any) -> str:
    return str(bot.callback_answers()[-1].get("text") or "")


async def mark(db: Any, mark_id: int) -> AttendanceMark:
    [row] = await rows(db, AttendanceMark, AttendanceMark.id == mark_id)
    return row


async def a_message(bot: Any, chat: int) -> int:
    """Some bot message in ``chat`` to press a forged button on."""
    [reply] = await bot.text(chat, "/bantuan")
    return int(reply["message_id"])


async def test_the_supervisor_excuses_a_late_day_and_the_person_is_told(
        bot: Any, db: Any, clock: Any, alerted: dict[str, Any]) -> None:
    first = alerted["marks"][0]
    [asked] = await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(first).pack())
    assert asked["text"] == ASK
    [done] = await bot.text(RIZKI, "rapat di kantor bupati")
    assert done["text"] == (
        "✅ Dispensasi dicatat untuk Dewi Anggraini: Senin, 23 November 2026 07:48 WIB, "
        "18 menit (TL1).\nAlasan: rapat di kantor bupati\n"
        "Catatan tetap tersimpan, tetapi tidak dihitung lagi; Dewi Anggraini diberi tahu.")
    await bot.deliver()
    assert bot.replies(DEWI) == [
        "✅ Dispensasi\nRizki Pratama memberi dispensasi untuk catatan Anda: Senin, "
        "23 November 2026 07:48 WIB, 18 menit (TL1).\nAlasan: rapat di kantor bupati\n"
        "Catatan ini tetap tersimpan, tetapi tidak dihitung lagi."]

    row = await mark(db, first)
    assert (row.excused_by_id, row.excuse_reason) == (alerted["rizki"], "rapat di kantor bupati")
    assert row.excused_at == clock.now()
    [record] = await rows(db, DayRecord, DayRecord.work_date == NOV[23])
    assert (record.code, record.check_in_code, record.late_minutes) == ("H", None, 0)

    # a second tap on the same button: told politely, nothing changed
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(first).pack())
    assert answer(bot) == ("Catatan ini sudah diberi dispensasi oleh Rizki Pratama. "
                           "Tidak ada yang diubah.")
    assert (await mark(db, first)).excused_at == row.excused_at
    # typing afterwards is no reason for anything
    [hint] = await bot.text(RIZKI, "alasan lain")
    assert "Dispensasi" not in hint["text"]
    assert len(bot.replies(DEWI)) == 1


async def test_only_the_supervisor_or_someone_above_may_excuse(
        bot: Any, db: Any, clock: Any, alerted: dict[str, Any]) -> None:
    second = alerted["marks"][1]
    refused = ("Hanya atasan pegawai ini (atau pimpinan di atasnya) yang dapat memberi "
               "dispensasi. Tidak ada yang diubah.")
    for chat in (SRI, ANDI, DEWI):  # another unit's supervisor, a colleague, herself
        before = len(bot.replies(chat))
        await bot.press(chat, await a_message(bot, chat), ExcuseCB(second).pack())
        assert answer(bot) == refused
        assert len(bot.replies(chat)) == before + 1  # only the /bantuan answer
    stale = "Tombol ini sudah tidak berlaku. Tidak ada yang diubah."
    for forged in (ExcuseCB(999_999).pack(), "exc:abc", "exc:1:2"):
        await bot.press(RIZKI, alerted["alert"]["message_id"], forged)
        assert answer(bot) == stale
    assert (await mark(db, second)).excused_at is None

    # the unit head is above her: allowed, from a button on any message
    [asked] = await bot.press(AHMAD, await a_message(bot, AHMAD), ExcuseCB(second).pack())
    assert asked["text"].startswith("Dispensasi untuk Dewi Anggraini: Selasa, 24 November 2026")
    too_long = "x" * 501
    [again] = await bot.text(AHMAD, too_long)
    assert again["text"] == ("Alasan terlalu panjang (paling banyak 500 karakter). "
                             "Coba lebih singkat.")
    await bot.text(AHMAD, "dinas luar ke provinsi, SPT menyusul")
    row = await mark(db, second)
    assert (row.excused_by_id, row.excuse_reason) == (alerted["ahmad"],
                                                     "dinas luar ke provinsi, SPT menyusul")
    await bot.deliver()
    assert bot.replies(DEWI)[-1].startswith("✅ Dispensasi\nAhmad Fauzi memberi dispensasi")


async def test_a_mark_excused_meanwhile_or_a_flow_left_changes_nothing(
        bot: Any, db: Any, clock: Any, alerted: dict[str, Any]) -> None:
    third = alerted["marks"][2]
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(third).pack())
    # meanwhile the head excuses the same mark
    await bot.press(AHMAD, await a_message(bot, AHMAD), ExcuseCB(third).pack())
    await bot.text(AHMAD, "izin dari kepala bagian")
    [reply] = await bot.text(RIZKI, "rapat")
    assert reply["text"] == ("Catatan ini sudah diberi dispensasi oleh Ahmad Fauzi. "
                             "Tidak ada yang diubah.")
    row = await mark(db, third)
    assert (row.excused_by_id, row.excuse_reason) == (alerted["ahmad"], "izin dari kepala bagian")

    # a leave approved later cleared a mark: nothing left to excuse
    second = alerted["marks"][1]
    async with db.transaction() as s:
        leave = LeaveRequest(employee_id=alerted["dewi"], kind="CS", status="approved",
                             start_date=NOV[24], end_date=NOV[24], reason="sakit",
                             requested_at=clock.now())
        s.add(leave)
        await s.flush()
        await s.execute(update(AttendanceMark).where(AttendanceMark.id == second)
                        .values(cleared_by_leave_id=leave.id, cleared_at=clock.now()))
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(second).pack())
    assert answer(bot) == ("Catatan ini sudah gugur karena izin/cuti yang disetujui. "
                           "Tidak ada yang diubah.")

    # a command ends the flow: the text that follows is no reason
    first = alerted["marks"][0]
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(first).pack())
    await bot.text(RIZKI, "/status")
    await bot.text(RIZKI, "rapat")
    assert (await mark(db, first)).excused_at is None
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(first).pack())
    await bot.text(RIZKI, "/batal")
    await bot.text(RIZKI, "rapat")
    assert (await mark(db, first)).excused_at is None


async def test_who_excused_it_meanwhile_is_named_safely_in_a_message(
        bot: Any, db: Any, clock: Any, alerted: dict[str, Any]) -> None:
    """The refusal to the second supervisor is a message (HTML): a name with
    '<' or '&' in it must not break it."""
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.id == alerted["ahmad"])
                        .values(name="Ahmad <Kabag> & Co"))
    third = alerted["marks"][2]
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(third).pack())
    await bot.press(AHMAD, await a_message(bot, AHMAD), ExcuseCB(third).pack())
    await bot.text(AHMAD, "izin dari kepala bagian")
    [reply] = await bot.text(RIZKI, "rapat")
    assert reply["text"] == ("Catatan ini sudah diberi dispensasi oleh Ahmad <Kabag> & Co. "
                             "Tidak ada yang diubah.")
    await bot.press(RIZKI, alerted["alert"]["message_id"], ExcuseCB(third).pack())
    assert answer(bot) == ("Catatan ini sudah diberi dispensasi oleh Ahmad <Kabag> & Co. "
                           "Tidak ada yang diubah.")  # an alert is plain text: as it is
