"""Fault scenario: the Bot API failing 10% of the outbox's calls.

N messages are queued for N/5 chats and the outbox sender drains them while
the emulator fails a seeded 10% of the sendMessage calls: 429 with
retry_after, 500, nginx's 502, a request lost on its way (never processed,
the sender times out) and a request processed whose answer comes too late
(the sender times out, though the message was delivered). Retries wait on a
ManualClock that is moved between drains, so the scenario takes seconds.

Survived: every message delivered at least once, and none twice except the
documented case, a send answered too late (counted in ``detail``, not as
doubled: the Bot API has no idempotency key). ``lost`` = messages never
delivered, ``doubled`` = extra copies not explained by a late answer.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import warnings
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.fault_kit import Outcome
from bench.outbox_drain import pending, queue_messages
from bench.throwaway import throwaway_database
from bot.app import build_application
from bot.clock import ManualClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.services.outbox_sender import OutboxSender
from db.migrate import upgrade
from db.session import Database

FIRST_CHAT = 710_000
START = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 08:00 WIB
SEND_TIMEOUT_S, LATE_S = 0.2, 0.5  # the sender gives up before a late answer comes
RATE, SEED = 0.10, 9


class FakeTime:
    """The sender's pause after a 429 on a hand-moved monotonic clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def drive(app: Any, db: Database, emu: BotApiEmulator, clock: ManualClock, n: int,
                *, seed: int = SEED, rate: float = RATE, rounds: int = 60) -> Outcome:
    """Queue n messages (5 a chat), drain them through faults, count what arrived."""
    chats = [FIRST_CHAT + i for i in range(max(1, n // 5))]
    for chat in chats:
        emu.add_user(chat, f"Pegawai {chat}")
    keys = await queue_messages(db, clock.now(), chats, max(1, n // len(chats)), "fault")
    faults = emu.fail_randomly(rate, seed, delay_s=LATE_S, retry_after=1)
    fake = FakeTime()
    sender = OutboxSender(app, send_timeout_s=SEND_TIMEOUT_S, rng=random.Random(seed),
                          monotonic=fake.monotonic, sleep=fake.sleep)
    settings = app.bot_data["deps"].settings
    for _ in range(rounds):
        await sender.drain(until_empty=True)
        if not await pending(db):
            break
        clock.advance(seconds=settings.outbox_backoff_max_s)  # every retry comes due
    emu.fail_randomly(0)
    delivered = Counter(m.get("text") for chat in chats for m in emu.sent_messages(chat))
    late = Counter(f.params.get("text") for f in faults.injected if f.kind == "late")
    lost = sum(1 for k in keys if delivered[k] == 0)
    doubled = sum(max(0, delivered[k] - 1 - late[k]) for k in keys)
    documented = sum(min(late[k], max(0, delivered[k] - 1)) for k in keys)
    kinds = Counter(f.kind for f in faults.injected)
    calls = len(emu.calls_to("sendMessage"))
    shown = " ".join(f"{k}={kinds[k]}" for k in sorted(kinds))
    detail = (f"{len(keys)} msgs, {calls} sendMessage calls, {len(faults.injected)} faulted "
              f"({shown}); {documented} documented duplicates (late answer after delivery); "
              f"{await pending(db)} still pending")
    return Outcome(f"bot-api-10%-{db.dialect}", lost == 0 and doubled == 0, lost, doubled,
                   detail)


@asynccontextmanager
async def database(backend: str) -> AsyncIterator[Database]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="hadir-faults-") as folder:
            db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'hadir.db'}")
            try:
                await upgrade(db.engine)
                yield db
            finally:
                await db.dispose()
        return
    async with throwaway_database("hadir_faults_api") as url:
        db = Database(url)
        try:
            await upgrade(db.engine)
            yield db
        finally:
            await db.dispose()


async def scenario(backend: str, n: int = 500) -> Outcome:
    clock = ManualClock(START)
    async with BotApiEmulator(clock=clock) as emu, database(backend) as db:
        settings = load_settings(_env_file=None, telegram_bot_token=emu.token,
                                 telegram_api_base_url=emu.url, database_url=db.url,
                                 outbox_global_rate_per_s=1000.0,
                                 outbox_per_chat_rate_per_s=1000.0)
        with warnings.catch_warnings():  # "no JobQueue set up": the sender is driven here
            warnings.simplefilter("ignore")
            app = build_application(settings, clock=clock, database=db, with_jobs=False)
        async with app:
            return await drive(app, db, emu, clock, n)


async def run() -> list[Outcome]:
    return [await scenario("sqlite"), await scenario("postgresql")]
