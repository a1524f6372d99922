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
import resource
import tempfile
import time as clock
import tracemalloc
from collections import Counter, defaultdict
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
from bot.rules.patterns import WorkTime, stalled
from bot.rules.recap import (
    TaskFact,
    attention,
    deduction,
    is_open_at,
    month_end,
    tally,
    task_tally,
    workload,
)
from bot.services.recap_data import Period, Scope, load_period
from db.migrate import upgrade
from db.session import Database

TARGET_SECONDS = 60.0
TARGET_MIB = 500.0


# --- what is measured ---------------------------------------------------------


async def weekly(session: AsyncSession, settings: Settings, monday: date) -> int:
    """Every unit head's summary of the week before ``monday``; how many.

    FOUNDATION ONLY, until ``bot/services/summary.py`` (branch ``summary``) is
    on main. This body measures what every summary counts through: one
    ``load_period`` of that week and the one before (``Scope()``: everyone),
    then, for each unit with a head, its tree's view of each week
    (``Period.within``), a ``tally`` per person and for the whole tree,
    ``task_tally`` with the stalled tasks, ``attention`` and ``workload``. It
    writes no text, draws no chart and queues nothing in the outbox. The
    integrator replaces this body with the weekly job's builder (the call the
    job makes on Monday morning, outbox rows included, nothing sent), keeping
    the name and the signature.
    """
    first, last = monday - timedelta(days=14), monday - timedelta(days=1)
    period = await load_period(session, settings, first, last, Scope())
    works: dict[tuple[str, str], WorkTime] = {}
    made = 0
    for unit in period.units.values():
        if unit.head_id is None:
            continue
        tree = period.tree(unit.id)
        for start_day in (first, first + timedelta(days=7)):
            _week(period, settings, tree, unit.tz, start_day, works)
        made += 1
    return made


def _week(period: Period, settings: Settings, tree: frozenset[int], tz: ZoneInfo,
          first: date, works: dict[tuple[str, str], WorkTime]) -> None:
    view = period.within(Scope(unit_ids=tree), first, first + timedelta(days=6))
    per_person = {person: tally(days.values()) for person, days in view.days.items()}
    tally(day for days in view.days.values() for day in days.values())
    start = datetime.combine(first, time(0), tz)
    end = start + timedelta(days=7)
    open_by: Counter[int] = Counter()
    overdue: Counter[int] = Counter()
    stuck = []
    for task in view.tasks:
        if not is_open_at(task, end):
            continue
        open_by[task.assignee_id] += 1
        overdue[task.assignee_id] += task.deadline < end
        if _stalled(period, settings, task, end, tz, works):
            stuck.append(task.id)
    task_tally(view.tasks, start, end, stuck)
    attention(per_person, overdue)
    workload(open_by, view.people_in(tree), settings.workload_share, settings.workload_ratio)


def _stalled(period: Period, settings: Settings, task: TaskFact, at: datetime, tz: ZoneInfo,
             works: dict[tuple[str, str], WorkTime]) -> bool:
    person = period.people.get(task.assignee_id)
    code = person.schedule_code if person else ""
    key = (code, tz.key)
    if key not in works:
        works[key] = WorkTime(period.schedules.get(code, []), tz, period.calendar)
    return stalled(task.last_report, task.deadline, at, settings.stalled_task_working_days,
                   works[key])


async def monthly(session: AsyncSession, settings: Settings, first: date, out: Path) -> int:
    """The province-wide recap of the month of ``first``; how many people (rows).

    FOUNDATION ONLY, until ``bot/services/recap.py`` and ``bot/recap_book.py``
    (branch ``recap``) are on main. This body measures what the recap counts
    through: one ``load_period`` of the month (``Scope()``: everyone), and per
    person the "Rekap" row's cells (``Day.cell`` per date), a ``tally``, the
    ``deduction`` and, for "Kinerja", a ``task_tally`` of their tasks. It
    writes no workbook (``out`` is unused): the integrator replaces this body
    with the recap's builder writing the .xlsx to ``out`` (the call
    ``hadir report --month`` makes), keeping the name and the signature.
    """
    last = month_end(first)
    period = await load_period(session, settings, first, last, Scope())
    theirs: dict[int, list[TaskFact]] = defaultdict(list)
    for task in period.tasks:
        theirs[task.assignee_id].append(task)
    dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    order = sorted(period.people.values(), key=lambda p: (p.unit_id, p.name.casefold(), p.id))
    rows = 0
    for person in order:
        days = period.days.get(person.id, {})
        cells = [days[d].cell if d in days else "" for d in dates]  # the "Rekap" row
        rows += bool(cells)
        counted = tally(days.values())
        deduction(counted.codes, settings.deduction_percent, settings.deduction_cap_percent)
        unit = period.units.get(person.unit_id)
        tz = unit.tz if unit else ZoneInfo("UTC")
        start = datetime.combine(first, time(0), tz)
        task_tally(theirs.get(person.id, []), start,
                   datetime.combine(last + timedelta(days=1), time(0), tz))
    return rows


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
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    return Measured(name, clock.perf_counter() - started, clock.process_time() - cpu,
                    len(statements), made, peak_rss_mib())


async def traced_peak_mib(db: Database, work: Work) -> float:
    """The tracemalloc peak of one more (untimed) run: Python's own allocations."""
    gc.collect()
    tracemalloc.start()
    try:
        async with db.transaction() as session:
            await work(session)
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
