"""Presence checks without Telegram: when a check may fall (working hours,
breaks, margins), the BREAK_TIMES setting, break columns in the roster, and
scans that read the same for two people as for six."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import SettingsError, load_settings
from bot.rules.presence import (
    DEFAULT_BREAK_TIMES,
    break_of,
    check_windows,
    live_current,
    parse_break_times,
    plan_moments,
)
from bot.rules.schedule import work_period
from bot.services.employees import Rule
from db.models import AttendanceEvent, ScheduleRule
from db.models_day import PresenceAsk, PresenceCheck
from db.session import Database
from jobs.presence import plan_presence_checks, scan_presence
from tests import factories
from tests.queries import counted
from tests.test_roster_import import cell, example_tables, run_import, write_csv

WIB = ZoneInfo("Asia/Jakarta")
MONDAY, FRIDAY = date(2026, 11, 23), date(2026, 11, 27)
ANSWER = timedelta(minutes=15)
BREAKS = parse_break_times(DEFAULT_BREAK_TIMES)
UMUM = [Rule(d, time(7, 30), time(16, 0), None, None) for d in range(1, 5)] + [
    Rule(5, time(7, 30), time(16, 30), None, None)]


def assert_fits_the_day(day: date, moments: tuple[time, ...] | list[time]) -> None:
    """Inside Perpres 21/2023 hours less the answer margins, outside the break,
    two answer windows apart."""
    if day.isoweekday() == 5:
        allowed = [(time(7, 45), time(11, 15)), (time(13, 15), time(16, 15))]
    else:
        allowed = [(time(7, 45), time(11, 45)), (time(13, 15), time(15, 45))]
    for moment in moments:
        assert any(start <= moment <= end for start, end in allowed), (day, moment)
        assert moment.second == 0
    stamps = [datetime.combine(day, m) for m in sorted(moments)]
    assert all(b - a >= 2 * ANSWER for a, b in pairwise(stamps))


def _windows(day: date, rows: list[Rule] = UMUM) -> list[tuple[datetime, datetime]]:
    period = work_period(rows, day, WIB)
    assert period is not None
    return check_windows(period, break_of(rows, period, BREAKS), ANSWER)


@pytest.mark.parametrize("day", [MONDAY, FRIDAY])
def test_moments_fall_inside_working_hours_outside_breaks_with_margins(day: date) -> None:
    rng = Random(7)
    seen = set()
    for _ in range(300):
        moments = plan_moments(_windows(day), 2, ANSWER, rng=rng)
        assert len(moments) == 2
        assert_fits_the_day(day, [m.astimezone(WIB).time() for m in moments])
        seen.add(tuple(moments))
    assert len(seen) > 250  # random, not a formula of the date


def test_many_checks_still_fit_and_a_late_plan_uses_the_time_left() -> None:
    moments = plan_moments(_windows(MONDAY), 12, ANSWER, rng=Random(1))
    assert len(moments) == 12
    assert_fits_the_day(MONDAY, [m.astimezone(WIB).time() for m in moments])
    late = plan_moments(_windows(MONDAY), 2, ANSWER, rng=Random(2),
                        not_before=datetime(2026, 11, 23, 14, 0, tzinfo=WIB))
    assert all(m >= datetime(2026, 11, 23, 14, 0, tzinfo=WIB) for m in late)
    assert plan_moments(_windows(MONDAY), 2, ANSWER,
                        not_before=datetime(2026, 11, 23, 15, 50, tzinfo=WIB)) == []


def test_a_schedule_row_with_its_own_break_wins_over_break_times() -> None:
    rows = [Rule(1, time(8, 0), time(15, 0), None, None, False, time(11, 0), time(11, 30))]
    period = work_period(rows, MONDAY, WIB)
    assert period is not None
    brk = break_of(rows, period, BREAKS)
    assert brk == (datetime(2026, 11, 23, 11, 0, tzinfo=WIB),
                   datetime(2026, 11, 23, 11, 30, tzinfo=WIB))
    assert check_windows(period, brk, ANSWER) == [
        (datetime(2026, 11, 23, 8, 15, tzinfo=WIB), datetime(2026, 11, 23, 10, 45, tzinfo=WIB)),
        (datetime(2026, 11, 23, 11, 45, tzinfo=WIB), datetime(2026, 11, 23, 14, 45, tzinfo=WIB)),
    ]
    # a night shift: the weekday's default break lies outside it
    night = [Rule(1, time(22, 0), time(6, 0), None, None)]
    shift = work_period(night, MONDAY, WIB)
    assert shift is not None and break_of(night, shift, BREAKS) is None


def test_a_live_location_is_current_until_date_plus_live_period() -> None:
    shared = datetime(2026, 11, 23, 0, 25, tzinfo=UTC)
    assert live_current(shared, 3600, shared + timedelta(minutes=59))
    assert not live_current(shared, 3600, shared + timedelta(hours=1))
    assert live_current(shared, 0x7FFFFFFF, shared + timedelta(days=3))  # until turned off
    assert not live_current(shared, None, shared) and not live_current(shared, 0, shared)


def test_break_times_setting() -> None:
    settings = load_settings(_env_file=None)
    assert settings.break_times[5] == (time(11, 30), time(13, 0))
    assert 6 not in settings.break_times
    custom = load_settings(_env_file=None, break_times="1-5 12:00-12:30, 6 11:00-11:15")
    assert custom.break_times[6] == (time(11, 0), time(11, 15))
    assert load_settings(_env_file=None, break_times="-").break_times == {}
    for bad in ("8 12:00-13:00", "1 13:00-12:00", "1-4 12:00-13:00,4 11:00-11:30", "siang"):
        with pytest.raises(SettingsError, match="BREAK_TIMES"):
            load_settings(_env_file=None, break_times=bad)


# --- break columns in the roster's schedules sheet -------------------------------------


def _with_break_columns(tables: dict[str, list[list[Any]]]) -> None:
    tables["schedules"][0] += ["break_start", "break_end"]
    for row in tables["schedules"][1:]:
        row += ["", ""]


async def test_the_schedules_sheet_may_carry_breaks_and_old_files_stay_valid(
        db: Database, tmp_path: Path) -> None:
    tables = example_tables()
    _with_break_columns(tables)
    cell(tables, "schedules", 2, "break_start", "11:45")
    cell(tables, "schedules", 2, "break_end", "12:45")
    report = await run_import(db, write_csv(tmp_path / "breaks", tables))
    assert report.errors == []
    async with db.transaction() as s:
        rules = list(await s.scalars(select(ScheduleRule).where(ScheduleRule.code == "UMUM",
                                                                ScheduleRule.weekday == 1,
                                                                ScheduleRule.valid_from.is_(None))))
        assert [(r.break_start, r.break_end) for r in rules] == [(time(11, 45), time(12, 45))]
    # an old file without the columns imports as before (and clears nothing it has no column for)
    again = await run_import(db, write_csv(tmp_path / "old", example_tables()))
    assert again.errors == []


@pytest.mark.parametrize(("start", "end", "column", "message"), [
    ("12:00", "", "break_end", "break_start dan break_end diisi keduanya"),
    ("13:00", "12:00", "break_start", "break_start harus sebelum break_end"),
    ("17:00", "18:00", "break_start", "di luar jam kerja 07:30–16:00"),
])
async def test_a_wrong_break_is_reported_with_its_cell(db: Database, tmp_path: Path, start: str,
                                                       end: str, column: str,
                                                       message: str) -> None:
    tables = example_tables()
    _with_break_columns(tables)
    cell(tables, "schedules", 2, "break_start", start)
    cell(tables, "schedules", 2, "break_end", end)
    report = await run_import(db, write_csv(tmp_path / "bad", tables))
    [error] = report.errors
    assert (error.sheet, error.row, error.column) == ("schedules", 2, column)
    assert message in error.message


# --- a fixed number of queries whatever the head count ------------------------------------


async def _unit_of(s: Any, people: int) -> None:
    office = await factories.office(s)
    await factories.schedule(s)
    unit = await factories.unit(s, office)
    boss = await factories.employee(s, unit, "197001011995031001", "Bu Kepala",
                                    role="supervisor", telegram_id=4000)
    checked = datetime(2026, 11, 23, 7, 25, tzinfo=WIB)
    for n in range(people):
        person = await factories.employee(s, unit, f"19900101201501{n:04d}", f"Staf {n}",
                                          supervisor=boss, telegram_id=4001 + n)
        s.add(AttendanceEvent(employee_id=person.id, kind="in", occurred_at=checked,
                              work_date=MONDAY, office_id=office.id, latitude=-2.8773,
                              longitude=103.8456, distance_m=10, day_type="workday",
                              minutes_off=0, chat_id=4001 + n, message_id=n + 1,
                              recorded_at=checked, live_period=900))
    await s.flush()


async def test_plan_run_and_judge_read_the_same_for_two_people_as_for_six(
        db: Database) -> None:
    settings = load_settings(_env_file=None)
    counts: list[tuple[int, int, int]] = []
    for size in (2, 6):
        async with db.transaction() as s:
            await _unit_of(s, size)
            with counted(db) as plan:
                assert await plan_presence_checks(s, settings,
                                                  datetime(2026, 11, 23, 6, tzinfo=WIB)) == 2
            first = await s.scalar(select(PresenceCheck).order_by(PresenceCheck.at))
            assert first is not None
            with counted(db) as run:
                assert await scan_presence(s, settings, first.at) == size  # everyone asked
            with counted(db) as judge:
                queued = await scan_presence(s, settings, first.at + timedelta(minutes=20))
            assert queued == size + 1  # each told, and one digest
            assert len(list(await s.scalars(select(PresenceAsk)))) == size
            counts.append((len(plan), len(run), len(judge)))  # every statement, writes too
            await s.rollback()
    assert counts[0] == counts[1], counts
