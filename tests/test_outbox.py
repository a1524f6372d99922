"""The outbox sender against the Bot API emulator, on SQLite and PostgreSQL.

Retries are driven by moving the ManualClock; only the rate limits (and the
pause after a 429) take real time, so counts and rates are kept small.
"""

from __future__ import annotations

import asyncio
import html
import logging
import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import build_application
from bot.emulator import BotApiEmulator
from bot.rules.pacing import RateLimiter, TokenBucket
from bot.services.outbox import enqueue, enqueue_for_employee, mark_reachable, outbox_counts
from bot.services.outbox_sender import DrainStats, OutboxSender
from db.models import OutboxMessage, TelegramBinding
from jobs.outbox import TASK_KEY, wake_outbox
from tests import factories

ANA, BAYU, CITRA, DEDI = 2001, 2002, 2003, 2004  # plain chats
SARI, BUDI = 3001, 3002  # supervisor and staff
BUDI_NAME = "Budi <Santoso> & Rekan"
FAST = {"outbox_per_chat_rate_per_s": 50.0}  # most tests are not about pacing


class FakeTime:
    """A monotonic clock and a sleep that moves it, for the rate limiter."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def chats(emulator: BotApiEmulator) -> None:
    for uid, name in ((ANA, "Ana"), (BAYU, "Bayu"), (CITRA, "Citra"), (DEDI, "Dedi")):
        emulator.add_user(uid, name)


@pytest.fixture
async def staff(db: Any, emulator: BotApiEmulator) -> dict[str, int]:
    """Sari (supervisor, writes in English) and Budi, her staff."""
    async with db.transaction() as s:
        office = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, office)
        sari = await factories.employee(s, unit, "197901012005012001", "Sari Wulandari",
                                        role="supervisor", telegram_id=SARI, language="en")
        budi = await factories.employee(s, unit, "199202022018011002", BUDI_NAME,
                                        supervisor=sari, telegram_id=BUDI)
    emulator.add_user(SARI, "Sari")
    emulator.add_user(BUDI, "Budi")
    return {"sari": sari.id, "budi": budi.id}


async def queue(db: Any, clock: Any, chat_id: int, key: str, body: str | None = None) -> bool:
    async with db.transaction() as s:
        return await enqueue(s, key=key, chat_id=chat_id, now=clock.now(), text=body or key)


async def queue_for(db: Any, clock: Any, employee_id: int, key: str) -> bool:
    async with db.transaction() as s:
        return await enqueue_for_employee(s, employee_id, key=key, now=clock.now(), text=key)


async def rows(db: Any) -> list[OutboxMessage]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def counts(db: Any) -> dict[str, int]:
    async with db.transaction() as s:
        return await outbox_counts(s)


def texts(emulator: BotApiEmulator, chat_id: int) -> list[str]:
    return [m["text"] for m in emulator.sent_messages(chat_id)]


def calls_to_chat(emulator: BotApiEmulator, chat_id: int) -> list[Any]:
    return [c for c in emulator.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


def sender(harness: Any, **kwargs: Any) -> OutboxSender:
    return OutboxSender(harness.app, rng=random.Random(7), **kwargs)


async def wait_until(condition: Callable[[], bool], within_s: float = 5.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------- pacing, no database


def test_token_bucket_serves_reservations_in_order() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=2.0, capacity=1.0, monotonic=fake.monotonic)
    assert [bucket.reserve(), bucket.reserve(), bucket.reserve()] == [0.0, 0.5, 1.0]
    fake.now += 1.5  # the debt of 2 tokens is paid after 1 s, then one more saved up
    assert bucket.reserve() == 0.0
    fake.now += 10.0  # never more than the capacity saved up
    assert [bucket.reserve(), bucket.reserve()] == [0.0, 0.5]


def test_rate_limiter_spaces_a_chat_from_its_last_answer_and_pauses_everything() -> None:
    fake = FakeTime()
    limiter = RateLimiter(global_rate=20.0, per_chat_rate=1.0, monotonic=fake.monotonic)
    assert limiter.bucket.capacity == 10.0  # half a second's worth of burst
    assert limiter.chat_wait(ANA) == 0.0
    limiter.answered(ANA)
    fake.now += 0.25
    assert limiter.chat_wait(ANA) == pytest.approx(0.75)
    assert limiter.chat_wait(BAYU) == 0.0
    limiter.pause(3.0)
    assert limiter.chat_wait(BAYU) == pytest.approx(3.0)
    assert limiter.chat_wait(ANA) == pytest.approx(3.0)


# ---------------------------------------------------------------- delivery


async def test_delivers_each_chat_in_order_and_each_key_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST)
    for chat, key in ((ANA, "a1"), (BAYU, "b1"), (ANA, "a2"), (CITRA, "c1"), (BAYU, "b2"),
                      (ANA, "a3")):
        assert await queue(db, clock, chat, key)
    assert not await queue(db, clock, ANA, "a1", "the same fact again")

    stats = await sender(h).drain(until_empty=True)

    assert stats == DrainStats(sent=6)
    assert texts(emulator, ANA) == ["a1", "a2", "a3"]
    assert texts(emulator, BAYU) == ["b1", "b2"]
    assert texts(emulator, CITRA) == ["c1"]
    for row in await rows(db):
        assert row.status == "sent" and row.sent_at == clock.now() and row.attempts == 0
        delivered = {m["message_id"]: m["text"] for m in emulator.sent_messages(row.chat_id)}
        assert delivered[row.telegram_message_id] == row.key
    assert await counts(db) == {"pending": 0, "sent": 6, "failed": 0, "unreachable": 0,
                                 "cancelled": 0}


async def test_one_drain_is_one_batch_of_chat_heads(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST)
    for chat, key in ((ANA, "a1"), (ANA, "a2"), (BAYU, "b1")):
        await queue(db, clock, chat, key)
    assert (await sender(h).drain()).sent == 2  # a1 and b1; a2 waits for a1
    assert texts(emulator, ANA) == ["a1"]


async def test_a_chat_waits_while_its_first_message_is_retried(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST, outbox_backoff_base_s=4.0)
    for chat, key in ((ANA, "a1"), (ANA, "a2"), (BAYU, "b1")):
        await queue(db, clock, chat, key)
    emulator.fail_next("sendMessage", status=500)
    out = sender(h, concurrency=1)  # one at a time: a1 is the call that fails

    assert await out.drain(until_empty=True) == DrainStats(sent=1, retried=1)
    assert texts(emulator, ANA) == [] and texts(emulator, BAYU) == ["b1"]
    a1, a2, _ = await rows(db)
    assert (a1.status, a1.attempts, a2.status, a2.attempts) == ("pending", 1, "pending", 0)
    assert timedelta(seconds=3) <= a1.next_attempt_at - clock.now() <= timedelta(seconds=4)
    assert a1.last_error is not None and "Internal Server Error" in a1.last_error

    clock.advance(seconds=4)
    assert (await out.drain(until_empty=True)).sent == 2
    assert texts(emulator, ANA) == ["a1", "a2"]


async def test_server_errors_twice_then_delivered_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST)
    await queue(db, clock, ANA, "laporan")
    emulator.fail_next("sendMessage", status=500)
    emulator.fail_next("sendMessage", status=502)  # nginx's HTML page
    out = sender(h)
    for _ in range(2):
        assert (await out.drain(until_empty=True)).retried == 1
        assert (await out.drain(until_empty=True)) == DrainStats()  # not due yet
        clock.advance(seconds=h.app.bot_data["deps"].settings.outbox_backoff_max_s)
    assert (await out.drain(until_empty=True)).sent == 1
    assert texts(emulator, ANA) == ["laporan"]
    assert len(calls_to_chat(emulator, ANA)) == 3
    [row] = await rows(db)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)


async def test_429_burst_pauses_everything_and_each_message_goes_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    """Issue 6 A2: this failed when both cores were busy; the pause is now measured
    on the sender's injected clock, so the machine's speed cannot change it."""
    h = await make_harness(**FAST)
    for chat in (ANA, BAYU, CITRA):
        await queue(db, clock, chat, f"pesan {chat}")
    emulator.fail_next("sendMessage", status=429, retry_after=1, count=3)
    fake = FakeTime()  # the pause is measured on the sender's clock, not the machine's speed
    out = sender(h, monotonic=fake.monotonic, sleep=fake.sleep)

    assert await out.drain(until_empty=True) == DrainStats(rate_limited=3)
    flooded = fake.now
    for row in await rows(db):  # waits retry_after, not counted as a try
        assert row.status == "pending" and row.attempts == 0
        assert row.next_attempt_at == clock.now() + timedelta(seconds=1)
    clock.advance(seconds=1)
    assert (await out.drain(until_empty=True)).sent == 3
    assert fake.now - flooded >= 1.0 - 0.01  # sending was paused for retry_after
    for chat in (ANA, BAYU, CITRA):
        assert texts(emulator, chat) == [f"pesan {chat}"]
    assert len(emulator.calls_to("sendMessage")) == 6


async def test_endless_429s_give_up_after_three_times_max_attempts(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST, outbox_max_attempts=1)
    await queue(db, clock, ANA, "banjir")
    emulator.fail_next("sendMessage", status=429, retry_after=5, count=10)
    fake = FakeTime()
    out = sender(h, monotonic=fake.monotonic, sleep=fake.sleep)
    for _ in range(3):
        assert (await out.drain(until_empty=True)).rate_limited == 1
        clock.advance(seconds=5)
    assert await out.drain(until_empty=True) == DrainStats()
    [row] = await rows(db)
    assert row.status == "failed" and row.attempts == 0
    assert row.last_error is not None and "gave up after 3 floods" in row.last_error
    assert fake.now >= 1010.0  # two pauses of retry_after were waited out
    assert len(emulator.calls_to("sendMessage")) == 3


async def test_lost_request_times_out_and_is_delivered_exactly_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST)
    await queue(db, clock, ANA, "hilang di jalan")
    emulator.fail_next("sendMessage", drop=True, delay_s=0.6)  # never processed
    out = sender(h, send_timeout_s=0.2)

    assert (await out.drain(until_empty=True)).retried == 1
    [row] = await rows(db)
    assert row.attempts == 1 and row.last_error is not None and "TimedOut" in row.last_error
    clock.advance(minutes=10)
    assert (await out.drain(until_empty=True)).sent == 1
    assert texts(emulator, ANA) == ["hilang di jalan"]
    assert [c.ok for c in calls_to_chat(emulator, ANA)] == [False, True]


async def test_late_answer_is_the_documented_duplicate(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    """Telegram sent the message but its answer came after our timeout: the
    retry duplicates it (at least once; the Bot API has no idempotency key)."""
    h = await make_harness(**FAST)
    await queue(db, clock, ANA, "jawaban terlambat")
    emulator.fail_next("sendMessage", status=None, delay_s=0.6)  # processed, answered late
    out = sender(h, send_timeout_s=0.2)

    assert (await out.drain(until_empty=True)).retried == 1
    clock.advance(minutes=10)
    assert (await out.drain(until_empty=True)).sent == 1
    delivered = emulator.sent_messages(ANA)
    assert [m["text"] for m in delivered] == ["jawaban terlambat"] * 2  # one duplicate
    [row] = await rows(db)
    assert row.status == "sent" and row.telegram_message_id == delivered[-1]["message_id"]


async def test_message_too_long_fails_at_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST)
    await queue(db, clock, ANA, "panjang", "x" * 5000)
    out = sender(h)
    assert await out.drain(until_empty=True) == DrainStats(failed=1)
    clock.advance(hours=1)
    assert await out.drain(until_empty=True) == DrainStats()
    [row] = await rows(db)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error is not None and "too long" in row.last_error
    assert len(emulator.calls_to("sendMessage")) == 1


async def test_gives_up_after_max_attempts_into_failed(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST, outbox_max_attempts=3)
    await queue(db, clock, ANA, "tidak pernah sampai")
    emulator.fail_next("sendMessage", status=500, count=10)
    out = sender(h)
    results = []
    for _ in range(4):
        results.append(await out.drain(until_empty=True))
        clock.advance(hours=1)
    assert results == [DrainStats(retried=1), DrainStats(retried=1), DrainStats(failed=1),
                       DrainStats()]
    [row] = await rows(db)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error is not None and "Internal Server Error" in row.last_error
    assert len(emulator.calls_to("sendMessage")) == 3
    assert await counts(db) == {"pending": 0, "sent": 0, "failed": 1, "unreachable": 0,
                                 "cancelled": 0}


async def test_unexpected_error_is_logged_and_retried(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Flaky(OutboxSender):
        broken = True

        async def _call(self, message: Any) -> object:
            if self.broken:
                self.broken = False
                raise RuntimeError("boom")
            return await super()._call(message)

    h = await make_harness(**FAST)
    await queue(db, clock, ANA, "tetap jalan")
    out = Flaky(h.app, rng=random.Random(7))
    with caplog.at_level(logging.ERROR, logger="bot.services.outbox_sender"):
        assert (await out.drain(until_empty=True)).retried == 1
    assert any(r.exc_info for r in caplog.records)
    clock.advance(hours=1)
    assert (await out.drain(until_empty=True)).sent == 1
    assert texts(emulator, ANA) == ["tetap jalan"]


# ---------------------------------------------------------------- blocked users


async def test_blocked_user_is_unreachable_and_their_supervisor_is_told_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, staff: dict[str, int]
) -> None:
    h = await make_harness(**FAST)
    emulator.block_user(BUDI)
    for n in (1, 2, 3):
        assert await queue_for(db, clock, staff["budi"], f"tugas {n}")
    out = sender(h)

    stats = await out.drain(until_empty=True)

    assert stats == DrainStats(sent=1, unreachable=3, notices=1)
    assert len(calls_to_chat(emulator, BUDI)) == 1  # the 403; the rest never called
    [notice] = calls_to_chat(emulator, SARI)
    assert html.escape(BUDI_NAME) in notice.params["text"]  # user data is escaped
    assert "cannot be reached" in notice.params["text"]  # in Sari's language
    assert BUDI_NAME in texts(emulator, SARI)[0]
    async with db.transaction() as s:
        binding = await s.scalar(select(TelegramBinding).where(
            TelegramBinding.telegram_user_id == BUDI))
    assert binding is not None and binding.unreachable_since == clock.now()
    since = int(clock.now().timestamp())
    assert [r.key for r in await rows(db) if r.chat_id == SARI] == [
        f"unreachable:{staff['budi']}:{since}"]
    assert await counts(db) == {"pending": 0, "sent": 1, "failed": 0, "unreachable": 3,
                                 "cancelled": 0}

    # later messages are not even tried, and Sari is not told again
    clock.advance(hours=1)
    await queue_for(db, clock, staff["budi"], "tugas 4")
    assert await out.drain(until_empty=True) == DrainStats(unreachable=1)
    assert len(calls_to_chat(emulator, BUDI)) == 1 and len(texts(emulator, SARI)) == 1

    # Budi writes to the bot again: reachable; a later block is a new episode
    emulator.block_user(BUDI, blocked=False)
    async with db.transaction() as s:
        assert await mark_reachable(s, BUDI)
        assert not await mark_reachable(s, BUDI)
    await queue_for(db, clock, staff["budi"], "tugas 5")
    assert (await out.drain(until_empty=True)).sent == 1
    assert texts(emulator, BUDI) == ["tugas 5"]
    clock.advance(days=1)
    emulator.block_user(BUDI)
    await queue_for(db, clock, staff["budi"], "tugas 6")
    assert await out.drain(until_empty=True) == DrainStats(sent=1, unreachable=1, notices=1)
    assert len(texts(emulator, SARI)) == 2


# ---------------------------------------------------------------- running in the Application


async def test_restart_mid_drain_delivers_every_message_exactly_once(
    make_harness: Any, settings_factory: Any, db: Any, clock: Any,
    emulator: BotApiEmulator, chats: None,
) -> None:
    overrides = {**FAST, "outbox_poll_interval_s": 0.05}
    first = await make_harness(**overrides)
    keys = [f"{chat}-{n}" for n in (1, 2) for chat in (ANA, BAYU, CITRA, DEDI)]
    for key in keys:
        await queue(db, clock, int(key.split("-")[0]), key)
    emulator.fail_next("sendMessage", status=None, delay_s=0.5)  # the first call is slow

    await first.app.start()  # the job queue starts the sender's task
    await wait_until(lambda: len(emulator.calls_to("sendMessage")) >= 1)
    await first.app.stop()  # while that call is in flight
    # stop waited for the slow answer and recorded it: every call Telegram took is a sent row
    delivered = {c.params["text"] for c in emulator.calls_to("sendMessage")}
    sent = {r.key for r in await rows(db) if r.status == "sent"}
    assert sent == delivered and 0 < len(sent) < len(keys)

    second = build_application(settings_factory(**overrides), clock=clock, database=db)
    await second.initialize()
    try:
        await OutboxSender(second).drain(until_empty=True)
    finally:
        await second.shutdown()
    all_sent = sorted(t for chat in (ANA, BAYU, CITRA, DEDI) for t in texts(emulator, chat))
    assert all_sent == sorted(keys)  # every message exactly once
    assert {r.status for r in await rows(db)} == {"sent"}


async def test_wake_sends_at_once_and_stop_is_prompt(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    h = await make_harness(**FAST, outbox_poll_interval_s=60)
    await h.app.start()
    await wait_until(lambda: TASK_KEY in h.app.bot_data)
    await asyncio.sleep(0.1)  # the first (empty) drain is over; idle for 60 s now
    await queue(db, clock, ANA, "tugas baru")
    wake_outbox(h.app)
    await wait_until(lambda: texts(emulator, ANA) == ["tugas baru"], within_s=2.0)
    stopping = time.monotonic()
    await h.app.stop()
    # idle for a 60 s poll: stopping well under that means the stop woke it (a loose
    # bound, so that a loaded machine never fails it)
    assert time.monotonic() - stopping < 30
    assert h.app.bot_data[TASK_KEY].done()


async def test_within_configured_limits_telegram_never_says_429(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator
) -> None:
    chat_ids = list(range(4001, 4017))
    for chat in chat_ids:
        emulator.add_user(chat, f"Pegawai {chat}")
        for n in (1, 2):
            await queue(db, clock, chat, f"{chat}-{n}")
    emulator.set_rate_limits(global_per_s=20, per_chat_per_s=1)
    h = await make_harness(outbox_global_rate_per_s=20, outbox_per_chat_rate_per_s=1)

    started = time.monotonic()
    stats = await sender(h).drain(until_empty=True)

    assert stats == DrainStats(sent=32)
    assert time.monotonic() - started >= 0.9  # a chat's second message waited its second
    assert [c for c in emulator.calls if c.response.get("error_code") == 429] == []
    for chat in chat_ids:
        assert texts(emulator, chat) == [f"{chat}-1", f"{chat}-2"]


async def test_a_message_given_up_on_is_told_to_the_admin_chat_once(
    make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator, chats: None
) -> None:
    from bot import admin

    h = await make_harness(admin_chat_id=DEDI, **FAST)
    await queue(db, clock, ANA, "task:7:assigned:assignee", "x" * 5000)
    emulator.block_user(DEDI)  # the admin chat itself fails: no alert about the alert
    await sender(h).drain(until_empty=True)
    emulator.block_user(DEDI, blocked=False)
    statuses = {row.key: row.status for row in await rows(db)}
    hour = f"{clock.now():%Y%m%d%H}"
    assert statuses == {"task:7:assigned:assignee": "failed", f"alert:failed:{hour}": "unreachable"}

    clock.advance(hours=1)  # at most one alert an hour
    await queue(db, clock, BAYU, "task:8:assigned:assignee", "<b>broken")
    await sender(h).drain(until_empty=True)
    [alert] = texts(emulator, DEDI)
    assert alert.startswith("⚠️ Pesan Hadir gagal terkirim dan tidak dicoba lagi.\n"
                            "Kunci: task:8:assigned:assignee")
    settings = h.app.bot_data["deps"].settings
    report = (await admin.outbox_report(settings, retry=False, lang="id", clock=clock)).splitlines()
    assert report[0] == ("Pesan keluar: 0 menunggu, 1 terkirim, 2 gagal, 1 tak terjangkau "
                         "(pengguna memblokir bot).")
    assert report[1].startswith(f"  #3 failed task:8:assigned:assignee → chat {BAYU}: BadRequest")
    report = (await admin.outbox_report(settings, retry=True, lang="id", clock=clock)).splitlines()
    assert report[-1] == "2 pesan gagal diantrekan lagi."
    assert (await counts(db))["pending"] == 2
