"""The day's scans on a province-sized roster: queries and seconds per scan.

```
.venv/bin/python -m bench.scans [--employees 50000] [--days 90] [--units 500]
```

Seeds a throwaway PostgreSQL database (see bench/throwaway.py) with
``--units`` units over three offices (WIB, WITA, WIT), ``--employees`` people
(a head and four supervisors per unit, the rest staff bound to Telegram),
``--days`` calendar days of attendance history (check-ins with TL codes for
about one in eight, check-outs, closed days and their marks, some TK), open
tasks with deadlines around "today", dated placements (one person in
fifty transferred from another unit 20 days ago), and "today" morning's
check-ins for most people. The seeding runs in the database (``generate_series``), so it
takes a minute or two, not an hour.

Then it runs each scan once, the way the job runs it (one transaction, the
injected clock at a moment where that scan has work), counting the SQL
statements and the seconds, and prints one line per scan and the last line
``scans: max <seconds> s, max <queries> queries`` (target: each ≤ 2 s).
Not a test: it prints numbers and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import time as clock
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, text

from bench.throwaway import throwaway_database
from bot.config import Settings, load_settings
from bot.rules.calendar import HolidayCalendar
from db.migrate import upgrade
from db.session import Database

WIB = ZoneInfo("Asia/Jakarta")
OFFICES = [("SETDA", "Sekretariat Daerah", -2.8772, 103.8455, "Asia/Jakarta"),
           ("MKS", "Kantor Makassar", -5.1477, 119.4327, "Asia/Makassar"),
           ("JYP", "Kantor Jayapura", -2.5337, 140.7181, "Asia/Jayapura")]
PER_UNIT_MANAGERS = 5  # a head and four supervisors


def _today(days: int) -> date:
    """A Monday after ``days`` of history: the scans judge this day."""
    start = date(2026, 8, 3)  # a Monday
    today = start + timedelta(days=days)
    return today + timedelta(days=(7 - today.weekday()) % 7)


async def seed(db: Database, *, employees: int, units: int, days: int) -> date:
    """Everything in SQL, set-based. Returns the local date the scans judge."""
    today = _today(days)
    first = today - timedelta(days=days)
    per_unit = max(PER_UNIT_MANAGERS + 1, employees // units)
    calendar = HolidayCalendar(load_settings(_env_file=None).holiday_categories)
    holidays = ", ".join(f"'{first + timedelta(days=n)}'" for n in range(days + 1)
                         if calendar.is_holiday(first + timedelta(days=n))) or "NULL"
    statements = [
        ("offices", "INSERT INTO offices (code, name, latitude, longitude, radius_m, timezone) "
                    "VALUES " + ", ".join(
                        f"('{c}', '{n}', {lat}, {lon}, 150, '{tz}')"
                        for c, n, lat, lon, tz in OFFICES)),
        ("schedule", "INSERT INTO schedule_rules (code, weekday, start, \"end\", works_on_holidays)"
                     " SELECT 'UMUM', d, '07:30', CASE WHEN d = 5 THEN TIME '16:30' "
                     "ELSE TIME '16:00' END, false FROM generate_series(1, 5) d"),
        ("units", f"INSERT INTO units (code, name, office_id) SELECT 'U' || u, 'Unit ' || u, "
                  f"(SELECT id FROM offices ORDER BY id OFFSET (u % 3) LIMIT 1) "
                  f"FROM generate_series(1, {units}) u"),
        # n = 0 head, 1..4 supervisors (under the head), the rest staff under one of them
        ("employees", f"INSERT INTO employees (nip, name, unit_id, role, schedule_code, active) "
                      f"SELECT '19' || lpad(((u.id - 1) * {per_unit} + n)::text, 16, '0'), "
                      f"'Pegawai ' || u.id || '-' || n, u.id, "
                      f"CASE WHEN n = 0 THEN 'head' WHEN n < {PER_UNIT_MANAGERS} "
                      f"THEN 'supervisor' ELSE 'staff' END, 'UMUM', true "
                      f"FROM units u, generate_series(0, {per_unit - 1}) n"),
        ("heads", "UPDATE units SET head_id = e.id FROM employees e "
                  "WHERE e.unit_id = units.id AND e.role = 'head'"),
        ("supervisors", "UPDATE employees s SET supervisor_id = h.id FROM employees h "
                        "WHERE h.unit_id = s.unit_id AND h.role = 'head' "
                        "AND s.role = 'supervisor'"),
        ("staff", f"WITH boss AS (SELECT id, unit_id, row_number() OVER (PARTITION BY unit_id "
                  f"ORDER BY id) - 1 AS k FROM employees WHERE role = 'supervisor') "
                  f"UPDATE employees s SET supervisor_id = b.id FROM boss b "
                  f"WHERE s.role = 'staff' AND b.unit_id = s.unit_id "
                  f"AND b.k = s.id % {PER_UNIT_MANAGERS - 1}"),
        # placements as migration 0007 and the import keep them: everyone from the
        # start, and one in fifty moved here from the next unit 20 days ago
        ("assignments", f"INSERT INTO employee_assignments (employee_id, valid_from, unit_id, "
                        f"supervisor_id, schedule_code, recorded_at) SELECT e.id, "
                        f"date '2000-01-01', CASE WHEN e.id % 50 = 0 THEN e.unit_id % {units} "
                        f"+ (SELECT min(id) FROM units) ELSE e.unit_id END, e.supervisor_id, "
                        f"'UMUM', now() FROM employees e UNION ALL SELECT e.id, "
                        f"date '{today - timedelta(days=20)}', e.unit_id, e.supervisor_id, "
                        f"'UMUM', now() FROM employees e WHERE e.id % 50 = 0"),
        ("bindings", "INSERT INTO telegram_bindings (employee_id, telegram_user_id, chat_id, "
                     "bound_at) SELECT id, 100000 + id, 100000 + id, now() FROM employees"),
        # working days of the history and the morning of today
        ("days", f"CREATE TEMP TABLE bench_days AS SELECT d::date AS day FROM "
                 f"generate_series('{first}'::date, '{today}'::date, '1 day') d "
                 f"WHERE extract(isodow FROM d) < 6 AND d::date NOT IN ({holidays})"),
        ("check-ins", _checks_sql("in", today)),
        ("check-outs", _checks_sql("out", today)),
        ("closed days", f"INSERT INTO day_records (employee_id, work_date, unit_id, office_id, "
                        f"schedule_code, status, code, check_in_code, late_minutes, "
                        f"early_minutes, apel_missed, midday_absences, closed_at, updated_at) "
                        f"SELECT e.id, d.day, e.unit_id, u.office_id, 'UMUM', "
                        f"CASE WHEN a.id IS NULL THEN 'absent' ELSE 'present' END, "
                        f"CASE WHEN a.id IS NULL THEN 'TK' ELSE coalesce(a.code, 'H') END, "
                        f"a.code, coalesce(a.minutes_off, 0), 0, false, 0, now(), now() "
                        f"FROM employees e JOIN units u ON u.id = e.unit_id "
                        f"CROSS JOIN bench_days d LEFT JOIN attendance_events a ON "
                        f"a.employee_id = e.id AND a.work_date = d.day AND a.kind = 'in' "
                        f"WHERE d.day < '{today - timedelta(days=3)}'"),  # Friday: open
        ("late marks", "INSERT INTO attendance_marks (key, employee_id, work_date, kind, code, "
                       "at, facts, created_at) SELECT 'late:' || employee_id || ':' || "
                       "work_date, employee_id, work_date, 'late', code, occurred_at, "
                       "json_build_object('minutes', minutes_off), now() FROM "
                       "attendance_events a WHERE kind = 'in' AND code IS NOT NULL AND "
                       "EXISTS (SELECT 1 FROM day_records r WHERE r.employee_id = a.employee_id"
                       " AND r.work_date = a.work_date)"),
        ("absent marks", "INSERT INTO attendance_marks (key, employee_id, work_date, kind, code,"
                         " at, facts, created_at) SELECT 'absent:' || employee_id || ':' || "
                         "work_date, employee_id, work_date, 'absent', 'TK', now(), '{}', now() "
                         "FROM day_records WHERE status = 'absent'"),
        ("tasks", f"INSERT INTO tasks (batch, assignee_id, assigned_by_id, title, deadline, "
                  f"priority, status, progress, created_at, updated_at, deadline_set_at) "
                  f"SELECT 'b' || s.id || '-' || k, s.id, s.supervisor_id, 'Laporan ' || k, "
                  f"timestamptz '{today} 09:00+07' + ((k - 3) * interval '1 day'), 'normal', "
                  f"CASE WHEN k % 3 = 0 THEN 'done' ELSE 'in_progress' END, 0, "
                  f"timestamptz '{today} 09:00+07' - interval '10 days', "
                  f"timestamptz '{today} 09:00+07' - interval '10 days', "
                  f"timestamptz '{today} 09:00+07' - interval '10 days' "
                  f"FROM employees s, generate_series(1, 5) k WHERE s.role = 'staff'"),
        ("analyze", "ANALYZE"),
    ]
    for name, sql in statements:
        started = clock.perf_counter()
        async with db.engine.begin() as conn:
            result = await conn.execute(text(sql))
        rows = result.rowcount if result.rowcount and result.rowcount > 0 else 0
        print(f"  seed {name:<13} {rows:>9} rows  {clock.perf_counter() - started:6.1f} s",
              flush=True)
    return today


def _checks_sql(kind: str, today: date) -> str:
    """Check-ins (about one in eight late, 1 in 25 days missing) or check-outs
    of every working day; today: check-ins only, for nine in ten people."""
    if kind == "in":
        minutes = "CASE WHEN (e.id + (d.day - date '2000-01-01')) % 8 = 0 THEN " \
                  "((e.id * 7 + (d.day - date '2000-01-01')) % 100) + 1 ELSE 0 END"
        code = (f"CASE WHEN {minutes} = 0 THEN NULL WHEN {minutes} <= 30 THEN 'TL1' "
                f"WHEN {minutes} <= 60 THEN 'TL2' WHEN {minutes} <= 90 THEN 'TL3' ELSE 'TL4' END")
        at = f"(d.day + time '07:30') AT TIME ZONE o.timezone + {minutes} * interval '1 minute'"
        skip = (f"(e.id + (d.day - date '2000-01-01')) % 25 <> 0 AND NOT (d.day = '{today}' "
                f"AND e.id % 10 = 0)")
        offset = 0
    else:
        minutes, code = "0", "NULL"
        at = "(d.day + time '16:05') AT TIME ZONE o.timezone"
        skip = (f"d.day < '{today}' AND (e.id + (d.day - date '2000-01-01')) % 25 <> 0")
        offset = 1
    return (
        f"INSERT INTO attendance_events (employee_id, kind, occurred_at, work_date, office_id, "
        f"latitude, longitude, accuracy_m, distance_m, day_type, scheduled_at, minutes_off, "
        f"code, chat_id, message_id, recorded_at) "
        f"SELECT e.id, '{kind}', {at}, d.day, o.id, o.latitude, o.longitude, 10, 5, "
        f"'workday', (d.day + time '07:30') AT TIME ZONE o.timezone, {minutes}, {code}, "
        f"100000 + e.id, (d.day - date '2000-01-01') * 2 + {offset}, {at} "
        f"FROM employees e JOIN units u ON u.id = e.unit_id JOIN offices o ON o.id = u.office_id "
        f"CROSS JOIN bench_days d WHERE {skip}")


Scan = Callable[[Any, Settings, datetime], Awaitable[int]]


@dataclass(frozen=True)
class Planned:
    name: str
    target: str  # module:function
    at: datetime  # when it runs (the injected clock)
    warm_up: datetime | None = None  # an untimed run first (Hadir has seen the day begin)


def planned(today: date) -> list[Planned]:
    """Each scan at a moment where it has work on the seeded roster."""
    def wib(hour: int, minute: int = 0, day: date = today) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)

    yesterday = today - timedelta(days=3)  # the Friday before
    return [
        Planned("no-show", "jobs.day:scan_no_shows", wib(8, 31)),
        Planned("presence (plan)", "jobs.presence:plan_presence_checks", wib(6, 0)),
        Planned("presence", "jobs.presence:scan_presence", wib(14, 0)),
        Planned("day close", "jobs.day:close_days", wib(23, 59, yesterday),
                warm_up=wib(6, 0, yesterday)),
        Planned("chronic lateness", "jobs.patterns:scan_chronic_lateness", wib(6, 0)),
        Planned("PP 94", "jobs.patterns:scan_unexcused_absence", wib(6, 5)),
        Planned("overdue", "jobs.patterns:scan_overdue_tasks", wib(8, 1)),
    ]


def _resolve(target: str) -> Scan | None:
    module, _, name = target.partition(":")
    try:
        found: Scan = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return found


async def run_scans(db: Database, settings: Settings, today: date) -> list[tuple[str, float, int]]:
    results = []
    for plan in planned(today):
        scan = _resolve(plan.target)
        if scan is None:
            print(f"  {plan.name:<17} missing ({plan.target})")
            continue
        if plan.warm_up is not None:
            async with db.transaction() as session:
                await scan(session, settings, plan.warm_up.astimezone(UTC))
        statements: list[str] = []

        def record(*args: Any, _into: list[str] = statements) -> None:
            _into.append(args[2])

        event.listen(db.engine.sync_engine, "before_cursor_execute", record)
        started = clock.perf_counter()
        try:
            async with db.transaction() as session:
                written = await scan(session, settings, plan.at.astimezone(UTC))
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", record)
        seconds = clock.perf_counter() - started
        results.append((plan.name, seconds, len(statements)))
        print(f"  {plan.name:<17} {seconds:7.2f} s {len(statements):5} queries "
              f"{written:7} written", flush=True)
    return results


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args(argv)
    async with throwaway_database("hadir_bench_scans") as url:
        db = Database(url)
        try:
            await upgrade(db.engine)
            print(f"seeding {args.employees} employees, {args.units} units, {args.days} days")
            today = await seed(db, employees=args.employees, units=args.units, days=args.days)
            settings = load_settings(_env_file=None, database_url=url)
            print(f"scans on {today:%A %d %B %Y}")
            results = await run_scans(db, settings, today)
        finally:
            await db.engine.dispose()
    worst_s = max((s for _, s, _ in results), default=0.0)
    worst_q = max((q for _, _, q in results), default=0)
    verdict = "PASS" if results and worst_s <= 2.0 else "BELOW TARGET"
    print(f"target: each scan <= 2 s: {verdict}")
    print(f"scans: max {worst_s:.2f} s, max {worst_q} queries")


if __name__ == "__main__":
    asyncio.run(main())
