"""The per-person flood limit and Telegram's per-chat limit on replies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from handlers.flood import FloodGate, gate_of
from tests import factories

ANDI, SITI, UNKNOWN = 8001, 8002, 8003
SLOW_DOWN = "Pesan Anda terlalu banyak dalam satu menit."


@pytest.fixture
async def people(db: Any, emulator: Any) -> None:
    async with db.transaction() as s:
        office = await factories.office(s)
        await factories.schedule(s)
        org = await factories.unit(s, office)
        await factories.employee(s, org, "199001012015011001", "Andi", telegram_id=ANDI)
        await factories.employee(s, org, "199002022015012002", "Siti", telegram_id=SITI)
    emulator.add_user(ANDI, "Andi")
    emulator.add_user(SITI, "Siti")
    emulator.add_user(UNKNOWN, "Unknown")


async def test_beyond_the_limit_one_slow_down_then_silence_until_the_minute_passes(
        bot: Any, clock: Any, people: None) -> None:
    for n in range(30):
        [reply] = await bot.text(ANDI, "/bantuan")
        assert reply["text"].startswith("<b>Hadir</b>") or "Hadir" in reply["text"], n
        clock.advance(seconds=1)
    [reply] = await bot.text(ANDI, "/bantuan")  # the 31st
    assert reply["text"].startswith(SLOW_DOWN)
    for _ in range(9):  # the 32nd..40th: nothing at all
        assert await bot.text(ANDI, "/bantuan") == []
    # someone else is not slowed down meanwhile
    [other] = await bot.text(SITI, "/bantuan")
    assert "Hadir" in other["text"]
    clock.advance(seconds=30)  # a minute since Andi's first update
    [reply] = await bot.text(ANDI, "/bantuan")
    assert not reply["text"].startswith(SLOW_DOWN)


async def test_the_slow_down_is_in_the_persons_language(
        make_harness: Any, clock: Any, people: None) -> None:
    bot = await make_harness(user_updates_per_minute=2, default_language="en")
    await bot.text(UNKNOWN, "hello")
    await bot.text(UNKNOWN, "hello")
    [reply] = await bot.text(UNKNOWN, "hello")
    assert reply["text"].startswith("Too many messages in one minute.")


async def test_zero_means_no_limit(make_harness: Any, people: None) -> None:
    bot = await make_harness(user_updates_per_minute=0)
    for _ in range(40):
        assert len(await bot.text(ANDI, "/bantuan")) == 1


def test_memory_holds_only_the_people_of_the_last_minute() -> None:
    gate = FloodGate(30)
    start = datetime(2026, 11, 23, tzinfo=UTC)
    for user in range(10_000):
        gate.admit(user, start)
    assert len(gate) == 10_000
    gate.admit(1, start + timedelta(seconds=61))
    assert len(gate) == 1


async def test_a_reply_told_to_wait_waits_and_arrives_without_an_error(
        make_harness: Any, settings_factory: Any, people: None) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    bot = await make_harness(admin_chat_id=ANDI + 100)
    bot.app.bot_data["deps"] = _with_sleep(bot.app.bot_data["deps"], sleep)
    bot.emu.add_user(ANDI + 100, "Admins")
    bot.emu.fail_next("sendMessage", status=429, retry_after=7)
    [reply] = await bot.text(ANDI, "/bantuan")
    assert "Hadir" in reply["text"]
    assert waits == [7.0]
    await bot.deliver()
    assert bot.emu.sent_messages(ANDI + 100) == []  # nothing told the admin chat
    # the harness asserts no handler error on teardown


async def test_a_reply_still_refused_after_three_tries_is_given_up_quietly(
        make_harness: Any, people: None) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    bot = await make_harness(admin_chat_id=ANDI + 100)
    bot.app.bot_data["deps"] = _with_sleep(bot.app.bot_data["deps"], sleep)
    bot.emu.add_user(ANDI + 100, "Admins")
    bot.emu.fail_next("sendMessage", status=429, retry_after=2, count=3)
    assert await bot.text(ANDI, "/bantuan") == []
    assert waits == [2.0, 2.0]
    await bot.deliver()
    assert bot.emu.sent_messages(ANDI + 100) == []


def _with_sleep(deps: Any, sleep: Any) -> Any:
    import dataclasses

    return dataclasses.replace(deps, sleep=sleep)


def test_the_gate_is_made_once_per_application(bot: Any) -> None:
    assert gate_of(bot.app) is gate_of(bot.app)


async def test_a_backlog_counts_by_when_the_messages_were_sent(
        bot: Any, clock: Any, people: None) -> None:
    """40 messages Telegram kept while the bot was down (one a minute) arrive at
    once after the restart: none of them is a flood."""
    sent = clock.now() - timedelta(hours=1)
    for n in range(40):
        [reply] = await bot.text(ANDI, "/bantuan", date=sent + timedelta(minutes=n))
        assert not reply["text"].startswith(SLOW_DOWN), n
