"""All weekly summaries and one province-wide monthly recap: seconds, queries, memory.

```
.venv/bin/python -m bench.reports [--employees 50000] [--units 500] [--days 92]
                                  [--no-tracemalloc]
```

Seeds a throwaway PostgreSQL database (bench/throwaway.py) with three months
of closed days of a province (bench/reports_seed.py: 500 units over three
offices in a tree of dinas and their sub-units, transfers inside the
history, leave, TL/PSW/TK, mid-day absences, apel, tasks with their history
and extension requests), "today" being the fixed Monday
``REFERENCE_MONDAY`` (the bench never reads the real date).

Then, each in one transaction, with the SQL statements counted:

* **weekly**: every unit head's summary of the week before today, the way
  the weekly job builds them (``weekly`` below);
* **monthly**: one recap of the last whole month for the whole province
  (``monthly`` below).

One line per measurement (seconds, statements, peak RSS so far), the
tracemalloc peaks of one extra untimed run of each (tracing slows Python
down, so it is never timed; ``--no-tracemalloc`` skips it), and the last
line ``reports: weekly <s> s, monthly <s> s, <MiB> MiB``, where MiB is the
process's peak resident set size (``ru_maxrss``) after both timed runs:
what the machine had to give, interpreter and libraries included.
Targets: each ≤ 60 s, ≤ 500 MiB, and the statements do not grow with the
head count. Not a test: it prints numbers and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import tempfile
import time as clock
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bench.reports_seed import history, per_unit, seed
from bench.throwaway import throwaway_database
from bot.config import Settings, load_settings
from bot.recap_book import workbook_bytes
from bot.rules.recap import month_end
from bot.services.recap import build_recap
from bot.services.recap_scope import everyone
from bot.services.summary_scan import scan_weekly_summaries
from db.migrate import upgrade
from db.session import Database

TARGET_SECONDS = 60.0
TARGET_MIB = 500.0


# --- what is measured ---------------------------------------------------------


async def weekly(session: AsyncSession, settings: Settings, monday: date) -> int:
    """Every unit head's summary of the week before ``monday``, as the weekly
    job makes them on Monday morning (``scan_weekly_summaries``: one load of
    the two weeks, each tree's summary and chart, the outbox rows queued; no
    limit per run here, so all of them in one go; nothing is sent); how many
    outbox messages were queued."""
    now = datetime.combine(monday, time(9, 0), ZoneInfo("Asia/Jakarta"))  # 07:00 WIT
    return await scan_weekly_summaries(session, settings, now, limit=10**9)


async def monthly(session: AsyncSession, settings: Settings, first: date, out: Path) -> int:
    """The province-wide recap of the month of ``first`` written to ``out``
    (.xlsx), as ``hadir report --month`` writes it; how many rows."""
    now = datetime.combine(month_end(first) + timedelta(days=1), time(9, 0),
                           ZoneInfo("Asia/Jakarta"))
    recap = await build_recap(session, settings, first, everyone(), now,
                              ZoneInfo("Asia/Jakarta"))
    content = await asyncio.to_thread(workbook_bytes, recap, "id")
    await asyncio.to_thread(out.write_bytes, content)
    return len(recap.rows)


# --- measuring ------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    name: str
    seconds: float
    cpu_seconds: float  # this process's (the database server's work is in ``seconds``)
    statements: int
    made: int
    rss_mib: float  # the process's peak so far


def peak_rss_mib() -> float:
    """The process's peak resident set size (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Work = Callable[[AsyncSession], Awaitable[int]]


async def measure(db: Database, name: str, work: Work) -> Measured:
    gc.collect()
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    started, cpu = clock.perf_counter(), clock.process_time()
    try:
        async with db.transaction() as session:
            made = await work(session)
            await session.rollback()  # the traced run does the same work again
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    if os.environ.get("BENCH_SHOW_STATEMENTS"):  # what the statements were, by their start
        for shape, n in Counter(" ".join(s.split())[:70] for s in statements).most_common(5):
            print(f"    {n:6d} × {shape}")
    return Measured(name, clock.perf_counter() - started, clock.process_time() - cpu,
                    len(statements), made, peak_rss_mib())


async def traced_peak_mib(db: Database, work: Work) -> float:
    """The tracemalloc peak of one more (untimed) run: Python's own allocations."""
    gc.collect()
    tracemalloc.start()
    try:
        async with db.transaction() as session:
            await work(session)
            await session.rollback()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


async def run(db: Database, settings: Settings, today: date, *, traced: bool = True
              ) -> list[Measured]:
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"rekap-{month:%Y-%m}.xlsx"
        works: dict[str, tuple[str, Work]] = {
            "weekly": (f"week of {today - timedelta(days=7):%d %b %Y}",
                       lambda s: weekly(s, settings, today)),
            "monthly": (f"{month:%B %Y}", lambda s: monthly(s, settings, month, out)),
        }
        print(f"peak RSS before: {peak_rss_mib():.0f} MiB", flush=True)
        results = []
        for name, (what, work) in works.items():
            done = await measure(db, name, work)
            results.append(done)
            print(f"  {name:<8} {done.seconds:7.2f} s (cpu {done.cpu_seconds:6.2f} s) "
                  f"{done.statements:4} queries {done.made:7} "
                  f"{'summaries' if name == 'weekly' else 'rows'} ({what}); "
                  f"peak RSS so far {done.rss_mib:.0f} MiB", flush=True)
        if traced:
            peaks = [f"{name} {await traced_peak_mib(db, work):.0f} MiB"
                     for name, (_, work) in works.items()]
            print(f"  tracemalloc peaks (one more untimed run each): {', '.join(peaks)}")
    return results


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=92)
    parser.add_argument("--no-tracemalloc", dest="traced", action="store_false")
    args = parser.parse_args(argv)
    async with throwaway_database("hadir_bench_reports") as url:
        db = Database(url)
        try:
            await upgrade(db.engine)
            first, last, today = history(args.days)
            size = per_unit(args.employees, args.units)
            print(f"seeding {size * args.units} employees ({size} a unit), {args.units} units, "
                  f"{first:%d %b} .. {last:%d %b %Y}")
            await seed(db, employees=args.employees, units=args.units, days=args.days)
            settings = load_settings(_env_file=None, database_url=url)
            print(f"reports on {today:%A %d %B %Y}")
            results = await run(db, settings, today, traced=args.traced)
        finally:
            await db.engine.dispose()
    seconds = {m.name: m.seconds for m in results}
    mib = max(m.rss_mib for m in results)
    verdict = ("PASS" if max(seconds.values()) <= TARGET_SECONDS and mib <= TARGET_MIB
               else "BELOW TARGET")
    print(f"target: each <= {TARGET_SECONDS:.0f} s, peak RSS <= {TARGET_MIB:.0f} MiB: {verdict}")
    print(f"reports: weekly {seconds['weekly']:.2f} s, monthly {seconds['monthly']:.2f} s, "
          f"{mib:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
