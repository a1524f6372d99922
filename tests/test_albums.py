"""An album sent as a task's evidence: Telegram sends each of its photos (or
documents) as its own update with one media_group_id; all of them are the
evidence of one submission."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from db.models import EvidenceFile, OutboxMessage, Task, TaskEvent
from tests.test_tasks import DEWI, RIZKI, give_task, last, org, press, rows  # noqa: F401

pytestmark = pytest.mark.usefixtures("org")  # Rizki gives Dewi her tasks
ALBUM = "13570246813579001"
HINT = "Saya hanya mengerti perintah. Ketik /bantuan untuk daftar perintah."


def _largest(update: dict[str, Any]) -> str:
    return str(update["message"]["photo"][-1]["file_id"])


async def test_all_photos_of_an_album_are_the_evidence_of_one_submission(
        bot: Any, clock: Any, db: Any) -> None:
    """Issue 6 A12: only the first photo of a media group was kept; the rest got
    "Saya hanya mengerti perintah"."""
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    before = len(bot.emu.sent_messages(DEWI))
    album = [bot.emu.send_photo(DEWI, caption="Foto kegiatan" if n == 0 else None,
                                content=bytes([0xFF, 0xD8, n]), media_group_id=ALBUM,
                                queue=False) for n in range(3)]
    for update in album:
        await bot.feed(update)
    await bot.feed(album[2])  # Telegram sends an update again after a timeout
    replies = [m.get("text") for m in bot.emu.sent_messages(DEWI)[before:]]
    assert replies == ["📤 Laporan selesai terkirim ke Rizki Pratama untuk verifikasi."]

    [submission] = await rows(db, TaskEvent, TaskEvent.kind == "submitted")
    assert submission.media_group_id == ALBUM and submission.note == "Foto kegiatan"
    files = await rows(db, EvidenceFile)
    assert [(f.event_id, f.position, f.kind, f.file_id) for f in files] == [
        (submission.id, n + 1, "photo", _largest(update)) for n, update in enumerate(album)]
    [task] = await rows(db, Task)
    assert task.status == "awaiting_verification"

    await bot.deliver()
    review, second, third = bot.emu.sent_messages(RIZKI)[-3:]
    assert review["caption"].startswith(
        "📤 Dewi Anggraini melaporkan tugas selesai.\nCatatan: Foto kegiatan")
    assert [b for b, _ in bot.emu.buttons(review)[0]] == ["✔️ Terima", "↩️ Kembalikan"]
    assert second["caption"] == "📎 Bukti 2 dari Dewi Anggraini: Susun laporan kinerja triwulan"
    assert third["caption"] == "📎 Bukti 3 dari Dewi Anggraini: Susun laporan kinerja triwulan"
    sent = [c.params["photo"] for c in bot.emu.calls if c.method == "sendPhoto"]
    assert sent == [_largest(update) for update in album]  # the assignee's own photos
    await press(bot, RIZKI, "✔️ Terima", review)
    [decided] = [m for m in bot.emu.sent_messages(RIZKI)
                 if m["message_id"] == review["message_id"]]
    assert "Status: selesai" in decided["caption"]


async def test_an_album_of_documents_with_a_later_caption(bot: Any, clock: Any, db: Any) -> None:
    """Issue 6 A12: a caption on a later file of the album is not lost."""
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    first = bot.emu.send_document(DEWI, "laporan.pdf", b"%PDF-1", media_group_id=ALBUM,
                                  queue=False)
    second = bot.emu.send_document(DEWI, "lampiran.xlsx", b"PK", caption="Lampiran tabel",
                                   media_group_id=ALBUM, queue=False)
    [confirmation] = await _feed(bot, DEWI, first)
    assert confirmation["text"].startswith("📤 Laporan selesai terkirim")
    assert await _feed(bot, DEWI, second) == []
    [submission] = await rows(db, TaskEvent, TaskEvent.kind == "submitted")
    assert submission.note == "Lampiran tabel"
    assert [(f.kind, f.file_name) for f in await rows(db, EvidenceFile)] == [
        ("document", "laporan.pdf"), ("document", "lampiran.xlsx")]
    await bot.deliver()
    extra = last(bot, RIZKI)
    assert "document" in extra and extra["caption"] == (
        "📎 Bukti 2 dari Dewi Anggraini: Susun laporan kinerja triwulan\nCatatan: Lampiran tabel")


async def test_an_album_outside_any_submission_is_answered_as_before(
        bot: Any, clock: Any, db: Any) -> None:
    """Issue 6 A12: only an album that was submitted is taken in silence."""
    await give_task(bot, clock)
    for n in range(2):
        photo = bot.emu.send_photo(DEWI, media_group_id=ALBUM, content=bytes([n]), queue=False)
        [reply] = await _feed(bot, DEWI, photo)
        assert reply["text"] == HINT
    assert await rows(db, EvidenceFile) == []
    async with db.transaction() as s:
        keys = list(await s.scalars(select(OutboxMessage.key)))
    assert keys == ["task:1:assigned"]


async def test_an_album_whose_first_photo_is_refused_gets_one_answer(
        bot: Any, clock: Any, db: Any) -> None:
    """Issue 6 A12: a refused album is told once, not once per photo."""
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    async with db.transaction() as s:  # Rizki cancels the task meanwhile
        [task] = list(await s.scalars(select(Task)))
        task.status = "cancelled"
    album = [bot.emu.send_photo(DEWI, media_group_id=ALBUM, content=bytes([0xFF, n]),
                                queue=False) for n in range(3)]
    [refusal] = await _feed(bot, DEWI, album[0])
    assert "dibatalkan" in refusal["text"]
    assert await _feed(bot, DEWI, album[1]) == []
    assert await _feed(bot, DEWI, album[2]) == []
    assert await rows(db, EvidenceFile) == []


async def _feed(bot: Any, chat: int, update: dict[str, Any]) -> list[dict[str, Any]]:
    before = len(bot.emu.sent_messages(chat))
    await bot.feed(update)
    return list(bot.emu.sent_messages(chat)[before:])
