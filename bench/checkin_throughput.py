"""Check-in throughput over HTTP: Hadir against a bare python-telegram-bot Application.

Both poll the local Bot API emulator with the same PTB, the same polling settings and
the same ``concurrent_updates``. Hadir: N employees, each already prompted by /masuk
(the warm-up phase, not timed), send a live location inside the office geofence; the
time runs from ``start_polling`` until the emulator has N "✅ Masuk tercatat" replies.
The bare Application answers "ok" to every location, timed the same way.

    python -m bench.checkin_throughput [--n 500] [--db sqlite|postgresql|both] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import resource
import shutil
import statistics
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bench.throwaway import throwaway_database
from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings, load_settings
from bot.emulator import BotApiEmulator
from db.base import Base
from db.migrate import upgrade
from db.models import AttendanceEvent, Employee, TelegramBinding
from db.session import Database, create_engine
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
MONDAY_0720 = datetime(2026, 11, 23, 7, 20, tzinfo=WIB)  # on time for the 07:30 start
IN_LAT, IN_LON = -2.87735, 103.84560  # about 20 m from the SETDA geofence centre
FIRST_USER = 500_000
PROMPT, CONFIRMED = "lokasi terkini", "✅ Masuk tercatat"
TARGET = 0.7

AnyApp = Application[Any, Any, Any, Any, Any, Any]
FreshDb = Callable[[], AbstractAsyncContextManager[Database]]

# as production builds it (bot/app.py): schedules and holidays cached
CACHE_TTL_S = Settings.model_fields["reference_cache_ttl_s"].default


@dataclass
class Run:
    seconds: float
    traced_peak: int | None = None  # bytes, only for the (untimed) tracemalloc run


@asynccontextmanager
async def sqlite_backend() -> AsyncIterator[FreshDb]:
    """A migrated template file, copied for every run."""
    with tempfile.TemporaryDirectory(prefix="hadir-bench-") as folder:
        template = Path(folder) / "template.db"
        await _migrate(f"sqlite+aiosqlite:///{template}")
        runs = itertools.count()

        @asynccontextmanager
        async def fresh() -> AsyncIterator[Database]:
            path = Path(folder) / f"run{next(runs)}.db"
            shutil.copy(template, path)
            db = Database(f"sqlite+aiosqlite:///{path}", cache_ttl_s=CACHE_TTL_S)
            try:
                yield db
            finally:
                await db.dispose()
                path.unlink()

        yield fresh


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()


@asynccontextmanager
async def postgresql_backend() -> AsyncIterator[FreshDb]:
    """A throwaway database on the test server, migrated once and truncated for every run."""
    async with throwaway_database("hadir_bench") as url:
        await _migrate(url)
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)

        @asynccontextmanager
        async def fresh() -> AsyncIterator[Database]:
            db = Database(url, cache_ttl_s=CACHE_TTL_S)
            try:
                async with db.engine.begin() as conn:
                    await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
                yield db
            finally:
                await db.dispose()

        yield fresh


async def seed(db: Database, n: int) -> list[int]:
    """One office, schedule and unit; N employees bound to Telegram ids, in one transaction."""
    users = list(range(FIRST_USER, FIRST_USER + n))
    async with db.transaction() as s:
        office = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, office)
        people = [Employee(nip=f"1990{i:014d}", name=f"Pegawai {i}", unit_id=unit.id,
                           role="staff", schedule_code="UMUM", active=True) for i in range(n)]
        s.add_all(people)
        await s.flush()
        bound = datetime(2026, 11, 1, tzinfo=UTC)
        s.add_all(TelegramBinding(employee_id=e.id, telegram_user_id=u, chat_id=u, bound_at=bound)
                  for e, u in zip(people, users, strict=True))
    return users


@asynccontextmanager
async def running(app: AnyApp) -> AsyncIterator[None]:
    """Initialised and started like ``run_polling`` does, without polling yet."""
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        try:
            yield
        finally:
            await app.stop()


async def wait_replies(emu: BotApiEmulator, since: int, n: int,
                       match: Callable[[str], bool]) -> None:
    """Poll the emulator's call log until n sendMessage calls after ``since`` match."""
    found, index, other = 0, since, ""
    deadline = time.perf_counter() + max(60.0, n * 0.2)
    while True:
        calls = emu.calls
        for call in calls[index:]:
            if call.method.lower() == "sendmessage":
                body = re.sub(r"<[^>]+>", "", str(call.params.get("text", "")))  # no HTML
                if call.ok and match(body):
                    found += 1
                else:
                    other = body
        index = len(calls)
        if found >= n:
            return
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{found}/{n} expected replies; last other reply: {other!r}")
        await asyncio.sleep(0.005)


async def polled(app: AnyApp, emu: BotApiEmulator, n: int, enqueue: Callable[[], object],
                 match: Callable[[str], bool], trace: bool = False) -> Run:
    """Queue n updates, then time start_polling .. n matching replies."""
    assert app.updater is not None
    since = len(emu.calls)
    enqueue()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        await wait_replies(emu, since, n, match)
        run = Run(time.perf_counter() - started)
        if trace:
            run.traced_peak = tracemalloc.get_traced_memory()[1]
        return run
    finally:
        if trace:
            tracemalloc.stop()
        await app.updater.stop()


def add_users(emu: BotApiEmulator, users: list[int]) -> None:
    for user in users:
        emu.add_user(user, f"Pegawai {user}")


def send_locations(emu: BotApiEmulator, users: list[int]) -> None:
    for user in users:
        emu.send_location(user, IN_LAT, IN_LON, live_period=900, horizontal_accuracy=10.0)


async def hadir_run(fresh: FreshDb, n: int, trace: bool = False) -> Run:
    clock = ManualClock(MONDAY_0720)
    async with BotApiEmulator(clock=clock) as emu, fresh() as db:
        users = await seed(db, n)
        add_users(emu, users)
        settings = load_settings(_env_file=None, telegram_bot_token=emu.token,
                                 telegram_api_base_url=emu.url, database_url=db.url)
        app = build_application(settings, clock=clock, database=db)
        async with running(app):
            await polled(app, emu, n, lambda: [emu.send_text(u, "/masuk") for u in users],
                         lambda body: PROMPT in body)  # warm-up: every employee is prompted
            clock.advance(seconds=40)
            run = await polled(app, emu, n, lambda: send_locations(emu, users),
                               lambda body: body.startswith(CONFIRMED), trace)
        async with db.transaction() as s:
            rows = await s.scalar(select(func.count()).select_from(AttendanceEvent))
        if rows != n:
            raise RuntimeError(f"expected {n} attendance_events rows, found {rows}")
    return run


async def bare_run(n: int, concurrent: int, trace: bool = False) -> Run:
    async def ok(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("ok")

    async with BotApiEmulator(clock=ManualClock(MONDAY_0720)) as emu:
        users = list(range(FIRST_USER, FIRST_USER + n))
        add_users(emu, users)
        app = (Application.builder().token(emu.token).base_url(emu.base_url)
               .base_file_url(emu.base_file_url).concurrent_updates(concurrent).build())
        app.add_handler(MessageHandler(filters.LOCATION, ok))
        async with running(app):
            is_ok: Callable[[str], bool] = lambda body: body == "ok"  # noqa: E731
            await polled(app, emu, n, lambda: send_locations(emu, users), is_ok)  # warm-up
            return await polled(app, emu, n, lambda: send_locations(emu, users), is_ok, trace)


def hadir_concurrency() -> int:
    """``concurrent_updates`` of Hadir's Application as production builds it."""
    settings = load_settings(_env_file=None, telegram_bot_token="1:probe",
                             database_url="sqlite+aiosqlite://")
    with warnings.catch_warnings():  # "no JobQueue set up": intended for this probe
        warnings.simplefilter("ignore")
        app = build_application(settings, database=Database(settings.database_url),
                                with_jobs=False)
    return app.update_processor.max_concurrent_updates


@dataclass
class Row:
    backend: str
    n: int
    hadir: float  # median updates/s
    bare: float
    rss_mib: float
    traced: tuple[int | None, int | None]


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**20:.1f}"


def print_table(rows: list[Row]) -> None:
    head = (f"{'backend':<11}{'N':>6}{'Hadir upd/s':>13}{'bare upd/s':>12}{'ratio':>7}  "
            f"{'verdict':<13}{'peak RSS MiB':>13}{'tracemalloc MiB hadir/bare':>28}")
    print("\n" + head + "\n" + "-" * len(head))
    for r in rows:
        ratio = r.hadir / r.bare
        verdict = "PASS" if ratio >= TARGET else "BELOW TARGET"
        traced = f"{mib(r.traced[0])} / {mib(r.traced[1])}"
        print(f"{r.backend:<11}{r.n:>6}{r.hadir:>13.1f}{r.bare:>12.1f}{ratio:>7.2f}  "
              f"{verdict:<13}{r.rss_mib:>13.1f}{traced:>28}")
    print(f"\nratio = Hadir / bare PTB (medians); target >= {TARGET}. Peak RSS is the whole "
          "process so far (emulator included); tracemalloc peaks are from one extra, untimed "
          "run of each measured phase.")


async def bench_backend(name: str, n: int, repeat: int, concurrent: int, trace: bool) -> Row:
    backend = sqlite_backend() if name == "sqlite" else postgresql_backend()
    times: dict[str, list[float]] = {"bare": [], "hadir": []}
    async with backend as fresh:
        for i in range(repeat):
            for kind in ("bare", "hadir") if i % 2 == 0 else ("hadir", "bare"):
                run = await (hadir_run(fresh, n) if kind == "hadir" else bare_run(n, concurrent))
                times[kind].append(run.seconds)
                print(f"{name:<11} run {i + 1}/{repeat} {kind:<5} {run.seconds:7.3f} s "
                      f"{n / run.seconds:8.1f} upd/s", flush=True)
        traced: tuple[int | None, int | None] = (None, None)
        if trace:
            traced = ((await hadir_run(fresh, n, trace=True)).traced_peak,
                      (await bare_run(n, concurrent, trace=True)).traced_peak)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Row(name, n, n / statistics.median(times["hadir"]),
               n / statistics.median(times["bare"]), rss, traced)


async def main_async(args: argparse.Namespace) -> None:
    concurrent = hadir_concurrency()
    backends = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(f"N={args.n} repeat={args.repeat} concurrent_updates={concurrent} "
          f"poll_interval=0 timeout=1", flush=True)
    rows = [await bench_backend(b, args.n, args.repeat, concurrent, not args.no_tracemalloc)
            for b in backends]
    print_table(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=500, help="check-ins per run (default 500)")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument("--no-tracemalloc", action="store_true",
                        help="skip the extra, untimed tracemalloc runs")
    asyncio.run(main_async(parser.parse_args()))
    return 0  # a benchmark, not a test: BELOW TARGET is reported, not failed


if __name__ == "__main__":
    raise SystemExit(main())
