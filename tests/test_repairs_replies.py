"""Issue 6, items A6, A7 and A13, through the real Application on SQLite and
PostgreSQL: a "too early" refusal in the zone of the office where one checks
in, a reply whose callback answer comes too late, and edited old commands."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.models import CheckPrompt
from handlers.kit import RepliesFailedAfterCommit
from tests import test_attendance
from tests.test_attendance import ANDI, IN_LAT, IN_LON, WIB, events, monday
from tests.test_attendance_edges import MKS_LAT, MKS_LON, two_zones

office = test_attendance.office  # an office, a schedule, Sari, Andi and Budi

WITA = ZoneInfo("Asia/Makassar")
TOO_OLD = ("Bad Request: query is too old and response timeout expired or query id is "
           "invalid")


async def prompts(db: Any) -> list[tuple[str | None, datetime]]:
    async with db.transaction() as s:
        found = await s.execute(select(CheckPrompt.kind, CheckPrompt.asked_at))
        return [(kind, asked_at.astimezone(WIB)) for kind, asked_at in found.all()]


# --- A6: "too early" in the zone of the office where the check-in happens ---------


async def test_too_early_precheck_uses_the_zone_of_the_office_where_one_checks_in(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    """Issue 6 A6: a WIB employee at her WITA office at 05:39 WITA is not refused.

    Rina's home office is Sekayu (WIB); at 05:39 WITA (04:39 WIB) the Makassar
    office takes check-ins (07:30 WITA less two hours), so /masuk asks for the
    location instead of saying the window opens "05:30 WIB"."""
    rina = await two_zones(db, emulator)
    clock.set(datetime(2026, 11, 23, 5, 39, tzinfo=WITA))
    [ask] = await bot.text(rina, "/masuk")
    assert ask["text"].startswith("📍 Presensi masuk."), ask["text"]
    clock.advance(seconds=20)
    [reply] = await bot.location(rina, MKS_LAT, MKS_LON)
    assert reply["text"] == (
        "✅ Masuk tercatat pukul 05:39 WITA, Senin, 23 November 2026, di Kantor Makassar."
        "\nTepat waktu (jadwal 07:30 WITA).")
    [event] = await events(db)
    assert (event.office.code, event.code, event.day_type) == ("MKS", None, "workday")


async def test_too_early_is_told_in_the_zone_of_the_office_that_refuses(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    """Issue 6 A6: refused early only when no office is open yet, each in its own zone.

    At 05:20 WITA (04:20 WIB) neither office takes check-ins: /masuk says when
    the first one opens, in that office's zone. At 04:39 WIB the WITA office is
    open, so the location decides: at Sekayu it is refused in WIB."""
    rina = await two_zones(db, emulator)
    clock.set(monday(4, 20))
    [refused] = await bot.text(rina, "/masuk")
    assert refused["text"] == (
        "⏰ Terlalu awal untuk presensi masuk: jadwal Anda mulai pukul 07:30 WITA. Presensi "
        "masuk bisa dilakukan mulai pukul 05:30 WITA. Tidak ada yang dicatat.")
    assert await prompts(db) == []
    clock.set(monday(4, 39))
    [ask] = await bot.text(rina, "/masuk")
    assert ask["text"].startswith("📍 Presensi masuk.")
    clock.advance(seconds=20)
    [at_sekayu] = await bot.location(rina, IN_LAT, IN_LON)
    assert at_sekayu["text"] == (
        "⏰ Terlalu awal untuk presensi masuk: jadwal Anda mulai pukul 07:30 WIB. Presensi "
        "masuk bisa dilakukan mulai pukul 05:30 WIB. Tidak ada yang dicatat.")
    assert await events(db) == []
    reply = await test_attendance.check(bot, clock, "in", monday(5, 31), user=rina)
    assert reply[-1]["text"].startswith("✅ Masuk tercatat pukul 05:31 WIB")


# --- A7: a late answerCallbackQuery never cancels the rest of the reply -----------


async def location_then_buttons(bot: Any, clock: Any) -> dict[str, Any]:
    """Andi shares a location without /masuk first: the "which?" message."""
    clock.set(monday(7, 22))
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert which["text"] == "Lokasi diterima. Ini untuk presensi apa?"
    clock.advance(seconds=15)
    return which


async def test_a_too_old_callback_answer_never_blocks_the_edit(
        bot: Any, clock: Any, db: Any, office: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Issue 6 A7: the answer fails with "query is too old"; the edit still comes.

    The check-in is recorded, the pressed message says so, and a too-late
    answer is no error: nothing for the error handler, nothing logged as one."""
    which = await location_then_buttons(bot, clock)
    bot.emu.fail_next("answerCallbackQuery", 400, description=TOO_OLD)
    with caplog.at_level(logging.INFO):
        await bot.press(ANDI, which["message_id"], bot.emu.buttons(which)[0][0][1])
    [answer] = bot.emu.calls_to("answerCallbackQuery")
    assert not answer.ok  # the answer did fail...
    edited = bot.emu.state.message(ANDI, which["message_id"])
    assert edited is not None and edited["text"].startswith(
        "✅ Masuk tercatat pukul 07:22 WIB")  # ...and the edit came all the same
    assert [(e.kind, e.code) for e in await events(db)] == [("in", None)]
    assert bot.errors == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("too old" in r.getMessage() for r in caplog.records)


async def test_a_failed_callback_answer_is_reported_after_the_edit_was_sent(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    """Issue 6 A7: any other failed answer still lets the edit go, then is an error."""
    which = await location_then_buttons(bot, clock)
    bot.emu.fail_next("answerCallbackQuery", 400, description="Bad Request: something broke")
    await bot.press(ANDI, which["message_id"], bot.emu.buttons(which)[0][0][1])
    edited = bot.emu.state.message(ANDI, which["message_id"])
    assert edited is not None and edited["text"].startswith("✅ Masuk tercatat pukul 07:22")
    assert len(await events(db)) == 1
    [error] = bot.errors
    assert isinstance(error, RepliesFailedAfterCommit) and "Something broke" in str(error)
    assert bot.callback_answers()[-1]["text"].startswith("Perubahan Anda sudah tersimpan")
    bot.errors.clear()  # seen: the harness would report it as unexpected


