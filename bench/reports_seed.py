"""Three months of closed days for a province, seeded in SQL (``generate_series``).

Used by ``bench.reports``. Everything is derived from the row ids and the
dates with ``hashint8``, so two runs seed the same history, and nothing
depends on the real date: "today" is ``REFERENCE_MONDAY``.

* ``units`` units over three offices (WIB, WITA, WIT): one dinas in twenty
  is a top unit, the others are its sub-units (same office); every unit has
  a head (the sub-units' heads answer to their dinas's head), four
  supervisors (under the head) and staff (under one of the supervisors).
* one ``employee_assignments`` row per person; one staff member in a
  hundred was transferred (mutasi) from the next unit on a date between
  the fifth and the twelfth week of the history: a second row, and their
  days before it carry the old unit and supervisor.
* ``day_records`` for every person and date of the history, all closed:
  weekends ``off``, holidays ``holiday`` (the national calendar and one
  provincial holiday in the holidays table), and on working days mostly H,
  about 12% TL1..TL4, 5% PSW1..PSW4 (a day can be both), 0.8% TK, leave in
  spans of 1 to 4 days (CT, CS, DL), 1% with a mid-day absence, 5% of
  Mondays' apel missed; ``attendance_marks`` for each of those.
* 2 to 5 tasks per person who has a supervisor, given over the history:
  done on time, done late, cancelled, waiting for verification, open and
  overdue, or open and not due yet; ``task_events`` (created, started,
  progress, submitted, accepted, cancelled) and ``extension_requests`` for
  one task in ten (approved, rejected or pending).
"""

from __future__ import annotations

import time as clock
from datetime import date, timedelta

from sqlalchemy import text

from bot.config import load_settings
from bot.rules.calendar import HolidayCalendar
from db.session import Database

REFERENCE_MONDAY = date(2026, 11, 23)  # "today": the weekly summaries are sent this morning
OFFICES = [("SETDA", "Sekretariat Daerah", -2.8772, 103.8455, "Asia/Jakarta"),
           ("MKS", "Kantor Makassar", -5.1477, 119.4327, "Asia/Makassar"),
           ("JYP", "Kantor Jayapura", -2.5337, 140.7181, "Asia/Jayapura")]
PROVINCIAL_HOLIDAY = (date(2026, 10, 14), "Hari Jadi Provinsi")
MANAGERS = 5  # a head and four supervisors per unit
SUBUNITS_PER_DINAS = 19


def per_unit(employees: int, units: int) -> int:
    """People per unit: at least the managers and one staff member."""
    return max(MANAGERS + 1, employees // units)


def history(days: int) -> tuple[date, date, date]:
    """(first, last, today): ``days`` closed days up to the Sunday before today."""
    last = REFERENCE_MONDAY - timedelta(days=1)
    return last - timedelta(days=days - 1), last, REFERENCE_MONDAY


def _h(salt: int, *terms: str) -> str:
    """A stable pseudo-random 0..999 of some columns."""
    mixed = " + ".join(f"({t}) * {m}" for t, m in zip(terms, (1000003, 7919, 31), strict=False))
    return f"(abs(hashint8(({mixed}) * 8 + {salt})) % 1000)"


def _days_sql() -> str:
    a, b, c = (_h(s, "e.id", "d.dn") for s in (1, 2, 3))
    week = _h(4, "e.id", "d.dn / 7")
    return f"""
INSERT INTO day_records (employee_id, work_date, unit_id, supervisor_id, office_id,
    schedule_code, status, code, check_in_code, check_out_code, late_minutes, early_minutes,
    apel_missed, midday_absences, holiday_name, closed_at, updated_at)
WITH raw AS (
  SELECT e.id AS employee_id, d.day, d.kind, d.holiday_name, d.isodow,
    CASE WHEN m.employee_id IS NOT NULL AND d.day < m.moved_on THEN m.old_unit
         ELSE e.unit_id END AS unit_id,
    CASE WHEN m.employee_id IS NOT NULL AND d.day < m.moved_on THEN m.old_supervisor
         ELSE e.supervisor_id END AS supervisor_id,
    CASE WHEN m.employee_id IS NOT NULL AND d.day < m.moved_on THEN m.old_office
         ELSE u.office_id END AS office_id,
    {a} AS a, {b} AS b, {c} AS c, {week} AS w
  FROM employees e JOIN units u ON u.id = e.unit_id CROSS JOIN bench_dates d
  LEFT JOIN bench_moves m ON m.employee_id = e.id
), judged AS (
  SELECT *,
    CASE WHEN kind <> 'work' THEN kind
         WHEN w < 40 AND isodow <= 1 + w % 4 THEN 'leave'
         WHEN a < 8 THEN 'absent' ELSE 'present' END AS status,
    CASE WHEN a >= 8 AND a < 128 THEN 1 + b % 120 ELSE 0 END AS late,
    CASE WHEN c < 50 THEN 1 + (b * 7 + c) % 120 ELSE 0 END AS early
  FROM raw
), coded AS (
  SELECT *,
    CASE WHEN status <> 'present' OR late = 0 THEN NULL WHEN late <= 30 THEN 'TL1'
         WHEN late <= 60 THEN 'TL2' WHEN late <= 90 THEN 'TL3' ELSE 'TL4' END AS in_code,
    CASE WHEN status <> 'present' OR early = 0 THEN NULL WHEN early <= 30 THEN 'PSW1'
         WHEN early <= 60 THEN 'PSW2' WHEN early <= 90 THEN 'PSW3' ELSE 'PSW4' END AS out_code
  FROM judged
)
SELECT employee_id, day, unit_id, supervisor_id, office_id, 'UMUM', status,
  CASE status WHEN 'present' THEN coalesce(in_code, out_code, 'H') WHEN 'absent' THEN 'TK'
       WHEN 'leave' THEN CASE WHEN w < 20 THEN 'CT' WHEN w < 28 THEN 'CS' ELSE 'DL' END
       END,
  in_code, out_code,
  CASE WHEN in_code IS NULL THEN 0 ELSE late END,
  CASE WHEN out_code IS NULL THEN 0 ELSE early END,
  status = 'present' AND isodow = 1 AND c >= 60 AND c < 110,
  CASE WHEN status = 'present' AND c >= 50 AND c < 60 THEN 1 ELSE 0 END,
  holiday_name,
  (day + 1) + time '00:05', (day + 1) + time '00:05'
FROM coded
"""


def _marks_sql() -> str:
    """One mark per thing the closed day counts (late, early, TK, mid-day, apel)."""
    at = "(r.work_date + time '08:00') AT TIME ZONE o.timezone"
    kinds = [("late", "r.check_in_code", "r.check_in_code IS NOT NULL",
              "json_build_object('minutes', r.late_minutes)"),
             ("early", "r.check_out_code", "r.check_out_code IS NOT NULL",
              "json_build_object('minutes', r.early_minutes)"),
             ("absent", "'TK'", "r.status = 'absent'", "'{}'::json"),
             ("midday_absence", "NULL", "r.midday_absences > 0", "'{}'::json"),
             ("apel_missed", "NULL", "r.apel_missed", "'{}'::json")]
    parts = [f"SELECT '{kind}:' || r.employee_id || ':' || r.work_date, r.employee_id, "
             f"r.work_date, '{kind}', {code}, {at}, {facts}, {at} FROM day_records r "
             f"JOIN offices o ON o.id = r.office_id WHERE {where}"
             for kind, code, where, facts in kinds]
    return ("INSERT INTO attendance_marks (key, employee_id, work_date, kind, code, at, facts, "
            "created_at) " + " UNION ALL ".join(parts))


def _tasks_sql(first: date, days: int, today: date) -> str:
    pick, length, fate = (_h(s, "e.id", "k") for s in (5, 6, 7))
    now = f"timestamptz '{today} 07:00+07'"
    return f"""
INSERT INTO tasks (batch, assignee_id, assigned_by_id, title, deadline, priority, status,
    progress, created_at, updated_at, deadline_set_at, completed_at)
WITH planned AS (
  SELECT e.id, e.supervisor_id, k, o.timezone, {fate} % 100 AS t,
    ((date '{first}' + {pick} % {max(days - 3, 1)}) + time '09:00') AT TIME ZONE o.timezone
      AS created,
    ((date '{first}' + {pick} % {max(days - 3, 1)} + 3 + {length} % 12) + time '16:00')
      AT TIME ZONE o.timezone AS deadline
  FROM employees e JOIN units u ON u.id = e.unit_id JOIN offices o ON o.id = u.office_id
  CROSS JOIN generate_series(1, 5) k
  WHERE e.supervisor_id IS NOT NULL AND k <= 2 + e.id % 4
), fated AS (
  SELECT *, CASE
      WHEN deadline > {now} THEN CASE WHEN t < 20 THEN 'done' WHEN t < 60 THEN 'in_progress'
                                      ELSE 'new' END
      WHEN t < 55 THEN 'done' WHEN t < 75 THEN 'late' WHEN t < 80 THEN 'cancelled'
      WHEN t < 85 THEN 'awaiting_verification' WHEN t < 95 THEN 'in_progress' ELSE 'new'
    END AS fate
  FROM planned
), timed AS (
  SELECT *, CASE
      WHEN fate = 'done' THEN least(created + (deadline - created) * 0.6,
                                    {now} - interval '6 hours')
      WHEN fate = 'late' THEN least(deadline + (1 + t % 3) * interval '1 day',
                                    {now} - interval '6 hours')
      WHEN fate = 'awaiting_verification' THEN least(deadline - interval '2 hours',
                                                     {now} - interval '6 hours')
    END AS submitted
  FROM fated
)
SELECT 'bench-' || id || '-' || k, id, supervisor_id, 'Laporan kegiatan ' || k, deadline,
  'normal', CASE fate WHEN 'late' THEN 'done' ELSE fate END,
  CASE WHEN fate IN ('done', 'late') THEN 100 WHEN fate = 'new' THEN 0 ELSE 10 * (t % 9) END,
  created,
  coalesce(submitted + interval '4 hours', CASE WHEN fate IN ('cancelled', 'in_progress')
           THEN created + interval '1 day' ELSE created END),
  created,
  CASE WHEN fate IN ('done', 'late') THEN submitted + interval '4 hours' END
FROM timed
"""


def _events_sql() -> str:
    """The history of each task: created, started, progress, submitted, accepted, cancelled."""
    submitted = ("CASE WHEN t.status = 'done' THEN t.completed_at - interval '4 hours' "
                 "ELSE t.updated_at - interval '4 hours' END")
    rows = [("created", "t.created_at", "t.assigned_by_id", "true"),
            ("started", "t.created_at + interval '2 hours'", "t.assignee_id",
             "t.status <> 'new'"),
            ("progress", "t.created_at + interval '1 day'", "t.assignee_id",
             "t.status = 'in_progress' AND t.created_at + interval '1 day' < t.deadline"),
            ("submitted", submitted, "t.assignee_id",
             "t.status IN ('done', 'awaiting_verification')"),
            ("accepted", "t.completed_at", "t.assigned_by_id", "t.status = 'done'"),
            ("cancelled", "t.updated_at", "t.assigned_by_id", "t.status = 'cancelled'")]
    parts = [f"SELECT t.id, {at}, {actor}, '{kind}' FROM tasks t WHERE {where}"
             for kind, at, actor, where in rows]
    return ("INSERT INTO task_events (task_id, at, actor_id, kind) "
            + " UNION ALL ".join(parts))


def _extensions_sql() -> str:
    """One task in ten asked for more time half-way: two in three approved when
    decided; those still open may be pending."""
    asked = "t.created_at + (t.deadline - t.created_at) / 2"
    return (f"INSERT INTO extension_requests (task_id, requested_by_id, requested_at, "
            f"new_deadline, reason, status, decided_by_id, decided_at) "
            f"SELECT t.id, t.assignee_id, {asked}, t.deadline + interval '2 days', "
            f"'Menunggu data', CASE WHEN t.id % 3 = 0 THEN 'rejected' "
            f"WHEN t.status IN ('new', 'in_progress') AND t.id % 3 = 1 THEN 'pending' "
            f"ELSE 'approved' END, "
            f"CASE WHEN t.status IN ('new', 'in_progress') AND t.id % 3 = 1 THEN NULL "
            f"ELSE t.assigned_by_id END, "
            f"CASE WHEN t.status IN ('new', 'in_progress') AND t.id % 3 = 1 THEN NULL "
            f"ELSE {asked} + interval '3 hours' END "
            f"FROM tasks t WHERE t.id % 10 = 0")


def _org_sql(employees: int, units: int) -> list[tuple[str, str]]:
    dinas = max(1, units // (SUBUNITS_PER_DINAS + 1))
    size = per_unit(employees, units)
    # the dinas of unit u: u itself (u <= dinas) or one of them
    top = f"CASE WHEN u <= {dinas} THEN u ELSE (u - {dinas} - 1) % {dinas} + 1 END"
    return [
        ("offices", "INSERT INTO offices (code, name, latitude, longitude, radius_m, timezone) "
                    "VALUES " + ", ".join(f"('{c}', '{n}', {lat}, {lon}, 150, '{tz}')"
                                          for c, n, lat, lon, tz in OFFICES)),
        ("schedule", "INSERT INTO schedule_rules (code, weekday, start, \"end\", "
                     "works_on_holidays) SELECT 'UMUM', d, '07:30', CASE WHEN d = 5 "
                     "THEN TIME '16:30' ELSE TIME '16:00' END, false FROM generate_series(1, 5) d"),
        ("units", f"INSERT INTO units (code, name, office_id) SELECT 'U' || u, "
                  f"CASE WHEN u <= {dinas} THEN 'Dinas ' ELSE 'Bidang ' END || u, "
                  f"(SELECT id FROM offices ORDER BY id OFFSET (({top}) % 3) LIMIT 1) "
                  f"FROM generate_series(1, {units}) u ORDER BY u"),
        ("unit tree", f"UPDATE units c SET parent_id = p.id FROM units p WHERE "
                      f"substr(c.code, 2)::int > {dinas} AND p.code = 'U' || "
                      f"((substr(c.code, 2)::int - {dinas} - 1) % {dinas} + 1)"),
        ("employees", f"INSERT INTO employees (nip, name, unit_id, role, schedule_code, active) "
                      f"SELECT '19' || lpad(((u.id - 1) * {size} + n)::text, 16, '0'), "
                      f"'Pegawai ' || u.id || '-' || n, u.id, CASE WHEN n = 0 THEN 'head' "
                      f"WHEN n < {MANAGERS} THEN 'supervisor' ELSE 'staff' END, 'UMUM', true "
                      f"FROM units u, generate_series(0, {size - 1}) n ORDER BY u.id, n"),
        ("heads", "UPDATE units SET head_id = e.id FROM employees e "
                  "WHERE e.unit_id = units.id AND e.role = 'head'"),
        ("heads' heads", "UPDATE employees s SET supervisor_id = p.head_id FROM units u "
                         "JOIN units p ON p.id = u.parent_id WHERE s.role = 'head' "
                         "AND u.id = s.unit_id"),
        ("supervisors", "UPDATE employees s SET supervisor_id = h.id FROM employees h "
                        "WHERE h.unit_id = s.unit_id AND h.role = 'head' "
                        "AND s.role = 'supervisor'"),
        ("staff", f"WITH boss AS (SELECT id, unit_id, row_number() OVER (PARTITION BY unit_id "
                  f"ORDER BY id) - 1 AS k FROM employees WHERE role = 'supervisor') "
                  f"UPDATE employees s SET supervisor_id = b.id FROM boss b "
                  f"WHERE s.role = 'staff' AND b.unit_id = s.unit_id "
                  f"AND b.k = s.id % {MANAGERS - 1}"),
        ("bindings", "INSERT INTO telegram_bindings (employee_id, telegram_user_id, chat_id, "
                     "bound_at) SELECT id, 100000 + id, 100000 + id, now() FROM employees"),
    ]


def _quoted(value: str) -> str:
    return value.replace("'", "''")


def _history_sql(first: date, last: date, today: date, days: int, units: int,
                 holidays: dict[date, str]) -> list[tuple[str, str]]:
    listed = ", ".join(f"('{day}'::date, '{_quoted(name)}')" for day, name in holidays.items())
    named = f"(VALUES {listed}) AS h(day, name)" if listed else \
        "(SELECT NULL::date AS day, NULL::text AS name WHERE false) h"
    return [
        ("holidays", f"INSERT INTO holidays (date, name, working) VALUES "
                     f"('{PROVINCIAL_HOLIDAY[0]}', '{PROVINCIAL_HOLIDAY[1]}', false)"),
        ("dates", f"CREATE UNLOGGED TABLE bench_dates AS SELECT d::date AS day, "
                  f"(d::date - date '2000-01-03') AS dn, extract(isodow FROM d)::int AS isodow, "
                  f"CASE WHEN extract(isodow FROM d) >= 6 THEN 'off' WHEN h.name IS NOT NULL "
                  f"THEN 'holiday' ELSE 'work' END AS kind, h.name AS holiday_name "
                  f"FROM generate_series('{first}'::date, '{last}'::date, '1 day') d "
                  f"LEFT JOIN {named} ON h.day = d::date"),
        ("transfers", f"CREATE UNLOGGED TABLE bench_moves AS SELECT e.id AS employee_id, "
                      f"date '{first}' + 28 + (e.id % {max(days // 2, 1)})::int AS moved_on, "
                      f"o.id AS old_unit, o.office_id AS old_office, s.id AS old_supervisor "
                      f"FROM employees e JOIN units o ON o.id = e.unit_id % {units} + 1 "
                      f"JOIN (SELECT unit_id, min(id) AS id FROM employees "
                      f"WHERE role = 'supervisor' GROUP BY unit_id) s ON s.unit_id = o.id "
                      f"WHERE e.role = 'staff' AND e.id % 100 = 7"),
        ("assignments", "INSERT INTO employee_assignments (employee_id, valid_from, unit_id, "
                        "supervisor_id, schedule_code, recorded_at) "
                        "SELECT e.id, date '2000-01-01', coalesce(m.old_unit, e.unit_id), "
                        "CASE WHEN m.employee_id IS NULL THEN e.supervisor_id "
                        "ELSE m.old_supervisor END, 'UMUM', now() FROM employees e "
                        "LEFT JOIN bench_moves m ON m.employee_id = e.id "
                        "UNION ALL SELECT e.id, m.moved_on, e.unit_id, e.supervisor_id, "
                        "'UMUM', now() FROM employees e JOIN bench_moves m "
                        "ON m.employee_id = e.id"),
        ("closed days", _days_sql()),
        ("marks", _marks_sql()),
        ("tasks", _tasks_sql(first, days, today)),
        ("task events", _events_sql()),
        ("extensions", _extensions_sql()),
    ]


async def seed(db: Database, *, employees: int, units: int, days: int) -> date:
    """The whole roster and history; returns "today" (a Monday)."""
    first, last, today = history(days)
    calendar = HolidayCalendar(load_settings(_env_file=None).holiday_categories)
    holidays = {first + timedelta(days=n): calendar.name(first + timedelta(days=n)) or ""
                for n in range(days) if calendar.is_holiday(first + timedelta(days=n))}
    if first <= PROVINCIAL_HOLIDAY[0] <= last:
        holidays[PROVINCIAL_HOLIDAY[0]] = PROVINCIAL_HOLIDAY[1]
    statements = [*_org_sql(employees, units),
                  *_history_sql(first, last, today, days, units, holidays)]
    for name, sql in statements:
        started = clock.perf_counter()
        async with db.engine.begin() as conn:
            # the seed is consistent by construction: no foreign-key trigger per row
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
            result = await conn.execute(text(sql))
        rows = result.rowcount if result.rowcount and result.rowcount > 0 else 0
        print(f"  seed {name:<13} {rows:>9} rows  {clock.perf_counter() - started:6.1f} s",
              flush=True)
    # as a database in service is: statistics, and the pages' visibility settled
    # (the first read of freshly written rows would otherwise write them again)
    started = clock.perf_counter()
    async with db.engine.connect() as conn:
        await (await conn.execution_options(isolation_level="AUTOCOMMIT")).execute(
            text("VACUUM ANALYZE"))
    print(f"  seed vacuum                       {clock.perf_counter() - started:6.1f} s",
          flush=True)
    return today
