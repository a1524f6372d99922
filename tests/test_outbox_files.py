"""Outbox messages that upload a file (a weekly chart, a long summary), sent
through the Bot API emulator's multipart sendPhoto / sendDocument, on SQLite
and PostgreSQL: the bytes are kept once, sent as an upload, kept for a retry,
and let go once nothing needs them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.emulator import BotApiEmulator
from bot.services.outbox import Direct, enqueue, enqueue_many
from bot.services.outbox_files import Upload, release_orphans, store_uploads
from db.models import OutboxFile, OutboxMessage
from tests import factories
from tests.conftest import MONDAY_7_WIB
from tests.queries import counted

ANA, BAYU = 2101, 2102
REPORT = Upload("rekap-ORG-2026-W47.txt", b"Ringkasan mingguan\n" * 50, "document")


@pytest.fixture
def chats(emulator: BotApiEmulator) -> None:
    emulator.add_user(ANA, "Ana")
    emulator.add_user(BAYU, "Bayu")


async def queue_file(db: Any, clock: Any, uploads: list[tuple[int, str, Upload]]) -> list[bool]:
    """Queue each (chat, key, upload) as the notifier does: files first, then the rows."""
    async with db.transaction() as s:
        ids = await store_uploads(s, [(key, up) for _, key, up in uploads], clock.now())
        return [await enqueue(s, key=key, chat_id=chat, now=clock.now(), text=f"<b>{key}</b>",
                              method=up.method, file_id=ids.get(key), file_field=up.field)
                for chat, key, up in uploads]


def document(emulator: BotApiEmulator, chat: int) -> tuple[str, bytes, str]:
    [message] = emulator.sent_messages(chat)
    sent = message["document"]
    return sent["file_name"], emulator.state.files[sent["file_id"]].content, message["caption"]


async def test_one_file_for_two_messages_is_stored_once_uploaded_to_each_then_let_go(
        bot: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None) -> None:
    assert await queue_file(db, clock, [(ANA, "f:ana", REPORT), (BAYU, "f:bayu", REPORT)]) == [
        True, True]
    assert await factories.count(db, OutboxFile) == 1
    await bot.deliver()
    for chat, key in ((ANA, "f:ana"), (BAYU, "f:bayu")):
        assert document(emulator, chat) == (REPORT.name, REPORT.content, key)
    uploads = [c.params["document"] for c in emulator.calls_to("sendDocument")]
    assert uploads == [{"file_name": REPORT.name, "size": len(REPORT.content),
                        "mime_type": "text/plain"}] * 2
    assert await factories.count(db, OutboxFile) == 0
    rows = await factories.rows(db, OutboxMessage)
    assert [(r.status, r.file_field) for r in rows] == [("sent", "document")] * 2
    assert bot.errors == []


async def test_a_photo_goes_as_a_photo(
        bot: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None) -> None:
    chart = Upload("ringkasan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "photo")
    await queue_file(db, clock, [(ANA, "p:ana", chart)])
    await bot.deliver()
    [message] = emulator.sent_messages(ANA)
    assert message["caption"] == "p:ana"
    assert emulator.state.files[message["photo"][-1]["file_id"]].content == chart.content
    assert bot.errors == []


async def test_a_transient_failure_keeps_the_file_for_the_retry(
        make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None) -> None:
    bot = await make_harness(outbox_backoff_base_s=5.0)
    await queue_file(db, clock, [(ANA, "f:ana", REPORT)])
    emulator.fail_next("sendDocument", 500)
    await bot.deliver()
    [row] = await factories.rows(db, OutboxMessage)
    assert (row.status, row.attempts) == ("pending", 1)
    assert await factories.count(db, OutboxFile) == 1
    clock.advance(timedelta(seconds=10))
    await bot.deliver()
    assert document(emulator, ANA)[:2] == (REPORT.name, REPORT.content)
    assert await factories.count(db, OutboxFile) == 0
    assert bot.errors == []


async def test_a_message_given_up_on_keeps_its_file_and_a_used_key_stores_nothing(
        bot: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None) -> None:
    await queue_file(db, clock, [(ANA, "f:ana", REPORT)])
    emulator.fail_next("sendDocument", 400, description="Bad Request: file is too big")
    await bot.deliver()
    [row] = await factories.rows(db, OutboxMessage)
    assert row.status == "failed"
    assert await factories.count(db, OutboxFile) == 1  # for hadir outbox --retry
    assert await queue_file(db, clock, [(ANA, "f:ana", REPORT)]) == [False]
    assert await factories.count(db, OutboxFile) == 1
    with pytest.raises(ValueError):
        Upload("x.gif", b"", "animation")
    assert bot.errors == []


async def test_photos_and_texts_queued_together_are_one_statement(db: Any) -> None:
    """A weekly run queues a chart and a text per head: however many heads,
    the rows go in one statement (the ORM would split them by their Nones)."""
    now = MONDAY_7_WIB
    async with db.transaction() as s:
        stored = await store_uploads(s, [(f"chart{n}", Upload("w.png", b"png", "photo"))
                                         for n in range(6)], now)
        rows = []
        for n in range(6):
            rows.append(Direct(None, 100 + n, f"chart{n}", now, None, method="sendPhoto",
                               params={"caption": "📊"}, file_id=stored[f"chart{n}"],
                               file_field="photo"))
            rows.append(Direct(None, 100 + n, f"text{n}", now, f"Ringkasan {n}"))
        with counted(db) as run:
            assert await enqueue_many(s, rows) == 12
    assert len(run) == 1
    assert len(await factories.rows(db, OutboxMessage)) == 12


async def test_the_nightly_sweep_removes_files_of_messages_that_never_went(db: Any) -> None:
    now = MONDAY_7_WIB
    async with db.transaction() as s:
        stored = await store_uploads(s, [(k, Upload(f"{k}.png", k.encode(), "photo"))
                                         for k in ("blocked", "waiting")], now)
        await enqueue_many(s, [Direct(None, 100 + n, key, now, None, method="sendPhoto",
                                      file_id=stored[key], file_field="photo")
                               for n, key in enumerate(("blocked", "waiting"))])
    async with db.transaction() as s:  # the head blocked the bot: it ends unreachable
        blocked = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "blocked"))
        blocked.status = "unreachable"
    async with db.transaction() as s:
        assert await release_orphans(s) == 1
    assert [f.name for f in await factories.rows(db, OutboxFile)] == ["waiting.png"]
