"""Tasks through the real Application: giving, doing, verifying, extending.

Notices travel through the outbox; ``bot.deliver()`` drains it into the
emulator, so the assignee presses the buttons on the message they received.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.callbacks import ExtensionCB, NewTaskCB, TaskCB
from db.models import ExtensionRequest, OutboxMessage, Task, TaskEvent
from tests import factories
from tests.factories import count, rows

WIB = ZoneInfo("Asia/Jakarta")
AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI = 8001, 8002, 8003, 8004, 8005, 8006


def monday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=WIB)


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    """Head Ahmad > supervisor Rizki > Dewi, Andi; another unit: Sri > Yudi."""
    async with db.transaction() as s:
        people = await factories.two_units(s, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    factories.add_two_units_users(emulator, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    return {name: row.id for name, row in people.items()}






def last(bot: Any, chat: int) -> dict[str, Any]:
    return bot.emu.sent_messages(chat)[-1]


async def press(bot: Any, chat: int, label: str, message: dict[str, Any] | None = None) -> None:
    """Press the button labelled ``label`` on the latest message that has it."""
    for candidate in ([message] if message else reversed(bot.emu.sent_messages(chat))):
        for row in bot.emu.buttons(candidate):
            for text, data in row:
                if text == label:
                    await bot.press(chat, candidate["message_id"], data)
                    return
    raise AssertionError(f"no button {label!r} in chat {chat}")


async def give_task(bot: Any, clock: Any, *, to: tuple[str, ...] = ("Dewi Anggraini",),
                    title: str = "Susun laporan kinerja triwulan") -> None:
    clock.set(monday(9, 0))
    await bot.text(RIZKI, "/tugasbaru")
    for name in to:
        await press(bot, RIZKI, f"▫️ {name}")
    await press(bot, RIZKI, f"Lanjut ({len(to)}) ➡️")
    await bot.text(RIZKI, title)
    await press(bot, RIZKI, "Lewati")
    picks = bot.emu.buttons(last(bot, RIZKI))
    await press(bot, RIZKI, picks[1][0][0])  # "Besok — Selasa, 24 November 2026 16:00 WIB"
    await press(bot, RIZKI, "Tinggi")
    await press(bot, RIZKI, "✅ Kirim")
    await bot.deliver()


async def test_supervisor_gives_a_task_in_a_few_taps(bot: Any, clock: Any, db: Any,
                                                     org: dict[str, int]) -> None:
    clock.set(monday(9, 0))
    [picker] = await bot.text(RIZKI, "/tugasbaru")
    names = [row[0][0] for row in bot.emu.buttons(picker)[:-1]]
    assert names == ["▫️ Andi Saputra", "▫️ Dewi Anggraini"]  # not Yudi of another unit
    await give_task(bot, clock, to=("Dewi Anggraini", "Andi Saputra"))
    assert "✅ Tugas Susun laporan kinerja triwulan dikirim ke: Dewi Anggraini, Andi Saputra" in [
        m["text"] for m in bot.emu.sent_messages(RIZKI)]
    tasks = await rows(db, Task)
    assert [(t.assignee_id, t.status, t.priority) for t in tasks] == [
        (org["dewi"], "new", "high"), (org["andi"], "new", "high")]
    assert tasks[0].deadline == datetime(2026, 11, 24, 16, 0, tzinfo=WIB)
    assert tasks[0].batch == tasks[1].batch
    notice = last(bot, DEWI)
    assert notice["text"].startswith("📥 Tugas baru\n\n📋 Susun laporan kinerja triwulan\n"
                                     "Dari: Rizki Pratama · Untuk: Dewi Anggraini\n"
                                     "Tenggat: Selasa, 24 November 2026 16:00 WIB")
    assert bot.emu.buttons(notice) == [
        [("▶️ Mulai", TaskCB("start", tasks[0].id).pack()),
         ("📊 Progres", TaskCB("progress", tasks[0].id).pack())],
        [("✅ Selesai", TaskCB("done", tasks[0].id).pack()),
         ("⏳ Perpanjangan", TaskCB("extend", tasks[0].id).pack())]]
    assert [e.kind for e in await rows(db, TaskEvent)] == ["created", "created"]


async def test_staff_cannot_give_tasks(bot: Any, clock: Any, db: Any, org: Any) -> None:
    [reply] = await bot.text(DEWI, "/tugasbaru")
    assert reply["text"] == "Hanya atasan (kepala subbagian/bagian) yang dapat memberi tugas."
    [reply] = await bot.text(DEWI, "/tugastim")
    assert reply["text"].startswith("Hanya atasan")


async def test_forged_pick_from_another_unit_is_refused(bot: Any, clock: Any, db: Any,
                                                        org: dict[str, int]) -> None:
    clock.set(monday(9, 0))
    [picker] = await bot.text(RIZKI, "/tugasbaru")
    await bot.press(RIZKI, picker["message_id"], NewTaskCB("toggle", org["yudi"]).pack())
    assert bot.callback_answers()[-1]["text"] == (
        "Pegawai itu bukan bawahan Anda. Tidak ada yang diubah.")
    await press(bot, RIZKI, "Lanjut (0) ➡️")
    assert bot.callback_answers()[-1]["text"] == "Pilih minimal satu pegawai."
    assert await count(db, Task) == 0


async def test_search_by_name_and_bad_deadlines(bot: Any, clock: Any, db: Any, org: Any) -> None:
    clock.set(monday(9, 0))
    await bot.text(RIZKI, "/tugasbaru")
    [found] = await bot.text(RIZKI, "dew")
    assert [row[0][0] for row in bot.emu.buttons(found)][:1] == ["▫️ Dewi Anggraini"]
    assert "Hasil «dew»: 1 orang." in found["text"]
    await press(bot, RIZKI, "▫️ Dewi Anggraini", found)
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    [reply] = await bot.text(RIZKI, "x" * 201)
    assert reply["text"].startswith("Judul terlalu panjang (maks. 200 karakter)")
    await bot.text(RIZKI, "Rekap absensi")
    await bot.text(RIZKI, "Untuk rapat pimpinan")
    [reply] = await bot.text(RIZKI, "31-02-2026")
    assert reply["text"].startswith("Tanggal tidak dikenali: «31-02-2026»")
    [reply] = await bot.text(RIZKI, "20-11-2026 10:00")
    assert reply["text"] == "Tenggat harus di masa depan. Pilih tanggal lain."
    [reply] = await bot.text(RIZKI, "25-11-2026 14:00")
    assert reply["text"] == "Prioritas?"
    await press(bot, RIZKI, "Normal")
    assert "Tenggat: Rabu, 25 November 2026 14:00 WIB" in last(bot, RIZKI)["text"]
    await press(bot, RIZKI, "Batal")
    assert last(bot, RIZKI)["text"] == "Dibatalkan. Tidak ada yang diubah."
    assert await count(db, Task) == 0


async def test_assignee_starts_reports_progress_and_double_taps(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await give_task(bot, clock)
    notice = last(bot, DEWI)
    await press(bot, DEWI, "▶️ Mulai", notice)
    assert bot.callback_answers()[-1]["text"] == "▶️ Tugas mulai dikerjakan."
    assert "Status: dikerjakan" in bot.emu.sent_messages(DEWI)[-1]["text"]
    await bot.press(DEWI, notice["message_id"], TaskCB("start", 1).pack())  # double tap
    assert bot.callback_answers()[-1]["text"] == "Tugas ini sudah dikerjakan."
    await press(bot, DEWI, "📊 Progres")
    await press(bot, DEWI, "50%")
    [done] = await bot.text(DEWI, "Data dua bidang sudah masuk")
    assert done["text"] == "📊 Progres 50% tercatat."
    await bot.deliver()
    assert last(bot, RIZKI)["text"] == (
        "📊 Dewi Anggraini: progres Susun laporan kinerja triwulan 50%.\n"
        "Catatan: Data dua bidang sudah masuk")
    [task] = await rows(db, Task)
    assert (task.status, task.progress) == ("in_progress", 50)
    assert [e.kind for e in await rows(db, TaskEvent)] == ["created", "started", "progress"]


async def test_done_with_photo_then_verified(bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    assert "foto atau dokumen" in last(bot, DEWI)["text"]
    photo = bot.emu.send_photo(DEWI, caption="Laporan final terlampir", queue=False)
    await bot.feed(photo)
    assert last(bot, DEWI)["text"] == (
        "📤 Laporan selesai terkirim ke Rizki Pratama untuk verifikasi.")
    await bot.deliver()
    review = last(bot, RIZKI)
    assert "photo" in review and review["caption"].startswith(
        "📤 Dewi Anggraini melaporkan tugas selesai.\nCatatan: Laporan final terlampir")
    assert [b for b, _ in bot.emu.buttons(review)[0]] == ["✔️ Terima", "↩️ Kembalikan"]
    # Sri, supervisor of another unit, forges the accept button
    await bot.text(SRI, "/status")
    await bot.press(SRI, last(bot, SRI)["message_id"], TaskCB("accept", 1).pack())
    assert bot.callback_answers()[-1]["text"] == (
        "Anda tidak berwenang atas tugas ini. Tidak ada yang diubah.")
    await press(bot, RIZKI, "✔️ Terima", review)
    assert "Status: selesai" in last(bot, RIZKI)["caption"]
    await bot.press(RIZKI, review["message_id"], TaskCB("accept", 1).pack())  # stale button
    assert bot.callback_answers()[-1]["text"] == "Tugas ini sudah selesai."
    await bot.deliver()
    assert last(bot, DEWI)["text"] == (
        "✔️ Tugas Susun laporan kinerja triwulan diterima (oleh Rizki Pratama). Terima kasih!")
    [task] = await rows(db, Task)
    assert task.status == "done" and task.completed_at == monday(9, 0)
    [submitted] = await rows(db, TaskEvent, TaskEvent.kind == "submitted")
    assert submitted.evidence_kind == "photo" and submitted.evidence_file_id


async def test_returned_with_a_note_goes_back_to_the_assignee(bot: Any, clock: Any, db: Any,
                                                               org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    await bot.text(DEWI, "Sudah saya kirim lewat email")
    await bot.deliver()
    await press(bot, RIZKI, "↩️ Kembalikan")
    assert last(bot, RIZKI)["text"] == (
        "Apa yang perlu diperbaiki? Tulis catatan untuk Dewi Anggraini.")
    [reply] = await bot.text(RIZKI, "Lampirkan tabel capaian per bidang")
    assert reply["text"] == "↩️ Dikembalikan ke Dewi Anggraini"
    await bot.deliver()
    notice = last(bot, DEWI)
    assert notice["text"].startswith(
        "↩️ Tugas Susun laporan kinerja triwulan dikembalikan (oleh Rizki Pratama).\n"
        "Catatan: Lampirkan tabel capaian per bidang")
    assert bot.emu.buttons(notice)[0][0][0] == "▶️ Mulai"
    [task] = await rows(db, Task)
    assert task.status == "returned"


async def test_extension_requested_and_approved_moves_the_deadline(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "⏳ Perpanjangan")
    [reply] = await bot.text(DEWI, "23-11-2026")
    assert reply["text"].startswith("Tanggal baru harus setelah tenggat sekarang")
    await bot.text(DEWI, "27-11-2026 15:00")
    [reply] = await bot.text(DEWI, "Menunggu data dari Bagian Umum")
    assert reply["text"] == (
        "⏳ Permintaan perpanjangan ke Jumat, 27 November 2026 15:00 WIB terkirim ke "
        "Rizki Pratama.")
    await bot.deliver()
    request = last(bot, RIZKI)
    assert "dari Selasa, 24 November 2026 16:00 WIB menjadi Jumat, 27 November 2026 15:00 WIB" in (
        request["text"])
    await press(bot, RIZKI, "✔️ Setujui", request)
    await bot.press(RIZKI, request["message_id"], ExtensionCB("approve", 1).pack())  # double tap
    assert bot.callback_answers()[-1]["text"] == "Permintaan ini sudah disetujui."
    await bot.deliver()
    assert last(bot, DEWI)["text"] == (
        "✔️ Perpanjangan tugas Susun laporan kinerja triwulan disetujui Rizki Pratama: "
        "tenggat baru Jumat, 27 November 2026 15:00 WIB.")
    [task] = await rows(db, Task)
    assert task.deadline == datetime(2026, 11, 27, 15, 0, tzinfo=WIB)
    [event] = await rows(db, TaskEvent, TaskEvent.kind == "extension_approved")
    assert event.old_deadline == datetime(2026, 11, 24, 16, 0, tzinfo=WIB)


async def test_extension_rejected_needs_a_reason(bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "⏳ Perpanjangan")
    await press(bot, DEWI, bot.emu.buttons(last(bot, DEWI))[0][0][0])
    await bot.text(DEWI, "Banyak rapat")
    await bot.deliver()
    await press(bot, RIZKI, "✖️ Tolak")
    await bot.text(RIZKI, "Laporan dibutuhkan untuk rapat Rabu")
    await bot.deliver()
    assert last(bot, DEWI)["text"].startswith(
        "✖️ Perpanjangan tugas Susun laporan kinerja triwulan ditolak (oleh Rizki Pratama).\n"
        "Alasan: Laporan dibutuhkan untuk rapat Rabu")
    [request] = await rows(db, ExtensionRequest)
    assert request.status == "rejected"
    [task] = await rows(db, Task)
    assert task.deadline == datetime(2026, 11, 24, 16, 0, tzinfo=WIB)


async def test_someone_elses_task_buttons_change_nothing(bot: Any, clock: Any, db: Any,
                                                         org: Any) -> None:
    await give_task(bot, clock)
    await bot.text(ANDI, "/status")
    message = last(bot, ANDI)["message_id"]
    for action in ("start", "open"):
        await bot.press(ANDI, message, TaskCB(action, 1).pack())
        assert bot.callback_answers()[-1]["text"] == (
            "Tugas ini bukan milik Anda. Tidak ada yang diubah.")
    await bot.press(ANDI, message, TaskCB("done", 1).pack())
    assert bot.callback_answers()[-1]["text"] == (
        "Tugas ini bukan milik Anda. Tidak ada yang diubah.")
    await bot.press(ANDI, message, "tk:start:99999")
    assert bot.callback_answers()[-1]["text"] == "Tombol ini sudah tidak berlaku."
    [task] = await rows(db, Task)
    assert task.status == "new"


async def test_my_tasks_and_team_tasks_show_time_left_in_words(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock, to=("Dewi Anggraini", "Andi Saputra"))
    clock.set(monday(10, 0))
    await bot.text(RIZKI, "/tugasbaru")
    await press(bot, RIZKI, "▫️ Dewi Anggraini")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.text(RIZKI, "Siapkan bahan rapat")
    await press(bot, RIZKI, "Lewati")
    await bot.text(RIZKI, "23-11-2026 15:00")
    await press(bot, RIZKI, "Rendah")
    await press(bot, RIZKI, "✅ Kirim")
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=WIB))
    [mine] = await bot.text(DEWI, "/tugas")
    lines = mine["text"].splitlines()
    assert lines[0] == "Tugas saya (2)"
    assert lines[2].startswith("1. Siapkan bahan rapat — baru, terlambat")
    assert lines[3].startswith("2. Susun laporan kinerja triwulan — baru, terlambat")
    [team] = await bot.text(RIZKI, "/tugastim")
    assert team["text"].splitlines()[0] == "Tugas tim (3)"
    await bot.press(DEWI, mine["message_id"], bot.emu.buttons(mine)[0][0][1])
    assert "Riwayat:" in last(bot, DEWI)["text"]


async def test_task_notices_are_queued_once_in_the_outbox(bot: Any, clock: Any, db: Any,
                                                          org: Any) -> None:
    await give_task(bot, clock)
    keys = [m.key for m in await rows(db, OutboxMessage)]
    assert keys == ["task:1:assigned"]
    assert (await rows(db, OutboxMessage))[0].status == "sent"


async def test_a_task_can_be_cancelled_by_its_giver(bot: Any, clock: Any, db: Any,
                                                    org: Any) -> None:
    await give_task(bot, clock)
    [team] = await bot.text(RIZKI, "/tugastim")
    await bot.press(RIZKI, team["message_id"], bot.emu.buttons(team)[0][0][1])
    await press(bot, RIZKI, "✖️ Batalkan tugas")
    await bot.deliver()
    assert last(bot, DEWI)["text"] == (
        "✖️ Tugas Susun laporan kinerja triwulan dibatalkan (oleh Rizki Pratama).")
    await press(bot, DEWI, "▶️ Mulai")  # the old notice's button
    assert bot.callback_answers()[-1]["text"] == "Tugas ini sudah dibatalkan."
    [task] = await rows(db, Task)
    assert task.status == "cancelled"


async def test_large_team_is_paged_and_the_calendar_picks_a_day(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    async with db.transaction() as s:
        from db.models import Employee

        rizki = await s.get(Employee, org["rizki"])
        unit = rizki.unit
        for n in range(10):
            await factories.employee(s, unit, f"20000101202001{n:04d}", f"Staf {n:02d}",
                                     supervisor=rizki)
    clock.set(monday(9, 0))
    [picker] = await bot.text(RIZKI, "/tugasbaru")
    buttons = bot.emu.buttons(picker)
    assert len(buttons) == 8 + 2  # a page of people, the page row, next/cancel
    assert [b[0] for b in buttons[8]] == ["◀", "1/2", "▶"]
    await press(bot, RIZKI, "▶", picker)
    page_two = [row[0][0] for row in bot.emu.buttons(last(bot, RIZKI))[:4]]
    assert page_two == ["▫️ Staf 06", "▫️ Staf 07", "▫️ Staf 08", "▫️ Staf 09"]
    await press(bot, RIZKI, "▫️ Staf 09")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.text(RIZKI, "Arsipkan surat masuk")
    await press(bot, RIZKI, "Lewati")
    await press(bot, RIZKI, "📅 Pilih tanggal")
    month = last(bot, RIZKI)
    days = [label for row in bot.emu.buttons(month) for label, _ in row]
    assert "22" not in days and "23" in days and "30" in days  # no past days
    await press(bot, RIZKI, "27", month)
    await press(bot, RIZKI, "Normal")
    assert "Tenggat: Jumat, 27 November 2026 16:30 WIB" in last(bot, RIZKI)["text"]


async def test_one_flow_at_a_time_a_note_never_lands_in_the_other(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    await bot.text(DEWI, "Terlampir di email")
    await bot.deliver()
    review = last(bot, RIZKI)
    await bot.text(RIZKI, "/tugasbaru")  # starts giving a new task...
    await press(bot, RIZKI, "↩️ Kembalikan", review)  # ...then returns the reviewed one
    [reply] = await bot.text(RIZKI, "Tambahkan tabel capaian")
    assert reply["text"] == "↩️ Dikembalikan ke Dewi Anggraini"
    [task] = await rows(db, Task)
    assert task.status == "returned"


async def test_another_command_ends_the_flow_and_still_runs(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    [status] = await bot.text(DEWI, "/status")
    assert status["text"].startswith("Presensi Dewi Anggraini")
    [reply] = await bot.text(DEWI, "ok terima kasih")
    assert reply["text"] == "Saya hanya mengerti perintah. Ketik /bantuan untuk daftar perintah."
    [task] = await rows(db, Task)
    assert task.status == "new"
    await press(bot, DEWI, "✅ Selesai")
    [reply] = await bot.text(DEWI, "/batal")
    assert reply["text"] == "Dibatalkan. Tidak ada yang diubah."


async def test_longest_notes_and_descriptions_still_reach_the_supervisor(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    clock.set(monday(9, 0))
    await bot.text(RIZKI, "/tugasbaru")
    await press(bot, RIZKI, "▫️ Dewi Anggraini")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.text(RIZKI, "<b>" + "J" * 196)  # 200 characters that look like HTML
    await bot.text(RIZKI, "Uraian <i>panjang</i> " * 90)  # ~2000 characters
    await bot.text(RIZKI, "25-11-2026 14:00")
    await press(bot, RIZKI, "Normal")
    await press(bot, RIZKI, "✅ Kirim")
    await bot.deliver()
    await press(bot, DEWI, "✅ Selesai")
    note = "Catatan <penting> & rinci. " * 74  # just under 2000 characters
    await bot.feed(bot.emu.send_document(DEWI, "laporan.pdf", b"%PDF", caption=note[:1024],
                                         queue=False))
    await bot.deliver()
    review = last(bot, RIZKI)
    assert "document" in review and len(review["caption"]) <= 1024
    assert "Catatan <penting> & rinci." in review["caption"]
    await press(bot, RIZKI, "↩️ Kembalikan", review)
    await bot.text(RIZKI, note)
    await bot.deliver()
    returned = last(bot, DEWI)
    assert returned["text"].startswith("↩️ Tugas <b>JJJ")
    async with db.transaction() as s:
        failed = await s.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status != "sent"))
    assert failed == 0


async def test_extension_cannot_be_decided_once_the_task_is_closed(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)
    await press(bot, DEWI, "⏳ Perpanjangan")
    await bot.text(DEWI, "27-11-2026 15:00")
    await bot.text(DEWI, "Data belum lengkap")
    await bot.deliver()
    request = last(bot, RIZKI)
    [team] = await bot.text(RIZKI, "/tugastim")
    await bot.press(RIZKI, team["message_id"], bot.emu.buttons(team)[0][0][1])
    await press(bot, RIZKI, "✖️ Batalkan tugas")
    await press(bot, RIZKI, "✔️ Setujui", request)
    assert bot.callback_answers()[-1]["text"] == (
        "Permintaan ini sudah tidak berlaku: tugasnya tidak lagi dikerjakan.")
    await press(bot, RIZKI, "✖️ Tolak", request)
    assert bot.callback_answers()[-1]["text"] == (
        "Permintaan ini sudah tidak berlaku: tugasnya tidak lagi dikerjakan.")
    [task] = await rows(db, Task)
    assert task.deadline == datetime(2026, 11, 24, 16, 0, tzinfo=WIB)
    [ext] = await rows(db, ExtensionRequest)
    assert ext.status == "closed"


async def test_reminders_waiting_to_go_are_dropped_when_the_task_is_submitted(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    from jobs.reminders import enqueue_due_reminders

    await give_task(bot, clock)
    clock.set(datetime(2026, 11, 24, 14, 5, tzinfo=WIB))
    async with db.transaction() as s:
        assert await enqueue_due_reminders(s, bot.app.bot_data["deps"].settings, clock.now()) == 1
    await press(bot, DEWI, "✅ Selesai")
    await bot.text(DEWI, "Selesai")
    keys = [m.key for m in await rows(db, OutboxMessage)]
    assert not any(":remind:" in key for key in keys)


async def test_a_long_team_list_fits_one_message_and_says_how_many_more(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    now = monday(9, 0)
    async with db.transaction() as s:
        for n in range(120):
            s.add(Task(batch="b", assignee_id=org["dewi"], assigned_by_id=org["rizki"],
                       title=f"Tugas nomor {n:03d} " + "x" * 50, deadline=now, priority="normal",
                       status="new", progress=0, created_at=now, updated_at=now,
                       deadline_set_at=now))
    clock.set(monday(10, 0))
    [team] = await bot.text(RIZKI, "/tugastim")
    assert team["text"].startswith("Tugas tim (120)")
    assert len(team["text"]) <= 4096
    assert team["text"].endswith("tugas lagi (selesaikan yang di atas dulu).")
    shown = sum(1 for line in team["text"].splitlines() if line[:1].isdigit())
    assert sum(len(row) for row in bot.emu.buttons(team)) == shown


async def test_a_button_left_from_an_earlier_flow_does_not_act_on_this_one(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock, to=("Dewi Anggraini",), title="Tugas pertama")
    first = last(bot, DEWI)
    await give_task(bot, clock, to=("Dewi Anggraini",), title="Tugas kedua")
    second = last(bot, DEWI)
    await press(bot, DEWI, "📊 Progres", first)
    old_percent = last(bot, DEWI)
    await press(bot, DEWI, "📊 Progres", second)  # a new flow, for the second task
    await press(bot, DEWI, "75%", old_percent)  # the first flow's button
    assert bot.callback_answers()[-1]["text"] == "Tombol ini sudah tidak berlaku."
    assert [t.progress for t in await rows(db, Task)] == [0, 0]


async def test_a_head_gives_work_across_their_unit_tree_not_beyond(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    clock.set(monday(9, 0))
    [picker] = await bot.text(AHMAD, "/tugasbaru")
    names = [row[0][0] for row in bot.emu.buttons(picker)[:-1]]
    assert names == ["▫️ Andi Saputra", "▫️ Dewi Anggraini", "▫️ Rizki Pratama"]
    await bot.press(AHMAD, picker["message_id"], NewTaskCB("toggle", org["yudi"]).pack())
    assert bot.callback_answers()[-1]["text"] == (
        "Pegawai itu bukan bawahan Anda. Tidak ada yang diubah.")
    [team] = await bot.text(SRI, "/tugasbaru")
    assert [row[0][0] for row in bot.emu.buttons(team)[:-1]] == ["▫️ Yudi Hartono"]


async def test_stray_input_never_derails_a_flow(bot: Any, clock: Any, db: Any, org: Any) -> None:
    await give_task(bot, clock)  # Dewi's task 1, to return later
    clock.set(monday(10, 0))
    await bot.text(RIZKI, "/tugasbaru")
    await press(bot, RIZKI, "▫️ Andi Saputra")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.press(RIZKI, last(bot, RIZKI)["message_id"], TaskCB("return", 1).pack())
    assert bot.callback_answers()[-1]["text"] == "Tugas ini belum dimulai."  # refused...
    title = bot.emu.send_text(RIZKI, "Rekap cuti", queue=False)
    await bot.feed(title)  # ...and the flow is still asking for the title
    assert last(bot, RIZKI)["text"].startswith("Tambahkan uraian")
    edited = dict(title)
    edited["edited_message"] = {**title["message"], "text": "Rekap cuti pegawai",
                                "edit_date": title["message"]["date"] + 5}
    del edited["message"]
    edited["update_id"] = title["update_id"] + 1000
    before = len(bot.emu.sent_messages(RIZKI))
    await bot.feed(edited)  # fixing a typo is not the next answer
    assert len(bot.emu.sent_messages(RIZKI)) == before
    await press(bot, RIZKI, "Lewati")
    await bot.text(RIZKI, "25-11-2026 14:00")
    [hint] = await bot.text(RIZKI, "tinggi")  # typed instead of pressed
    assert hint["text"] == "Pilih salah satu tombol di atas, atau /batal untuk membatalkan."
    await press(bot, RIZKI, "Tinggi")
    await press(bot, RIZKI, "✅ Kirim")
    assert [t.title for t in await rows(db, Task)] == [
        "Susun laporan kinerja triwulan", "Rekap cuti"]


async def test_the_same_page_pressed_again_is_no_error(bot: Any, clock: Any, db: Any,
                                                       org: Any) -> None:
    clock.set(monday(9, 0))
    await bot.text(RIZKI, "/tugasbaru")
    await press(bot, RIZKI, "▫️ Dewi Anggraini")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.text(RIZKI, "Arsip")
    await press(bot, RIZKI, "Lewati")
    await press(bot, RIZKI, "📅 Pilih tanggal")
    month = last(bot, RIZKI)
    await press(bot, RIZKI, "11/2026", month)  # the month header
    await press(bot, RIZKI, "▶", month)
    await press(bot, RIZKI, "◀")
    await press(bot, RIZKI, "◀")  # back to November: the same as shown? no error either way
    assert bot.errors == []


async def test_a_typed_date_alone_means_the_end_of_that_working_day(
        bot: Any, clock: Any, db: Any, org: Any) -> None:
    clock.set(monday(9, 0))
    await bot.text(RIZKI, "/tugasbaru")
    await press(bot, RIZKI, "▫️ Dewi Anggraini")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.text(RIZKI, "Rekap")
    await press(bot, RIZKI, "Lewati")
    await bot.text(RIZKI, "27-11-2026")  # a Friday: the day ends at 16:30
    await press(bot, RIZKI, "Normal")
    assert "Tenggat: Jumat, 27 November 2026 16:30 WIB" in last(bot, RIZKI)["text"]
