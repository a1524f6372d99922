"""The end of the demo's week: Wednesday afternoon to Friday told in brief,
then Monday 07:00 — the head of the Subbagian gets last week's summary with
its chart, and asks for the month's recap workbook. Both files are kept in
``hadir-demo/`` of the current folder for the operator to open."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.demo_script import ANDI, AT_OFFICE, DAY, DEWI, PUTRI, RIZKI, Message, Transcript
from bot.texts import text

THURSDAY, FRIDAY = DAY + timedelta(days=3), DAY + timedelta(days=4)
NEXT_MONDAY = DAY + timedelta(days=7)


async def _check(chat: Transcript, user_id: int, command: str, at: datetime) -> None:
    emu = chat.emu
    chat.clock.set(at)
    await chat.act(user_id, command, lambda: emu.send_text(user_id, command))
    chat.clock.advance(seconds=30)
    await chat.act(user_id, "📍", lambda: emu.send_location(
        user_id, *AT_OFFICE, live_period=900, horizontal_accuracy=8.0))


async def brief_days(chat: Transcript, lang: str) -> None:
    """Wednesday's check-outs (Rizki came late), Thursday and Friday: every
    check made through the bot, none of it printed but one line."""
    checkin, checkout = ("/masuk", "/pulang") if lang == "id" else ("/checkin", "/checkout")
    wednesday = DAY + timedelta(days=2)
    chat.quiet = True
    try:
        await _check(chat, RIZKI, checkin, wednesday.replace(hour=8, minute=40))
        for user_id in (DEWI, ANDI, RIZKI):
            await _check(chat, user_id, checkout, wednesday.replace(hour=16, minute=5))
        for day, end in ((THURSDAY, 16), (FRIDAY, 16)):
            for user_id, minute in ((DEWI, 20), (PUTRI, 22), (RIZKI, 25), (ANDI, 48)):
                await _check(chat, user_id, checkin, day.replace(hour=7, minute=minute))
            for user_id in (DEWI, PUTRI, RIZKI, ANDI):
                await _check(chat, user_id, checkout, day.replace(hour=end, minute=35))
    finally:
        chat.quiet = False
    chat.out("")
    chat.out(text("demo.brief_days", lang))


def _saved(chat: Transcript, folder: Path, name: str, content: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    chat.out(" " * 26 + f"💾 {folder.name}/{name}")


def _content(chat: Transcript, message: Message) -> tuple[str, bytes] | None:
    if "photo" in message:
        biggest = message["photo"][-1]
        return "ringkasan-mingguan.png", chat.emu.state.files[biggest["file_id"]].content
    if "document" in message:
        document = message["document"]
        return document["file_name"], chat.emu.state.files[document["file_id"]].content
    return None


async def next_monday(chat: Transcript, app: Any, lang: str,
                      folder: Path | None = None) -> None:
    """Monday 07:00: the days are closed, the weekly summary goes out; Rizki
    asks for the recap of the month so far."""
    folder = folder or Path.cwd() / "hadir-demo"

    def keep(messages: list[Message]) -> None:
        for message in messages:
            found = _content(chat, message)
            if found is not None:
                _saved(chat, folder, *found)

    chat.at(NEXT_MONDAY, 7, 0)
    await chat.run_job(app, "day", {})  # closes Wednesday to Sunday
    keep(await chat.run_job(app, "weekly_summary", {RIZKI: 2}))
    chat.at(NEXT_MONDAY, 7, 5)
    command = "/report" if lang == "en" else "/rekap"
    keep(await chat.act(RIZKI, command, lambda: chat.emu.send_text(RIZKI, command)))
