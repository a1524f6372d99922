"""The period loader the summary, the recap and the board count through:
a transfer inside the period (each day counts for the unit of that day),
narrower views without a query, and a fixed number of queries whatever the
head count."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from bot.config import load_settings
from bot.rules.recap import Day, tally
from bot.services import recap_data
from bot.services.recap_data import Scope, load_period, unit_on
from db.models import Employee, Task, Unit
from db.models_day import DayRecord, EmployeeAssignment
from db.session import Database
from tests import factories
from tests.queries import counted

FIRST, LAST = date(2026, 11, 2), date(2026, 11, 13)  # two working weeks
MOVED = date(2026, 11, 5)  # Dewi moves from ORG to UMUM-B this Thursday
WIB_NINE = time(2)  # 09:00 WIB in UTC


def _dates() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


def _record(employee: Employee, day: date, unit_id: int, supervisor_id: int | None,
            office_id: int) -> DayRecord:
    """A closed day: weekends off, Wednesdays late (TL2, 45 minutes), else H."""
    off = day.weekday() >= 5
    late = not off and day.weekday() == 2
    now = datetime.combine(day + timedelta(days=1), time(0), UTC)
    return DayRecord(employee_id=employee.id, work_date=day, unit_id=unit_id,
                     supervisor_id=supervisor_id, office_id=office_id, schedule_code="UMUM",
                     status="off" if off else "present",
                     code=None if off else ("TL2" if late else "H"),
                     check_in_code="TL2" if late else None, late_minutes=45 if late else 0,
                     closed_at=now, updated_at=now)


async def _seed(db: Database) -> dict[str, Any]:
    """The two-unit org; Dewi's days before ``MOVED`` in ORG under Rizki, from it
    in UMUM-B under Sri (and her assignments say so); everyone's closed days
    of the period and a task each (Dewi: one before the move, one after)."""
    async with db.transaction() as s:
        people = await factories.two_units(s, (9001, 9002, 9003, 9004, 9005, 9006))
        org, umum, rizki = people["rizki"].unit_id, people["sri"].unit_id, people["rizki"].id
        dewi = people["dewi"]
        dewi.unit_id, dewi.supervisor_id = umum, people["sri"].id  # today's place
        at = datetime(2026, 11, 1, tzinfo=UTC)
        s.add_all([EmployeeAssignment(employee_id=dewi.id, valid_from=date(2000, 1, 1),
                                      unit_id=org, supervisor_id=rizki, schedule_code="UMUM",
                                      recorded_at=at),
                   EmployeeAssignment(employee_id=dewi.id, valid_from=MOVED, unit_id=umum,
                                      supervisor_id=people["sri"].id, schedule_code="UMUM",
                                      recorded_at=at)])
        office_id = (await s.get(Unit, org)).office_id  # type: ignore[union-attr]
        for name, person in people.items():
            for day in _dates():
                before = name == "dewi" and day < MOVED
                s.add(_record(person, day, org if before else person.unit_id,
                              rizki if before else person.supervisor_id, office_id))
            given = datetime.combine(FIRST + timedelta(days=1), WIB_NINE, UTC)
            if name == "dewi":
                given = datetime.combine(MOVED, WIB_NINE, UTC)
                s.add(_task(person, people["rizki"], datetime.combine(FIRST, WIB_NINE, UTC)))
            s.add(_task(person, people["ahmad"], given))
    return {"people": people, "org": org, "umum": umum, "office": office_id}


async def _add_staff(db: Database, seeded: dict[str, Any], count: int) -> None:
    """``count`` more people in ORG under Rizki, with their days and a task each."""
    async with db.transaction() as s:
        org = await s.get(Unit, seeded["org"])
        rizki = seeded["people"]["rizki"]
        for n in range(count):
            person = await factories.employee(s, org, f"19990101202001{n:04d}",  # type: ignore[arg-type]
                                              f"Staf {n:02d}", supervisor=rizki)
            s.add_all([_record(person, day, seeded["org"], rizki.id, seeded["office"])
                       for day in _dates()])
            s.add(_task(person, rizki, datetime.combine(FIRST, WIB_NINE, UTC)))


def _task(assignee: Employee, by: Employee, given: datetime) -> Task:
    return Task(batch=f"b{assignee.id}-{given:%d}", assignee_id=assignee.id,
                assigned_by_id=by.id, title="Laporan", deadline=given + timedelta(days=3),
                status="in_progress", created_at=given, updated_at=given,
                deadline_set_at=given)


def _settings(db: Database) -> Any:
    return load_settings(_env_file=None, database_url=db.url)


async def test_a_transfer_counts_each_day_for_the_unit_of_that_day(db: Database) -> None:
    seeded = await _seed(db)
    dewi, org, umum = seeded["people"]["dewi"].id, seeded["org"], seeded["umum"]
    async with db.transaction() as s:
        period = await load_period(s, _settings(db), FIRST, LAST, Scope())
        for_head = await load_period(s, _settings(db), FIRST, LAST,
                                     Scope(unit_ids=frozenset({org})))
    days = period.days[dewi]
    assert sorted(days) == _dates()
    assert {d for d, day in days.items() if day.unit_id == org} == \
        {d for d in _dates() if d < MOVED}
    in_org = period.within(Scope(unit_ids=frozenset({org})))
    in_umum = period.within(Scope(unit_ids=frozenset({umum})))
    assert sorted(in_org.days[dewi]) == [d for d in _dates() if d < MOVED]
    assert sorted(in_umum.days[dewi]) == [d for d in _dates() if d >= MOVED]
    # the view in memory is what the query of that scope loads
    assert in_org.days == for_head.days
    # her tasks: the one given before the move counts for ORG, the other for UMUM-B
    assert [t.unit_id for t in in_org.tasks if t.assignee_id == dewi] == [org]
    assert [t.unit_id for t in in_umum.tasks if t.assignee_id == dewi] == [umum]
    # the team of that day: Rizki's before the move, Sri's after
    rizki = seeded["people"]["rizki"].id
    team = period.within(Scope(supervisor_id=rizki), FIRST, MOVED - timedelta(days=1))
    assert dewi in team.days
    assert dewi not in period.within(Scope(supervisor_id=rizki), MOVED).days
    # a unit's people: those whose last day of the period was there, by name
    assert dewi in period.people_in(frozenset({umum}))
    assert dewi not in period.people_in(frozenset({org}))
    assert period.people_in(frozenset({org})) == [
        seeded["people"][n].id for n in ("ahmad", "andi", "rizki")]
    # a week of one person: tallies of the days of each unit add up to hers
    week = period.within(Scope(employee_ids=frozenset({dewi})), FIRST, FIRST + timedelta(6))
    assert list(week.people) == [dewi]
    whole = tally(week.days[dewi].values())
    assert (whole.working, whole.present, whole.late_days, whole.late_minutes) == (5, 5, 1, 45)
    parts = [tally(view.days.get(dewi, {}).values())
             for view in (in_org.within(in_org.scope, FIRST, FIRST + timedelta(6)),
                          in_umum.within(in_umum.scope, FIRST, FIRST + timedelta(6)))]
    assert sum(p.working for p in parts) == 5
    assert parts[0].codes + parts[1].codes == whole.codes == Counter({"H": 4, "TL2": 1})


@pytest.mark.parametrize("batch", [2, 5000])
async def test_the_days_arrive_whole_in_batches(db: Database, monkeypatch: Any,
                                                batch: int) -> None:
    seeded = await _seed(db)
    monkeypatch.setattr(recap_data, "_BATCH", batch)
    async with db.transaction() as s:
        period = await load_period(s, _settings(db), FIRST, LAST, Scope())
    assert set(period.days) == {p.id for p in seeded["people"].values()}
    assert all(sorted(days) == _dates() for days in period.days.values())
    late = [day for days in period.days.values() for day in days.values() if day.check_in_code]
    assert {(day.code, day.late_minutes, day.work_date.weekday()) for day in late} == \
        {("TL2", 45, 2)}


async def test_the_queries_do_not_grow_with_the_head_count(db: Database) -> None:
    seeded = await _seed(db)
    org = frozenset({seeded["org"]})

    async def statements(people: int) -> tuple[int, int]:
        async with db.transaction() as s:
            with counted(db) as everyone:
                period = await load_period(s, _settings(db), FIRST, LAST, Scope())
            with counted(db) as one_unit:
                tree = await load_period(s, _settings(db), FIRST, LAST, Scope(unit_ids=org))
        assert len(tree.people_in(org)) == people + 1  # and Dewi, for her days before the move
        assert len(period.tasks) == len(period.days) + 1  # Dewi has two
        return len(everyone), len(one_unit)

    few = await statements(3)
    await _add_staff(db, seeded, 27)
    assert await statements(30) == few


def test_unit_on_reads_the_assignment_of_that_day() -> None:
    history = [(date(2000, 1, 1), 1), (MOVED, 2)]
    assert unit_on(history, MOVED - timedelta(days=1), 9) == 1
    assert unit_on(history, MOVED, 9) == 2
    assert unit_on(history, date(1999, 1, 1), 9) == 1  # before anything known: the first
    assert unit_on([], MOVED, 9) == 9


def test_a_tally_counts_the_codes_each_day_gives() -> None:
    day = date(2026, 11, 2)
    days = [Day(1, day, 1, None, "present", "TL2", "TL2", "PSW1", 45, 20, True, 1),
            Day(1, day + timedelta(1), 1, None, "present", "H"),
            Day(1, day + timedelta(2), 1, None, "present", "PSW3", None, "PSW3", 0, 70),
            Day(1, day + timedelta(3), 1, None, "absent", "TK"),
            Day(1, day + timedelta(4), 1, None, "leave", "DL"),
            Day(1, day + timedelta(5), 1, None, "off", None),
            Day(1, day + timedelta(6), 1, None, "holiday", None, holiday_name="Libur")]
    counted = tally(days)
    assert counted.codes == Counter(code for d in days for code in d.codes) == Counter(
        {"TL2": 1, "PSW1": 1, "H": 1, "PSW3": 1, "TK": 1, "DL": 1})
    assert counted.leave == Counter({"DL": 1})
    assert (counted.working, counted.present, counted.on_time, counted.absent) == (5, 3, 2, 1)
    assert (counted.late_days, counted.early_days, counted.late_minutes,
            counted.early_minutes) == (1, 2, 45, 90)
    assert (counted.midday_absences, counted.apel_missed) == (1, 1)
