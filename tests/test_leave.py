"""Leave and permission (/izin) through the real Application, on SQLite and
PostgreSQL: asking by buttons and text, the approver's decision, cancelling,
the CT balance, overlaps, marks cleared by a leave approved later, the FWA
geofence and izin keluar with its return by live location.

The day-close job is another helper's: the closed days and their marks are
seeded as rows here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.callbacks import LeaveCB, LeaveFlowCB
from bot.rules.leave import covering_moment
from bot.services import workday
from db.models import AttendanceEvent, Employee, Office
from db.models_day import AttendanceMark, DayRecord, LeaveRequest
from jobs.day import close_days
from tests import factories
from tests.factories import count, rows

WIB = ZoneInfo("Asia/Jakarta")
AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI = 8101, 8102, 8103, 8104, 8105, 8106
MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)
IN_LAT, IN_LON = -2.87735, 103.84560  # inside the SETDA geofence
FAR_LAT, FAR_LON = -2.8856, 103.8520  # the MPP building, 1.2 km away
HOME_LAT, HOME_LON = -2.8950, 103.8300  # Dewi's house, 2.6 km away


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WIB)


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    """Head Ahmad > supervisor Rizki > Dewi, Andi; another unit: Sri > Yudi (English)."""
    async with db.transaction() as s:
        people = await factories.two_units(s, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI),
                                           yudi_language="en")
        setda_id = await s.scalar(select(Office.id).where(Office.code == "SETDA"))
    factories.add_two_units_users(emulator, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    return {name: row.id for name, row in people.items()} | {"setda": setda_id}






def last(bot: Any, chat: int) -> dict[str, Any]:
    return bot.emu.sent_messages(chat)[-1]


def body(message: dict[str, Any]) -> str:
    return str(message.get("text") or message.get("caption") or "")


def labels(message: dict[str, Any]) -> list[str]:
    return [label for row in bot_buttons(message) for label, _ in row]


def bot_buttons(message: dict[str, Any]) -> list[list[tuple[str, str | None]]]:
    from bot.emulator.text import keyboard_buttons

    return keyboard_buttons(message)


async def press(bot: Any, chat: int, label: str, message: dict[str, Any] | None = None) -> None:
    """Press the button labelled ``label`` on the latest message that has it."""
    for candidate in ([message] if message else reversed(bot.emu.sent_messages(chat))):
        for row in bot.emu.buttons(candidate):
            for text, data in row:
                if text == label:
                    await bot.press(chat, candidate["message_id"], data)
                    return
    raise AssertionError(f"no button {label!r} in chat {chat}")


async def press_starting(bot: Any, chat: int, prefix: str) -> None:
    """Press the button whose label starts with ``prefix`` on the latest message having one."""
    for candidate in reversed(bot.emu.sent_messages(chat)):
        for row in bot.emu.buttons(candidate):
            for text, data in row:
                if text.startswith(prefix):
                    await bot.press(chat, candidate["message_id"], data)
                    return
    raise AssertionError(f"no button starting {prefix!r} in chat {chat}")


def answer(bot: Any) -> str:
    return str(bot.callback_answers()[-1].get("text") or "")


async def begin(bot: Any, user: int, kind: str) -> None:
    await bot.text(user, "/izin")
    await press(bot, user, "➕ Ajukan izin/cuti")
    await press(bot, user, kind)


async def ask_days(bot: Any, user: int, kind: str, start: str, end: str, reason: str, *,
                   whole: bool = False) -> None:
    """Kind → (whole days) → start → end → reason → skip the attachment → send."""
    await begin(bot, user, kind)
    if whole:
        await press(bot, user, "📅 Satu hari atau lebih")
    await press_starting(bot, user, start)
    await press_starting(bot, user, end)
    await bot.text(user, reason)
    await press(bot, user, "Lewati")
    await press(bot, user, "✅ Kirim")
    await bot.deliver()


async def test_annual_leave_by_buttons_approved_and_the_requester_told(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    [listing] = await bot.text(DEWI, "/izin")
    assert body(listing).splitlines()[:3] == [
        "📝 Izin dan cuti saya", "", "Belum ada permohonan."]
    assert "Sisa cuti tahunan 2026: 18 hari kerja" in body(listing)
    assert labels(listing) == ["➕ Ajukan izin/cuti"]
    await press(bot, DEWI, "➕ Ajukan izin/cuti")
    kinds = last(bot, DEWI)
    assert labels(kinds) == [
        "Cuti Tahunan (CT)", "Cuti Sakit (CS)", "Cuti Melahirkan (CM)", "Alasan Penting (CAP)",
        "Cuti Besar (CB)", "Luar Tanggungan (CLTN)", "Dinas Luar (DL)", "Tugas Belajar (TB)",
        "Izin (I)", "FWA / WFH", "Izin Keluar (IK)", "Batal"]
    await press(bot, DEWI, "Cuti Tahunan (CT)")
    assert body(last(bot, DEWI)).startswith("Mulai tanggal berapa?")
    assert labels(last(bot, DEWI)) == [
        "Hari ini — Senin, 23 November 2026", "Besok — Selasa, 24 November 2026",
        "Lusa — Rabu, 25 November 2026", "📅 Pilih di kalender", "Batal"]
    await press(bot, DEWI, "Besok — Selasa, 24 November 2026")
    assert labels(last(bot, DEWI)) == [
        "Hari itu saja — Selasa, 24 November 2026", "2 hari kerja — Rabu, 25 November 2026",
        "3 hari kerja — Kamis, 26 November 2026", "5 hari kerja — Senin, 30 November 2026",
        "📅 Pilih di kalender", "Batal"]
    await press(bot, DEWI, "3 hari kerja — Kamis, 26 November 2026")
    assert body(last(bot, DEWI)) == "Tulis alasannya (wajib, maks. 500 karakter)."
    [reply] = await bot.text(DEWI, "x" * 501)
    assert body(reply).startswith("Alasan terlalu panjang (maks. 500 karakter)")
    await bot.text(DEWI, "Acara keluarga di Palembang")
    assert "Lewati" in labels(last(bot, DEWI))
    await press(bot, DEWI, "Lewati")
    summary = last(bot, DEWI)
    assert body(summary) == (
        "Periksa permohonan\nJenis: Cuti Tahunan (CT)\n"
        "Waktu: Selasa, 24 November 2026 s.d. Kamis, 26 November 2026 (3 hari kerja)\n"
        "Alasan: Acara keluarga di Palembang\nLampiran: —\n"
        "Sisa cuti tahunan 2026: 18 hari kerja (hak 12 + sisa tahun lalu 6; terpakai 0, "
        "menunggu persetujuan 0).\nSisa setelah permohonan ini: 15 hari kerja.\n"
        "Dikirim ke: Rizki Pratama")
    assert labels(summary) == ["✅ Kirim", "Batal"]
    await press(bot, DEWI, "✅ Kirim")
    assert body(last(bot, DEWI)) == (
        "✅ Permohonan Cuti Tahunan (CT) terkirim ke Rizki Pratama. Anda akan diberi tahu "
        "keputusannya.")
    await bot.press(DEWI, summary["message_id"], bot_buttons(summary)[0][0][1])  # double tap
    assert answer(bot) == "Tombol ini sudah tidak berlaku."
    assert await count(db, LeaveRequest) == 1
    await bot.deliver()
    card = last(bot, RIZKI)
    assert body(card) == (
        "📝 Permohonan Cuti Tahunan (CT)\nDari: Dewi Anggraini (NIP 199107242015032002)\n"
        "Waktu: Selasa, 24 November 2026 s.d. Kamis, 26 November 2026 (3 hari kerja)\n"
        "Alasan: Acara keluarga di Palembang\n"
        "Sisa cuti tahunan 2026: 18 hari kerja (hak 12 + sisa tahun lalu 6; terpakai 0, "
        "menunggu persetujuan 0).\nSisa setelah permohonan ini: 15 hari kerja.")
    assert labels(card) == ["✔️ Setujui", "✖️ Tolak"]
    clock.set(at(MONDAY, 9, 10))
    await press(bot, RIZKI, "✔️ Setujui", card)
    assert answer(bot) == "✔️ Disetujui."
    assert body(last(bot, RIZKI)).endswith(
        "✔️ Disetujui pukul 09:10 WIB. Dewi Anggraini diberi tahu.")
    assert labels(last(bot, RIZKI)) == []
    await bot.press(RIZKI, card["message_id"], LeaveCB("approve", 1).pack())  # stale
    assert answer(bot) == "Permohonan ini sudah disetujui."
    await bot.deliver()
    assert body(last(bot, DEWI)) == (
        "✔️ Cuti Tahunan (CT), Selasa, 24 November 2026 s.d. Kamis, 26 November 2026 "
        "disetujui oleh Rizki Pratama.")
    [request] = await rows(db, LeaveRequest)
    assert (request.kind, request.status, request.working_days, request.decided_by_id,
            request.approver_id) == ("CT", "approved", 3, org["rizki"], org["rizki"])
    assert (request.start_date, request.end_date) == (TUESDAY, date(2026, 11, 26))
    [listing] = await bot.text(DEWI, "/izin")
    assert ("1. Cuti Tahunan (CT) · Selasa, 24 November 2026 s.d. Kamis, 26 November 2026 "
            "(3 hari kerja) — ✔️ disetujui") in body(listing)
    assert "Sisa cuti tahunan 2026: 15 hari kerja" in body(listing)
    assert labels(listing) == ["➕ Ajukan izin/cuti", "✖️ Batalkan 1"]


async def test_typed_dates_a_document_and_a_rejection_that_needs_a_reason(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await begin(bot, ANDI, "Dinas Luar (DL)")
    await press(bot, ANDI, "📅 Satu hari atau lebih")
    [reply] = await bot.text(ANDI, "besok")
    assert body(reply) == "Tanggal tidak dikenali: «besok». Contoh: 30-11-2026 atau 30-11."
    [reply] = await bot.text(ANDI, "30-11")
    assert body(reply).startswith("Mulai Senin, 30 November 2026. Sampai tanggal berapa?")
    [reply] = await bot.text(ANDI, "27-11-2026")
    assert body(reply) == ("Tanggal selesai tidak boleh sebelum tanggal mulai "
                           "(Senin, 30 November 2026).")
    await bot.text(ANDI, "01-12-2026")
    await bot.text(ANDI, "Rapat koordinasi di Palembang")
    document = bot.emu.send_document(ANDI, "surat-tugas.pdf", b"%PDF-1.4", queue=False,
                                     mime_type="application/pdf")
    await bot.feed(document)
    summary = body(last(bot, ANDI))
    assert "Waktu: Senin, 30 November 2026 s.d. Selasa, 1 Desember 2026 (2 hari kerja)" in summary
    assert "Lampiran: dokumen surat-tugas.pdf" in summary
    await press(bot, ANDI, "✅ Kirim")
    await bot.deliver()
    card = last(bot, RIZKI)
    assert card["document"]["file_id"] == document["message"]["document"]["file_id"]
    assert body(card).startswith("📝 Permohonan Dinas Luar (DL)\nDari: Andi Saputra")
    await press(bot, RIZKI, "✖️ Tolak", card)
    assert body(last(bot, RIZKI)) == (
        "Tulis alasan penolakan untuk Andi Saputra (wajib). /batal untuk membatalkan.")
    [reply] = await bot.text(RIZKI, "ok")
    assert body(reply) == "Alasan penolakan wajib diisi (minimal 3 karakter)."
    [request] = await rows(db, LeaveRequest)
    assert request.status == "pending"
    [reply] = await bot.text(RIZKI, "Surat tugas belum ditandatangani")
    assert body(reply) == "✖️ Permohonan ditolak. Andi Saputra diberi tahu beserta alasannya."
    await bot.deliver()
    assert body(last(bot, ANDI)) == (
        "✖️ Dinas Luar (DL), Senin, 30 November 2026 s.d. Selasa, 1 Desember 2026 ditolak "
        "oleh Rizki Pratama.\nAlasan: Surat tugas belum ditandatangani")
    for label in ("✔️ Setujui", "✖️ Tolak"):  # the old buttons, after the decision
        await press(bot, RIZKI, label, card)
        assert answer(bot) == "Permohonan ini sudah ditolak."
    [request] = await rows(db, LeaveRequest)
    assert (request.status, request.decision_note, request.attachment_kind) == (
        "rejected", "Surat tugas belum ditandatangani", "document")
    [listing] = await bot.text(ANDI, "/izin")
    assert "— ✖️ ditolak (Surat tugas belum ditandatangani)" in body(listing)


async def test_only_the_chain_above_may_decide(bot: Any, clock: Any, db: Any,
                                               org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await ask_days(bot, DEWI, "Izin (I)", "Besok", "Hari itu saja", "Mengurus KTP anak",
                   whole=True)
    approve, reject = LeaveCB("approve", 1).pack(), LeaveCB("reject", 1).pack()
    for user in (SRI, YUDI, ANDI, DEWI):  # another unit's supervisor, staff, the requester
        [listing] = await bot.text(user, "/izin")
        await bot.press(user, listing["message_id"], approve)
        refusal = answer(bot)
        await bot.press(user, listing["message_id"], reject)
        assert answer(bot) == refusal
    assert refusal == ("Anda bukan atasan yang berwenang memutuskan permohonan ini. "
                       "Tidak ada yang diubah.")
    await bot.press(YUDI, last(bot, YUDI)["message_id"], approve)
    assert answer(bot) == "You may not decide this request. Nothing was changed."
    await bot.press(SRI, last(bot, SRI)["message_id"], "lv:approve:99999")
    assert answer(bot) == "Tombol ini sudah tidak berlaku."
    await bot.press(SRI, last(bot, SRI)["message_id"], "lv:approve:x")
    assert answer(bot) == "Tombol ini sudah tidak berlaku."
    [request] = await rows(db, LeaveRequest)
    assert request.status == "pending"
    # the head above Rizki may decide too
    [listing] = await bot.text(AHMAD, "/izin")
    await bot.press(AHMAD, listing["message_id"], approve)
    assert answer(bot) == "✔️ Disetujui."
    [request] = await rows(db, LeaveRequest)
    assert (request.status, request.decided_by_id) == ("approved", org["ahmad"])
    await bot.deliver()
    assert body(last(bot, DEWI)).endswith("disetujui oleh Ahmad Fauzi.")


async def test_cancel_before_start_and_refused_after(bot: Any, clock: Any, db: Any,
                                                     org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await ask_days(bot, DEWI, "Cuti Tahunan (CT)", "Besok", "Hari itu saja", "Urusan keluarga")
    await press(bot, RIZKI, "✔️ Setujui")
    await ask_days(bot, DEWI, "Izin (I)", "Lusa", "Hari itu saja", "Mengurus paspor",
                   whole=True)
    [listing] = await bot.text(DEWI, "/izin")
    assert labels(listing) == ["➕ Ajukan izin/cuti", "✖️ Batalkan 1", "✖️ Batalkan 2"]
    await press(bot, DEWI, "✖️ Batalkan 1", listing)  # the latest: the pending izin
    assert body(last(bot, DEWI)) == (
        "Batalkan Izin (I), Rabu, 25 November 2026 (⏳ menunggu persetujuan)?")
    await press(bot, DEWI, "Tidak")
    assert body(last(bot, DEWI)) == "Tidak jadi dibatalkan."
    await press(bot, DEWI, "✖️ Batalkan 1", listing)
    await press(bot, DEWI, "Ya, batalkan")
    assert body(last(bot, DEWI)) == (
        "✖️ Dibatalkan: Izin (I), Rabu, 25 November 2026. Rizki Pratama diberi tahu.")
    await bot.deliver()
    assert body(last(bot, RIZKI)) == (
        "↩️ Dewi Anggraini membatalkan permohonan Izin (I), Rabu, 25 November 2026. "
        "Tidak perlu diputuskan lagi.")
    # the approved CT starts tomorrow; on Tuesday it has started
    clock.set(at(TUESDAY, 6))
    await press(bot, DEWI, "✖️ Batalkan 2", listing)
    assert answer(bot) == (
        "Izin atau cuti yang sudah dimulai tidak bisa dibatalkan. Hubungi atasan Anda.")
    [listing] = await bot.text(DEWI, "/izin")
    assert labels(listing) == ["➕ Ajukan izin/cuti"]
    [other] = await bot.text(ANDI, "/izin")
    await bot.press(ANDI, other["message_id"], LeaveCB("drop", 1).pack())  # forged
    assert answer(bot) == "Permohonan ini bukan milik Anda. Tidak ada yang diubah."
    statuses = [(r.kind, r.status) for r in await rows(db, LeaveRequest)]
    assert statuses == [("CT", "approved"), ("I", "cancelled")]


async def test_cancelling_an_approved_leave_tells_who_approved_it(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await ask_days(bot, DEWI, "Cuti Tahunan (CT)", "Lusa", "Hari itu saja", "Urusan keluarga")
    await press(bot, RIZKI, "✔️ Setujui")
    await bot.text(DEWI, "/izin")
    await press(bot, DEWI, "✖️ Batalkan 1")
    await press(bot, DEWI, "Ya, batalkan")
    await bot.deliver()
    assert body(last(bot, RIZKI)) == (
        "↩️ Dewi Anggraini membatalkan Cuti Tahunan (CT) yang sudah disetujui, Rabu, "
        "25 November 2026. Presensi hari itu berlaku seperti biasa.")
    [listing] = await bot.text(DEWI, "/izin")
    assert "Sisa cuti tahunan 2026: 18 hari kerja" in body(listing)


async def test_the_annual_balance_counts_carry_over_and_refuses_more(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    async with db.transaction() as s:
        for start, end, days in ((date(2025, 6, 2), date(2025, 6, 13), 10),
                                 (date(2026, 3, 2), date(2026, 3, 16), 11)):
            s.add(LeaveRequest(employee_id=org["dewi"], kind="CT", status="approved",
                               start_date=start, end_date=end, reason="cuti", working_days=days,
                               requested_at=datetime(2025, 1, 2, tzinfo=UTC)))
    clock.set(at(MONDAY, 8))
    await bot.text(DEWI, "/izin")
    await press(bot, DEWI, "➕ Ajukan izin/cuti")
    # 12 + min(6, 12 - 10) carried - 11 used
    assert body(last(bot, DEWI)).endswith(
        "Sisa cuti tahunan 2026: 3 hari kerja (hak 12 + sisa tahun lalu 2; terpakai 11, "
        "menunggu persetujuan 0).")
    await press(bot, DEWI, "Cuti Tahunan (CT)")
    await press_starting(bot, DEWI, "Besok")
    await press_starting(bot, DEWI, "5 hari kerja")
    assert body(last(bot, DEWI)) == (
        "Sisa cuti tahunan 2026 tidak cukup: diminta 5 hari kerja, tersisa 3. "
        "Persingkat tanggalnya.")
    [reply] = await bot.text(DEWI, "28-11")  # until Saturday: four working days
    assert body(reply) == (
        "Sisa cuti tahunan 2026 tidak cukup: diminta 4 hari kerja, tersisa 3. "
        "Persingkat tanggalnya.")
    await press_starting(bot, DEWI, "3 hari kerja")
    await bot.text(DEWI, "Pulang kampung")
    await press(bot, DEWI, "Lewati")
    assert "Sisa setelah permohonan ini: 0 hari kerja." in body(last(bot, DEWI))
    await press(bot, DEWI, "✅ Kirim")
    # a second request while the first waits: the pending days are held
    await bot.text(DEWI, "/izin")
    await press(bot, DEWI, "➕ Ajukan izin/cuti")
    assert "Sisa cuti tahunan 2026: 0 hari kerja" in body(last(bot, DEWI))
    await press(bot, DEWI, "Cuti Tahunan (CT)")
    [reply] = await bot.text(DEWI, "07-12-2026")
    await press_starting(bot, DEWI, "Hari itu saja")
    assert body(last(bot, DEWI)).startswith("Sisa cuti tahunan 2026 tidak cukup: diminta 1")
    assert await count(db, LeaveRequest) == 3


async def test_overlapping_and_out_of_range_requests_are_refused(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await ask_days(bot, DEWI, "Dinas Luar (DL)", "Lusa", "Hari itu saja", "Bimtek SAKIP",
                   whole=True)
    await begin(bot, DEWI, "Cuti Tahunan (CT)")
    [reply] = await bot.text(DEWI, "20-11-2026")
    assert body(reply) == ("Jenis ini tidak bisa diajukan untuk tanggal yang sudah lewat. "
                           "Pilih hari ini atau sesudahnya.")
    [reply] = await bot.text(DEWI, "25-11-2027")
    assert body(reply) == ("Paling lambat satu tahun dari hari ini (Rabu, 24 November 2027). "
                           "Pilih tanggal yang lebih dekat.")
    await press_starting(bot, DEWI, "Besok")
    await press_starting(bot, DEWI, "3 hari kerja")
    assert body(last(bot, DEWI)) == (
        "Sudah ada permohonan pada waktu itu: Dinas Luar (DL), Rabu, 25 November 2026. "
        "Pilih waktu lain, atau batalkan yang itu dulu lewat /izin.")
    [reply] = await bot.text(DEWI, "/batal")
    assert body(reply) == "Dibatalkan. Tidak ada yang diubah."
    await begin(bot, DEWI, "Cuti Tahunan (CT)")
    await bot.text(DEWI, "28-11")  # a Saturday
    await press_starting(bot, DEWI, "Hari itu saja")
    assert body(last(bot, DEWI)) == (
        "Tidak ada hari kerja pada tanggal itu; cuti tahunan dihitung per hari kerja. "
        "Pilih tanggal lain.")
    await begin(bot, DEWI, "Cuti Sakit (CS)")
    await press(bot, DEWI, "📅 Satu hari atau lebih")
    [reply] = await bot.text(DEWI, "01-10-2026")
    assert body(reply) == ("Paling lama 31 hari ke belakang (Jumat, 23 Oktober 2026). Untuk yang "
                           "lebih lama, hubungi operator kepegawaian.")
    assert await count(db, LeaveRequest) == 1


async def test_refusals_come_in_the_users_language(bot: Any, clock: Any, db: Any,
                                                   org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    [listing] = await bot.text(YUDI, "/leave")
    assert body(listing).startswith("📝 My leave and permissions\n\nNo requests yet.")
    await press(bot, YUDI, "➕ Ask for leave")
    await press(bot, YUDI, "Annual (CT)")
    [reply] = await bot.text(YUDI, "20-11-2026")
    assert body(reply) == "This kind cannot be asked for a past date. Pick today or later."
    await bot.text(YUDI, "/status")  # another command ends the flow, then runs
    [reply] = await bot.text(YUDI, "30-11-2026")
    assert body(reply) == "I only understand commands. Send /help for the list of commands."
    assert await count(db, LeaveRequest) == 0


async def test_nobody_above_means_no_request(bot: Any, clock: Any, db: Any,
                                             org: dict[str, int]) -> None:
    await bot.text(AHMAD, "/izin")
    await press(bot, AHMAD, "➕ Ajukan izin/cuti")
    assert answer(bot).startswith("Belum ada atasan yang tercatat untuk Anda di Hadir")


async def test_a_photo_is_forwarded_and_leave_approved_the_next_day_clears_the_tk(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    closed = at(MONDAY, 20)
    async with db.transaction() as s:
        s.add(DayRecord(employee_id=org["dewi"], work_date=MONDAY, status="absent", code="TK",
                        closed_at=closed, updated_at=closed))
        s.add(AttendanceMark(key=f"absent:{org['dewi']}:{MONDAY}", employee_id=org["dewi"],
                             work_date=MONDAY, kind="absent", code="TK", at=closed,
                             facts={}, created_at=closed))
        s.add(AttendanceMark(key=f"absent:{org['andi']}:{MONDAY}", employee_id=org["andi"],
                             work_date=MONDAY, kind="absent", code="TK", at=closed,
                             facts={}, created_at=closed))
    clock.set(at(TUESDAY, 7, 45))
    await begin(bot, DEWI, "Cuti Sakit (CS)")
    await press(bot, DEWI, "📅 Satu hari atau lebih")
    assert labels(last(bot, DEWI))[:3] == [
        "Kemarin — Senin, 23 November 2026", "Hari ini — Selasa, 24 November 2026",
        "Besok — Rabu, 25 November 2026"]
    await press_starting(bot, DEWI, "Kemarin")
    await press_starting(bot, DEWI, "Hari itu saja")
    await bot.text(DEWI, "Demam tinggi, istirahat di rumah")
    assert body(last(bot, DEWI)).startswith("Lampirkan surat keterangan dokter bila ada")
    photo = bot.emu.send_photo(DEWI, caption="surat dokter", queue=False)
    await bot.feed(photo)
    assert "Lampiran: foto" in body(last(bot, DEWI))
    await press(bot, DEWI, "✅ Kirim")
    await bot.deliver()
    card = last(bot, RIZKI)
    assert card["photo"][-1]["file_id"] == photo["message"]["photo"][-1]["file_id"]
    assert body(card) == (
        "📝 Permohonan Cuti Sakit (CS)\nDari: Dewi Anggraini (NIP 199107242015032002)\n"
        "Waktu: Senin, 23 November 2026 (1 hari kerja)\nAlasan: Demam tinggi, istirahat di rumah\n"
        "Lampiran: foto")
    clock.set(at(TUESDAY, 9))
    await press(bot, RIZKI, "✔️ Setujui", card)
    assert "photo" in last(bot, RIZKI) and body(last(bot, RIZKI)).endswith(
        "✔️ Disetujui pukul 09:00 WIB. Dewi Anggraini diberi tahu.")
    await bot.deliver()
    assert body(last(bot, DEWI)) == (
        "✔️ Cuti Sakit (CS), Senin, 23 November 2026 disetujui oleh Rizki Pratama.\n\n"
        "Catatan presensi berikut dihapus karena izin ini:\n"
        "• TK (tanpa keterangan) pada Senin, 23 November 2026")
    [request] = await rows(db, LeaveRequest)
    marks = {m.employee_id: m for m in await rows(db, AttendanceMark)}
    assert (marks[org["dewi"]].cleared_by_leave_id, marks[org["dewi"]].cleared_at) == (
        request.id, at(TUESDAY, 9))
    assert marks[org["andi"]].cleared_by_leave_id is None  # someone else's TK stays
    [record] = await rows(db, DayRecord)
    assert (record.status, record.code, record.leave_id) == ("leave", "CS", request.id)


async def test_part_of_a_day_clears_only_the_marks_inside_it(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    seen = at(MONDAY, 20)
    async with db.transaction() as s:
        s.add(DayRecord(employee_id=org["andi"], work_date=MONDAY, status="present",
                        code="TL1", check_in_code="TL1", late_minutes=10, midday_absences=1,
                        closed_at=seen, updated_at=seen))
        s.add(AttendanceMark(key="late:andi", employee_id=org["andi"], work_date=MONDAY,
                             kind="late", code="TL1", at=at(MONDAY, 7, 40),
                             facts={"minutes": 10}, created_at=seen))
        s.add(AttendanceMark(key="midday:andi", employee_id=org["andi"], work_date=MONDAY,
                             kind="midday_absence", at=at(MONDAY, 14, 10), facts={},
                             created_at=seen))
    clock.set(at(TUESDAY, 8))
    await begin(bot, ANDI, "Izin (I)")
    await press(bot, ANDI, "🕘 Sebagian hari (jam)")
    assert body(last(bot, ANDI)).startswith("Tanggal berapa?")
    await press_starting(bot, ANDI, "Kemarin")
    assert labels(last(bot, ANDI)) == ["07:30–12:00 WIB", "13:00–16:00 WIB", "Batal"]
    [reply] = await bot.text(ANDI, "15:00-13:00")
    assert body(reply) == "Jam selesai harus setelah jam mulai."
    [reply] = await bot.text(ANDI, "jam dua")
    assert body(reply) == "Jam tidak dikenali: «jam dua». Contoh: 08:00-11:30."
    await bot.text(ANDI, "13:30 - 15:30")
    await bot.text(ANDI, "Mengantar anak ke puskesmas")
    await press(bot, ANDI, "Lewati")
    assert "Waktu: Senin, 23 November 2026, 13:30–15:30 WIB\n" in body(last(bot, ANDI))
    await press(bot, ANDI, "✅ Kirim")
    await bot.deliver()
    await press(bot, RIZKI, "✔️ Setujui")
    await bot.deliver()
    assert body(last(bot, ANDI)).endswith(
        "Catatan presensi berikut dihapus karena izin ini:\n"
        "• tidak di tempat kerja pukul 14:10 WIB pada Senin, 23 November 2026")
    marks = {m.kind: m for m in await rows(db, AttendanceMark)}
    assert marks["late"].cleared_by_leave_id is None
    assert marks["midday_absence"].cleared_by_leave_id is not None
    [record] = await rows(db, DayRecord)
    assert (record.status, record.code, record.midday_absences) == ("present", "TL1", 0)


async def close_monday(bot: Any, db: Any, clock: Any) -> None:
    """The day-close scan as the job runs it: seen in the morning, closed at 20:00."""
    settings = bot.app.bot_data["deps"].settings
    for moment in (at(MONDAY, 6), at(MONDAY, 20, 5)):
        clock.set(moment)
        async with db.transaction() as s:
            await close_days(s, settings, moment)


async def test_a_permission_approved_after_the_day_clears_what_the_close_would_not_have_made(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Andi went to the doctor at 13:00 without checking out; Dewi came only in
    the morning. Each files an izin for part of Monday on Tuesday. Approved,
    they leave the marks the day close would have made with them approved
    before: Andi's PSW4 goes (the afternoon covers the end of work), Dewi's TK
    stays (a morning does not cover her whole day)."""
    clock.set(at(MONDAY, 6))
    async with db.transaction() as s:
        await close_days(s, bot.app.bot_data["deps"].settings, at(MONDAY, 6))
    clock.set(at(MONDAY, 7, 25))
    await bot.text(ANDI, "/masuk")
    clock.advance(seconds=20)
    await bot.location(ANDI, IN_LAT, IN_LON)
    await close_monday(bot, db, clock)
    kinds = {(m.employee_id, m.kind) for m in await rows(db, AttendanceMark)
             if m.employee_id in (org["andi"], org["dewi"])}
    assert kinds == {(org["andi"], "no_check_out"), (org["dewi"], "absent")}

    clock.set(at(TUESDAY, 8))
    for user, label in ((ANDI, "13:00–16:00 WIB"), (DEWI, "07:30–12:00 WIB")):
        await begin(bot, user, "Izin (I)")
        await press(bot, user, "🕘 Sebagian hari (jam)")
        await press_starting(bot, user, "Kemarin")
        await press(bot, user, label)
        await bot.text(user, "Berobat ke dokter")
        await press(bot, user, "Lewati")
        await press(bot, user, "✅ Kirim")
        await bot.deliver()
        await press(bot, RIZKI, "✔️ Setujui")
    await bot.deliver()
    marks = {(m.employee_id, m.kind): m for m in await rows(db, AttendanceMark)}
    assert marks[(org["andi"], "no_check_out")].cleared_by_leave_id is not None
    assert marks[(org["dewi"], "absent")].cleared_by_leave_id is None
    records = {r.employee_id: r for r in await rows(db, DayRecord)}
    assert (records[org["andi"]].code, records[org["andi"]].check_out_code) == ("H", None)
    assert (records[org["dewi"]].status, records[org["dewi"]].code) == ("absent", "TK")


async def test_fwa_moves_the_geofence_for_its_day_only(bot: Any, clock: Any, db: Any,
                                                       org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 7, 20))
    await bot.text(DEWI, "/masuk")
    [reply] = await bot.location(DEWI, HOME_LAT, HOME_LON)
    assert body(reply).startswith("❌ Anda berada 2,6 km dari Sekretariat Daerah")
    clock.set(at(MONDAY, 9))
    await begin(bot, DEWI, "FWA / WFH")
    await press_starting(bot, DEWI, "Besok")
    await press_starting(bot, DEWI, "Hari itu saja")
    await bot.text(DEWI, "Menyusun laporan kinerja di rumah")
    await press(bot, DEWI, "Lewati")
    assert body(last(bot, DEWI)).startswith("Kirim lokasi tempat kerja FWA/WFH")
    [reply] = await bot.text(DEWI, "rumah saya")
    assert body(reply).startswith("Kirim lokasi tempat kerja FWA/WFH")
    await bot.location(DEWI, HOME_LAT, HOME_LON, live_period=None)  # a pin on the map is fine
    assert f"Tempat FWA/WFH: {HOME_LAT:.5f}, {HOME_LON:.5f}" in body(last(bot, DEWI))
    await press(bot, DEWI, "✅ Kirim")
    await bot.deliver()
    assert "Tempat FWA/WFH: -2.89500, 103.83000" in body(last(bot, RIZKI))
    await press(bot, RIZKI, "✔️ Setujui")
    clock.set(at(TUESDAY, 7, 20))
    await bot.text(DEWI, "/masuk")
    [reply] = await bot.location(DEWI, HOME_LAT + 0.0003, HOME_LON)  # 33 m from the place
    assert body(reply).startswith(  # then the presence checks' 8-hour live location tip
        "✅ Masuk tercatat pukul 07:20 WIB, Selasa, 24 November 2026, di tempat FWA/WFH yang "
        "disetujui.\nTepat waktu (jadwal 07:30 WIB).\n\n💡 Saran:")
    [event] = await rows(db, AttendanceEvent)
    assert event.office_id == org["setda"] and 30 < event.distance_m < 40
    clock.set(at(TUESDAY, 16, 5))
    await bot.text(DEWI, "/pulang")
    [reply] = await bot.location(DEWI, FAR_LAT, FAR_LON)  # neither home nor the office
    assert body(reply) == (
        "❌ Anda berada 2,7 km dari tempat FWA/WFH yang disetujui (radius 150 m) dan 1,2 km "
        "dari Sekretariat Daerah. Presensi belum tercatat. Kirim lokasi lagi dari tempat yang "
        "disetujui.")
    [reply] = await bot.location(DEWI, HOME_LAT, HOME_LON)
    assert body(reply).startswith("✅ Pulang tercatat pukul 16:05 WIB")
    clock.set(datetime(2026, 11, 25, 7, 20, tzinfo=WIB))  # Wednesday: no FWA
    await bot.text(DEWI, "/masuk")
    [reply] = await bot.location(DEWI, HOME_LAT, HOME_LON)
    assert body(reply).startswith("❌ Anda berada 2,6 km dari Sekretariat Daerah")
    assert await count(db, AttendanceEvent) == 2


async def test_izin_keluar_approved_and_the_return_by_live_location(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 7, 20))
    await bot.text(DEWI, "/masuk")
    await bot.location(DEWI, IN_LAT, IN_LON)
    clock.set(at(MONDAY, 9, 28))
    await begin(bot, DEWI, "Izin Keluar (IK)")
    assert body(last(bot, DEWI)).startswith("Untuk keperluan apa Anda keluar kantor?")
    await bot.text(DEWI, "Ke bank mengurus gaji")
    assert labels(last(bot, DEWI)) == [
        "1 jam — 10:30 WIB", "2 jam — 11:30 WIB", "3 jam — 12:30 WIB",
        "Sampai jam pulang — 16:00 WIB", "Batal"]
    [reply] = await bot.text(DEWI, "09:30")
    assert body(reply) == "Perkiraan kembali minimal 10 menit dari sekarang."
    [reply] = await bot.text(DEWI, "besok")
    assert body(reply) == "Jam tidak dikenali: «besok». Contoh: 11:30."
    clock.set(at(MONDAY, 9, 30))
    await press(bot, DEWI, "2 jam — 11:30 WIB")
    summary = body(last(bot, DEWI))
    assert ("Waktu: Senin, 23 November 2026, 09:30–11:30 WIB\nKeperluan: Ke bank mengurus gaji\n"
            "Dikirim ke: Rizki Pratama") in summary
    await press(bot, DEWI, "✅ Kirim")
    await bot.deliver()
    assert body(last(bot, RIZKI)).startswith("📝 Permohonan Izin Keluar\nDari: Dewi Anggraini")
    clock.set(at(MONDAY, 9, 35))
    await press(bot, RIZKI, "✔️ Setujui")
    await bot.deliver()
    notice = last(bot, DEWI)
    assert body(notice) == (
        "✔️ Izin Keluar, Senin, 23 November 2026, 09:30–11:30 WIB disetujui oleh Rizki "
        "Pratama.\n\nSetelah kembali, ketuk Saya sudah kembali lalu bagikan lokasi terkini dari "
        "kantor.")
    assert labels(notice) == ["🏢 Saya sudah kembali"]
    [request] = await rows(db, LeaveRequest)
    assert (request.start_at, request.end_at) == (at(MONDAY, 9, 30), at(MONDAY, 11, 30))
    async with db.transaction() as s:  # the contract presence checks read
        spans = (await workday.approved_leaves(s, MONDAY, MONDAY))[org["dewi"]]
    assert covering_moment(spans, MONDAY, at(MONDAY, 10)) is not None
    assert covering_moment(spans, MONDAY, at(MONDAY, 12)) is None
    clock.set(at(MONDAY, 11, 0))
    await press(bot, DEWI, "🏢 Saya sudah kembali", notice)
    assert body(last(bot, DEWI)).startswith("Bagikan lokasi terkini Anda dari kantor dalam 5 menit")
    clock.set(at(MONDAY, 11, 1))
    [reply] = await bot.location(DEWI, IN_LAT, IN_LON, live_period=None)  # a pin: refused
    assert body(reply).startswith("❌ Lokasi biasa (titik di peta) tidak diterima")
    [reply] = await bot.location(DEWI, FAR_LAT, FAR_LON)
    assert body(reply) == (
        "❌ Anda berada 1,2 km dari Sekretariat Daerah (radius 150 m). Kembali belum tercatat; "
        "kirim lokasi lagi setelah tiba.")
    clock.set(at(MONDAY, 11, 3))
    [reply] = await bot.location(DEWI, IN_LAT, IN_LON)
    assert body(reply) == "✅ Kembali tercatat pukul 11:03 WIB di Sekretariat Daerah. Terima kasih."
    [request] = await rows(db, LeaveRequest)
    assert (request.returned_at, request.end_at) == (at(MONDAY, 11, 3), at(MONDAY, 11, 3))
    await bot.deliver()
    assert body(last(bot, RIZKI)).startswith(
        "🏢 Dewi Anggraini sudah kembali pukul 11:03 WIB (Sekretariat Daerah, ")
    await press(bot, DEWI, "🏢 Saya sudah kembali", notice)
    assert answer(bot) == "Kembali Anda sudah tercatat."
    # a location now is an ordinary one again (the check-out prompt follows)
    clock.set(at(MONDAY, 16, 5))
    await bot.text(DEWI, "/pulang")
    [reply] = await bot.location(DEWI, IN_LAT, IN_LON)
    assert body(reply).startswith("✅ Pulang tercatat pukul 16:05 WIB")


async def test_a_request_for_an_inactive_supervisor_goes_up(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.id == org["rizki"]).values(active=False))
    clock.set(at(MONDAY, 8))
    await ask_days(bot, DEWI, "Izin (I)", "Besok", "Hari itu saja", "Mengurus KTP",
                   whole=True)
    assert body(last(bot, DEWI)).startswith("✅ Permohonan Izin (I) terkirim ke Ahmad Fauzi.")
    card = last(bot, AHMAD)
    assert body(card).startswith(
        "↪️ Diteruskan kepada Anda: Rizki Pratama (NIP 198503122010011001) tidak aktif lagi."
        "\n\n📝 Permohonan Izin (I)\nDari: Dewi Anggraini")
    await press(bot, AHMAD, "✔️ Setujui", card)
    [request] = await rows(db, LeaveRequest)
    assert (request.status, request.approver_id, request.decided_by_id) == (
        "approved", org["rizki"], org["ahmad"])


async def test_dates_picked_in_the_calendar(bot: Any, clock: Any, db: Any,
                                            org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await begin(bot, DEWI, "Cuti Besar (CB)")
    await press(bot, DEWI, "📅 Pilih di kalender")
    grid = last(bot, DEWI)
    assert body(grid) == "📅 Pilih tanggal:"
    days = labels(grid)
    assert days[0] == "11/2026" and "22" not in days and "23" in days and "30" in days
    await press(bot, DEWI, "11/2026", grid)  # the title: nothing happens
    assert answer(bot) == "" and body(last(bot, DEWI)) == "📅 Pilih tanggal:"
    await press(bot, DEWI, "▶", grid)
    december = last(bot, DEWI)
    assert labels(december)[0] == "12/2026"
    await press(bot, DEWI, "14", december)
    assert body(last(bot, DEWI)).startswith("Mulai Senin, 14 Desember 2026. Sampai tanggal")
    await press(bot, DEWI, "📅 Pilih di kalender")
    end_grid = last(bot, DEWI)
    assert "13" not in labels(end_grid) and "14" in labels(end_grid)
    await press(bot, DEWI, "18", end_grid)
    assert body(last(bot, DEWI)) == "Tulis alasannya (wajib, maks. 500 karakter)."
    await bot.text(DEWI, "Cuti besar setelah enam tahun bekerja")
    await press(bot, DEWI, "Lewati")
    assert ("Waktu: Senin, 14 Desember 2026 s.d. Jumat, 18 Desember 2026 (5 hari kerja)"
            in body(last(bot, DEWI)))


async def test_a_button_of_an_earlier_flow_changes_nothing(bot: Any, clock: Any, db: Any,
                                                           org: dict[str, int]) -> None:
    clock.set(at(MONDAY, 8))
    await bot.text(DEWI, "/izin")
    await press(bot, DEWI, "➕ Ajukan izin/cuti")
    first = last(bot, DEWI)
    await press(bot, DEWI, "➕ Ajukan izin/cuti")  # starts again: a new flow
    await press(bot, DEWI, "Cuti Sakit (CS)", first)
    assert answer(bot) == "Tombol ini sudah tidak berlaku."
    await bot.press(DEWI, first["message_id"], LeaveFlowCB("kind", 99, 0).pack())  # forged
    assert answer(bot) == "Tombol ini sudah tidak berlaku."
    await press(bot, DEWI, "Izin Keluar (IK)")  # the current flow goes on
    assert body(last(bot, DEWI)).startswith("Untuk keperluan apa Anda keluar kantor?")


async def test_a_supervisor_deactivated_before_deciding_hands_the_request_up(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    from bot.handover import hand_over

    clock.set(at(MONDAY, 8))
    await begin(bot, DEWI, "Cuti Sakit (CS)")
    await press(bot, DEWI, "📅 Satu hari atau lebih")
    await press_starting(bot, DEWI, "Hari ini")
    await press_starting(bot, DEWI, "Hari itu saja")
    await bot.text(DEWI, "Demam sejak pagi")
    await bot.feed(bot.emu.send_photo(DEWI, queue=False))
    await press(bot, DEWI, "✅ Kirim")
    await bot.deliver()
    assert "photo" in last(bot, RIZKI)
    async with db.transaction() as s:
        rizki = await s.get(Employee, org["rizki"])
        assert rizki is not None
        rizki.active = False
        await s.flush()
        assert await hand_over(s, rizki, now=clock.now(), default_language="id") == 1
    await bot.deliver()
    # his old card's button: a plain refusal he can read whole, nothing decided
    await bot.press(RIZKI, last(bot, RIZKI)["message_id"], LeaveCB("approve", 1).pack())
    assert answer(bot) == (
        "Akun Telegram ini belum terdaftar di Hadir. Tidak ada yang diubah. Untuk mendaftar, "
        "minta tautan undangan kepada operator kepegawaian.")
    [request] = await rows(db, LeaveRequest)
    assert request.status == "pending"
    card = last(bot, AHMAD)
    assert "photo" in card and body(card).startswith(
        "↪️ Diteruskan kepada Anda: Rizki Pratama (NIP 198503122010011001) tidak aktif lagi."
        "\n\n📝 Permohonan Cuti Sakit (CS)")
    await press(bot, AHMAD, "✔️ Setujui", card)
    [request] = await rows(db, LeaveRequest)
    assert (request.status, request.decided_by_id) == ("approved", org["ahmad"])


# --- the pure rules -------------------------------------------------------------------


def span(kind: str, start: date, end: date, start_at: datetime | None = None,
         end_at: datetime | None = None) -> Any:
    from bot.rules.leave import LeaveSpan

    return LeaveSpan(1, 1, kind, start, end, start_at, end_at)


def test_a_permission_excuses_a_mark_as_the_day_close_judges_it() -> None:
    from bot.rules.leave import excuses_mark

    work = (at(MONDAY, 7, 30), at(MONDAY, 16))
    morning = [span("I", MONDAY, MONDAY, at(MONDAY, 7, 30), at(MONDAY, 9))]
    afternoon = [span("I", MONDAY, MONDAY, at(MONDAY, 13), at(MONDAY, 16))]
    # in at 09:10 after a morning permission: the start was covered, no lateness
    assert excuses_mark(morning, "late", MONDAY, at(MONDAY, 9, 10), work)
    assert not excuses_mark(afternoon, "late", MONDAY, at(MONDAY, 9, 10), work)
    # out at 12:55 before an afternoon permission, or no check-out at all
    assert excuses_mark(afternoon, "early", MONDAY, at(MONDAY, 12, 55), work)
    assert excuses_mark(afternoon, "no_check_out", MONDAY, at(MONDAY, 16), work)
    # TK needs the whole day covered; a mid-day absence only its moment
    assert not excuses_mark(morning, "absent", MONDAY, at(MONDAY, 7, 30), work)
    assert excuses_mark(morning + afternoon, "absent", MONDAY, at(MONDAY, 7, 30), work)
    assert excuses_mark(afternoon, "midday_absence", MONDAY, at(MONDAY, 14), None)
    assert not excuses_mark(afternoon, "midday_absence", MONDAY, at(MONDAY, 10), None)


def test_overlap_by_dates_by_instants_and_fwa_with_a_few_hours() -> None:
    from bot.rules.leave import overlaps

    week = span("CT", date(2026, 11, 23), date(2026, 11, 27))
    assert overlaps(week, span("DL", date(2026, 11, 27), date(2026, 11, 30)))
    assert not overlaps(week, span("DL", date(2026, 11, 28), date(2026, 11, 30)))
    morning = span("I", MONDAY, MONDAY, at(MONDAY, 8), at(MONDAY, 10))
    assert overlaps(morning, span("IK", MONDAY, MONDAY, at(MONDAY, 9, 30), at(MONDAY, 11)))
    assert not overlaps(morning, span("IK", MONDAY, MONDAY, at(MONDAY, 10), at(MONDAY, 11)))
    assert overlaps(week, morning)
    wfh = span("FWA", MONDAY, MONDAY)
    assert not overlaps(wfh, morning) and overlaps(wfh, span("CT", MONDAY, MONDAY))


def test_annual_balance_arithmetic() -> None:
    from bot.rules.leave import Refusal, annual_balance, check_balance

    fresh = annual_balance(2026, entitlement=12, carry_over_cap=6, used_last_year=12, used=0,
                           pending=0)
    assert (fresh.carried, fresh.available) == (0, 12)
    carried = annual_balance(2026, entitlement=12, carry_over_cap=6, used_last_year=2, used=4,
                             pending=3)
    assert (carried.carried, carried.total, carried.available) == (6, 18, 11)
    check_balance(carried, 11)
    with pytest.raises(Refusal) as refused:
        check_balance(carried, 12)
    assert refused.value.key == "leave.refused.balance"
    assert refused.value.values == {"days": 12, "available": 11, "year": 2026}


@pytest.mark.parametrize(("typed", "expected"), [
    ("30-11-2026", date(2026, 11, 30)), ("30/11/2026", date(2026, 11, 30)),
    ("30-11", date(2026, 11, 30)), ("1.12", date(2026, 12, 1)),
    ("20-10", date(2027, 10, 20)),  # more than a month back: next year's
    ("29-02", None), ("31-02", None),  # no 29 February within a year ("30-11-2026 10:00", None),
    ("besok", None), ("", None),
])
def test_typed_days(typed: str, expected: date | None) -> None:
    from bot.rules.leave import parse_day

    assert parse_day(typed, MONDAY) == expected


def test_typed_times() -> None:
    from bot.rules.leave import parse_time, parse_time_range

    assert parse_time("11.30") == time(11, 30) and parse_time("jam 9:05") == time(9, 5)
    assert parse_time("25:00") is None and parse_time("11") is None
    assert parse_time_range("08:00-11:30") == (time(8), time(11, 30))
    assert parse_time_range("8.00 s.d. 11.30") == (time(8), time(11, 30))
    assert parse_time_range("13:00 – 15:00") == (time(13), time(15))
    assert parse_time_range("08:00") is None
