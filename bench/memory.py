"""The bot's memory with a province loaded: 50,000 employees, the day's scans, people using it.

```
.venv/bin/python -m bench.memory [--employees 50000] [--units 500] [--days 14] [--users 300]
```

Seeds a throwaway PostgreSQL database with ``bench.scans``' roster (the
seeding runs inside the database, so it does not count against this
process), then, in this one process, does what a leader does in a day:
builds the real Application (``build_application``) against the in-process
Bot API emulator, initialises it, runs every scan of the day once the way
its job runs it (no-show digest, presence plan and judgement, day close,
chronic lateness, PP 94, overdue tasks), and handles ``/status`` and
``/tugas`` from ``--users`` bound people through ``Application.process_update``.

It prints the resident set size after each phase (VmRSS) and the last line
``memory: peak <MiB> MiB with <N> employees (target <= 200 MiB)``; the peak
is the process's high-water mark (``ru_maxrss``), emulator included. For
comparison, the first line is the RSS of this process with PTB, SQLAlchemy
and Hadir imported and a bare Application built: the floor every bot pays.
Not a test: it prints numbers and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from telegram import Update
from telegram.ext import Application

from bench import scans
from bench.throwaway import throwaway_database
from bot.app import build_application
from bot.clock import ManualClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from db.migrate import upgrade
from db.models import TelegramBinding
from db.session import Database

TARGET_MIB = 200.0


def rss_mib() -> float:
    """This process's resident set now (Linux: /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def phase(name: str) -> None:
    print(f"  {name:<34} RSS {rss_mib():7.1f} MiB   peak {peak_mib():7.1f} MiB", flush=True)


async def bound_users(db: Database, n: int) -> list[int]:
    async with db.transaction() as session:
        rows = await session.scalars(
            select(TelegramBinding.telegram_user_id).order_by(TelegramBinding.id).limit(n))
        return list(rows)


async def use_the_bot(app: Any, emu: BotApiEmulator, users: list[int]) -> None:
    for user in users:
        emu.add_user(user, f"Pegawai {user}")
        for command in ("/status", "/tugas"):
            update = emu.send_text(user, command, queue=False)
            await app.process_update(Update.de_json(update, app.bot))


async def measure(args: argparse.Namespace) -> float:
    bare = Application.builder().token("1:bare").build()  # the floor: PTB and Hadir imported
    del bare
    phase("imports + a bare Application")
    async with throwaway_database("hadir_bench_memory") as url:
        db = Database(url)
        try:
            await upgrade(db.engine)
            print(f"seeding {args.employees} employees, {args.units} units, {args.days} days",
                  flush=True)
            today = await scans.seed(db, employees=args.employees, units=args.units,
                                     days=args.days)
            phase("seeded (in the database)")
            at = scans.planned(today)[0].at.astimezone(UTC)
            clock = ManualClock(at)
            async with BotApiEmulator(clock=clock) as emu:
                settings = load_settings(
                    _env_file=None, database_url=url, telegram_bot_token=emu.token,
                    telegram_api_base_url=emu.base_url.removesuffix("/bot"))
                app = build_application(settings, clock=clock, database=db, with_jobs=False)
                await app.initialize()
                phase("Application initialised")
                await scans.run_scans(db, settings, today)
                phase("every scan of the day run")
                clock.set(at + timedelta(hours=1))
                await use_the_bot(app, emu, await bound_users(db, args.users))
                phase(f"/status and /tugas by {args.users} people")
                await app.shutdown()
        finally:
            await db.engine.dispose()
    return peak_mib()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    started = datetime.now(UTC)
    peak = asyncio.run(measure(args))
    verdict = "PASS" if peak <= TARGET_MIB else "BELOW TARGET"
    print(f"({(datetime.now(UTC) - started).total_seconds():.0f} s) {verdict}")
    print(f"memory: peak {peak:.0f} MiB with {args.employees} employees "
          f"(target <= {TARGET_MIB:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
