"""Outbox drain rate against the Bot API emulator enforcing Telegram's limits.

The emulator answers 429 beyond 30 messages/s overall and 1/s per chat (as
Telegram does); Hadir is configured at its defaults, 25/s and 1/s. N messages
are queued for N/5 chats (5 each, interleaved), then the Application is
started and its own background sender drains them; the time runs from
``app.start()`` until no row is ``pending``. Printed per backend: the achieved
rate against the configured effective rate, min(global, chats × per chat),
the 429s Telegram answered, and the messages lost (queued, never delivered)
or doubled (delivered twice), read from what the emulator holds.

    python -m bench.outbox_drain [--n 300] [--db sqlite|postgresql|both] [--per-chat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.throwaway import throwaway_database
from bot.app import build_application
from bot.clock import SystemClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.services.outbox import enqueue, outbox_counts
from db.migrate import upgrade
from db.models import OutboxMessage
from db.session import Database

TELEGRAM_GLOBAL, TELEGRAM_PER_CHAT = 30.0, 1.0  # what the emulator enforces
HADIR_GLOBAL, HADIR_PER_CHAT = 25.0, 1.0  # the settings' defaults
FIRST_CHAT = 700_000
TARGET = 0.95


@dataclass
class Result:
    backend: str
    n: int
    chats: int
    seconds: float
    steady_rate: float  # after the first half-second burst the bucket allows
    too_many: int  # 429 answers
    lost: int
    doubled: int
    counts: dict[str, int]

    @property
    def configured(self) -> float:
        return min(HADIR_GLOBAL, self.chats * HADIR_PER_CHAT)

    @property
    def rate(self) -> float:
        return self.n / self.seconds


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[Database]:
    with tempfile.TemporaryDirectory(prefix="hadir-bench-outbox-") as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'hadir.db'}")
        try:
            await upgrade(db.engine)
            yield db
        finally:
            await db.dispose()


@asynccontextmanager
async def postgresql_database() -> AsyncIterator[Database]:
    """A throwaway database on the test server, dropped at the end."""
    async with throwaway_database("hadir_bench_outbox") as url:
        db = Database(url)
        try:
            await upgrade(db.engine)
            yield db
        finally:
            await db.dispose()


async def queue_messages(db: Database, now: datetime, chats: list[int], per_chat: int,
                         prefix: str = "bench") -> list[str]:
    """``per_chat`` messages to each chat, round after round; each text is its key."""
    keys = []
    async with db.transaction() as s:
        for n in range(1, per_chat + 1):
            for chat in chats:
                key = f"{prefix}:{chat}:{n}"
                await enqueue(s, key=key, chat_id=chat, now=now, text=key)
                keys.append(key)
    return keys


async def pending(db: Database) -> int:
    async with db.transaction() as s:
        found = await s.scalar(select(func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.status == "pending"))
    return int(found or 0)


async def steady_rate(db: Database, skip: int) -> float:
    """Sends per second between the (skip+1)-th and the last ``sent_at``."""
    async with db.transaction() as s:
        times = list(await s.scalars(select(OutboxMessage.sent_at)
                                     .where(OutboxMessage.sent_at.is_not(None))
                                     .order_by(OutboxMessage.sent_at)))
    if len(times) <= skip + 1:
        return float("nan")
    span = (times[-1] - times[skip]).total_seconds()  # type: ignore[operator]
    return (len(times) - 1 - skip) / span if span > 0 else float("nan")


async def run(backend: str, n: int, per_chat: int) -> Result:
    clock = SystemClock()  # real time: rows retried after a 429 must come due
    chats = [FIRST_CHAT + i for i in range(max(1, n // per_chat))]
    database = sqlite_database() if backend == "sqlite" else postgresql_database()
    async with BotApiEmulator() as emu, database as db:
        emu.set_rate_limits(global_per_s=TELEGRAM_GLOBAL, per_chat_per_s=TELEGRAM_PER_CHAT)
        for chat in chats:
            emu.add_user(chat, f"Pegawai {chat}")
        keys = await queue_messages(db, clock.now(), chats, per_chat)
        settings = load_settings(_env_file=None, telegram_bot_token=emu.token,
                                 telegram_api_base_url=emu.url, database_url=db.url,
                                 outbox_global_rate_per_s=HADIR_GLOBAL,
                                 outbox_per_chat_rate_per_s=HADIR_PER_CHAT)
        app = build_application(settings, clock=clock, database=db)
        deadline = time.monotonic() + 20 * len(keys) / HADIR_GLOBAL + 60
        async with app:  # initialize / shutdown
            started = time.perf_counter()
            await app.start()  # the job queue starts the outbox sender's task
            try:
                while time.monotonic() < deadline:
                    if not await pending(db):
                        break
                    await asyncio.sleep(0.05)
                seconds = time.perf_counter() - started
            finally:
                await app.stop()
        delivered = Counter(m.get("text") for chat in chats for m in emu.sent_messages(chat))
        async with db.transaction() as s:
            counts = await outbox_counts(s)
        return Result(
            backend=backend, n=len(keys), chats=len(chats), seconds=seconds,
            steady_rate=await steady_rate(db, math.ceil(HADIR_GLOBAL / 2)),
            too_many=sum(1 for c in emu.calls if c.response.get("error_code") == 429),
            lost=sum(1 for k in keys if delivered[k] == 0),
            doubled=sum(1 for k in keys if delivered[k] > 1),
            counts=counts,
        )


def print_table(results: list[Result]) -> None:
    head = (f"{'backend':<11}{'N':>6}{'chats':>7}{'seconds':>9}{'msg/s':>8}{'conf/s':>8}"
            f"{'ratio':>7}{'steady':>8}{'429s':>6}{'lost':>6}{'doubled':>9}  verdict")
    print("\n" + head + "\n" + "-" * len(head))
    for r in results:
        ratio = r.rate / r.configured
        ok = ratio >= TARGET and r.lost == 0 and r.doubled == 0
        print(f"{r.backend:<11}{r.n:>6}{r.chats:>7}{r.seconds:>9.2f}{r.rate:>8.2f}"
              f"{r.configured:>8.1f}{ratio:>7.3f}{r.steady_rate / r.configured:>8.3f}"
              f"{r.too_many:>6}{r.lost:>6}{r.doubled:>9}  {'PASS' if ok else 'BELOW TARGET'}")
        print(f"{'':<11}rows: {r.counts}")
    print(f"\nratio = achieved msg/s / configured effective msg/s = min(global {HADIR_GLOBAL:g}, "
          f"chats x per-chat {HADIR_PER_CHAT:g}); target >= {TARGET}, 0 lost, 0 doubled.\n"
          "steady = the same ratio measured from sent_at after the first half-second burst the "
          "global bucket allows.\n"
          f"Emulator (Telegram) limits: {TELEGRAM_GLOBAL:g}/s overall, "
          f"{TELEGRAM_PER_CHAT:g}/s per chat.")


async def main_async(args: argparse.Namespace) -> None:
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = []
    for backend in backends:
        try:
            result = await run(backend, args.n, args.per_chat)
        except Exception as exc:  # a benchmark reports, it does not fail
            print(f"{backend}: could not run: {type(exc).__name__}: {exc}", flush=True)
            continue
        print(f"{backend:<11} drained {result.n} in {result.seconds:.2f} s", flush=True)
        results.append(result)
    if results:
        print_table(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=300, help="messages to drain (default 300)")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--per-chat", type=int, default=5,
                        help="messages per chat (default 5: N/5 chats)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
