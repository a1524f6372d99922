"""Fault scenario: ``kill -9`` during a burst of 1,000 check-ins, then a restart.

Process-based, so only here (not in the suite). The Bot API emulator runs in
this process over HTTP, on a ManualClock at Monday 23 November 2026, 07:20
WIB (the bot judges check-ins by the messages' dates, which the emulator
stamps; the bot process keeps the system clock). N employees are seeded
bound to Telegram, ``python -m bot run`` is started as a subprocess, every
employee sends /masuk and gets the location prompt, then N live locations are
queued at once. After a third of the confirmations the bot gets SIGKILL;
it is started again and left until quiet (no update left at the emulator
and no new call for a few seconds, bounded by a timeout).

Counted: ``lost`` = employees with no check-in row; ``doubled`` = employees
with two check-in rows or two confirmations. ``detail`` also counts rows
that were never confirmed to their sender (the bot committed, the reply died
with the process). Updates PTB had already confirmed to Telegram (the next
getUpdates offset) but not handled when it died are gone unless the bot keeps
them itself (a durable update inbox): the result says what happened.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import select

from bench.checkin_throughput import (
    CONFIRMED,
    MONDAY_0720,
    PROMPT,
    add_users,
    seed,
    send_locations,
)
from bench.fault_kit import Outcome
from bench.throwaway import throwaway_database
from bot.clock import ManualClock
from bot.emulator import BotApiEmulator
from db.migrate import upgrade
from db.models import AttendanceEvent, TelegramBinding
from db.session import Database

ROOT = Path(__file__).resolve().parent.parent
QUIET_S, TIMEOUT_S = 4.0, 300.0


@asynccontextmanager
async def database_url(backend: str) -> AsyncIterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="hadir-kill-") as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'hadir.db'}"
        return
    async with throwaway_database("hadir_faults_kill") as url:
        yield url


def replies(emu: BotApiEmulator, users: list[int], start: str) -> Counter[int]:
    found: Counter[int] = Counter()
    for user in users:
        found[user] = sum(1 for m in emu.sent_messages(user)
                          if str(m.get("text", "")).startswith(start))
    return found


async def until(check: Callable[[], bool], what: str, seconds: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def quiet(emu: BotApiEmulator) -> None:
    """No update left at the emulator and no new Bot API call for QUIET_S."""
    deadline = time.monotonic() + TIMEOUT_S
    seen, since = len(emu.calls), time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        if len(emu.calls) != seen:
            seen, since = len(emu.calls), time.monotonic()
        elif not emu.state.updates and time.monotonic() - since >= QUIET_S:
            return
    raise TimeoutError("the bot never went quiet")


async def start_bot(emu: BotApiEmulator, url: str, log: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DATABASE_", "HADIR_"))}
    env.update({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "TELEGRAM_BOT_TOKEN": emu.token,
                "TELEGRAM_API_BASE_URL": emu.url})
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stdout=out, stderr=out,
            start_new_session=True)
    return process


async def stop(process: asyncio.subprocess.Process, sig: int) -> None:
    if process.returncode is None:
        process.send_signal(sig)
        await asyncio.wait_for(process.wait(), timeout=120)


def _tracebacks(log: Path) -> int:
    """Tracebacks the two bot processes logged; the log is removed."""
    found = log.read_text(errors="replace").count("Traceback")
    log.unlink()
    return found


async def scenario(backend: str, n: int = 1000) -> Outcome:
    clock = ManualClock(MONDAY_0720)
    log = Path(tempfile.mkstemp(prefix="hadir-kill-", suffix=".log")[1])
    async with BotApiEmulator(clock=clock) as emu, database_url(backend) as url:
        db = Database(url)
        try:
            await upgrade(db.engine)
            users = await seed(db, n)
        finally:
            await db.dispose()
        add_users(emu, users)
        bot = await start_bot(emu, url, log)
        try:
            for user in users:
                emu.send_text(user, "/masuk")
            await until(lambda: all(replies(emu, users, "").values())
                        and len(replies(emu, users, "")) == n, "the prompts")
            prompted = sum(1 for u in users if any(PROMPT in str(m.get("text", ""))
                                                   for m in emu.sent_messages(u)))
            clock.advance(seconds=40)
            send_locations(emu, users)
            await until(lambda: sum(replies(emu, users, CONFIRMED).values()) >= n // 3,
                        "a third of the confirmations")
            await stop(bot, signal.SIGKILL)
            at_kill = sum(replies(emu, users, CONFIRMED).values())
            left = len(emu.state.updates)
            bot = await start_bot(emu, url, log)
            await quiet(emu)
        finally:
            await stop(bot, signal.SIGINT)
        confirmed = replies(emu, users, CONFIRMED)
        db = Database(url)
        try:
            async with db.transaction() as s:
                rows = Counter(await s.scalars(
                    select(TelegramBinding.telegram_user_id)
                    .join(AttendanceEvent,
                          AttendanceEvent.employee_id == TelegramBinding.employee_id)
                    .where(AttendanceEvent.kind == "in")))
        finally:
            await db.dispose()
    lost = sum(1 for u in users if rows[u] == 0)
    doubled = sum(1 for u in users if rows[u] > 1 or confirmed[u] > 1)
    unconfirmed = sum(1 for u in users if rows[u] >= 1 and confirmed[u] == 0)
    tracebacks = _tracebacks(log)
    detail = (f"{n} check-ins ({prompted} prompted), SIGKILL after {at_kill} confirmations "
              f"with {left} updates still at Telegram; after the restart "
              f"{sum(1 for u in users if rows[u])} rows, "
              f"{unconfirmed} recorded but never confirmed; {tracebacks} tracebacks in the log")
    return Outcome(f"kill-9-burst-{backend}", lost == 0 and doubled == 0, lost, doubled, detail)


async def run() -> list[Outcome]:
    return [await scenario("sqlite"), await scenario("postgresql")]
