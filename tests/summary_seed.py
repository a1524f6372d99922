"""A hand-worked week for the weekly summary tests: closed days as the day
close leaves them (``DayRecord`` with the unit and supervisor of the day),
tasks with their history and extensions, and the job run at a moment.

The organisation is ``factories.two_units``: Bagian Organisasi (ORG, WIB),
head Ahmad > supervisor Rizki > Dewi, Andi; Bagian Umum (UMUM-B, Makassar,
WITA), head and supervisor Sri > Yudi. The week summarised is W47, Monday
16 – Sunday 22 November 2026; W46 (9–15 November) is the week before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from db.models import Employee, ExtensionRequest, OutboxMessage, Task, TaskEvent, Unit
from db.models_day import DayRecord
from db.session import Database
from tests import factories

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI = 9101, 9102, 9103, 9104, 9105, 9106
W46, W47 = date(2026, 11, 9), date(2026, 11, 16)  # Mondays
WORKDAYS = range(5)  # Monday..Friday


def wib(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def wita(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=WITA)


@dataclass(frozen=True)
class Org:
    ids: dict[str, int]  # employee ids by first name (lower case)
    units: dict[str, int]  # unit ids by code

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


async def seed_org(db: Database, emulator: Any, *, sri_language: str | None = None) -> Org:
    async with db.transaction() as s:
        people = await factories.two_units(s, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI),
                                           umum_office=factories.MKS)
        umum = await s.get(Unit, people["sri"].unit_id)
        assert umum is not None
        umum.head_id = people["sri"].id
        people["sri"].role = "head"
        people["sri"].language = sri_language
        units = {u.code: u.id for u in await s.scalars(select(Unit))}
    factories.add_two_units_users(emulator, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    return Org({name: row.id for name, row in people.items()}, units)


def record(employee_id: int, day: date, unit_id: int, supervisor_id: int | None, *,
           status: str = "present", code: str | None = "H", check_in: str | None = None,
           check_out: str | None = None, late: int = 0, early: int = 0, apel: bool = False,
           midday: int = 0, holiday: str | None = None) -> DayRecord:
    """One closed day as the day close and its refresh leave it."""
    at = datetime.combine(day, time(23), WIB)
    if status == "present":
        code = check_in or check_out or "H"
    return DayRecord(employee_id=employee_id, work_date=day, unit_id=unit_id,
                     supervisor_id=supervisor_id, schedule_code="UMUM", status=status,
                     code=code, check_in_code=check_in, check_out_code=check_out,
                     late_minutes=late, early_minutes=early, apel_missed=apel,
                     midday_absences=midday, holiday_name=holiday, closed_at=at, updated_at=at)


async def add(db: Database, rows: list[Any]) -> None:
    async with db.transaction() as s:
        s.add_all(rows)


def plain_week(employee_id: int, monday: date, unit_id: int, supervisor_id: int | None,
               changes: dict[int, dict[str, Any]] | None = None) -> list[DayRecord]:
    """Monday..Friday present on time (or as ``changes`` by weekday index), a weekend off."""
    found = []
    for n in range(7):
        day = monday + timedelta(days=n)
        if n >= 5:
            found.append(record(employee_id, day, unit_id, supervisor_id, status="off",
                                code=None))
        else:
            found.append(record(employee_id, day, unit_id, supervisor_id,
                                **(changes or {}).get(n, {})))
    return found


async def seed_weeks(db: Database, org: Org) -> None:
    """W46 and W47 of both units, as the module docstring of the tests works them out."""
    org_unit, umum = org.units["ORG"], org.units["UMUM-B"]
    ahmad, rizki, dewi, andi = org["ahmad"], org["rizki"], org["dewi"], org["andi"]
    rows: list[DayRecord] = []
    rows += plain_week(ahmad, W46, org_unit, None)
    rows += plain_week(rizki, W46, org_unit, ahmad)
    rows += plain_week(dewi, W46, org_unit, rizki)
    rows += plain_week(andi, W46, org_unit, rizki,
                       {1: {"check_in": "TL2", "late": 40}})
    rows += plain_week(ahmad, W47, org_unit, None)
    rows += plain_week(rizki, W47, org_unit, ahmad, {
        1: {"check_in": "TL1", "late": 10},
        4: {"check_out": "PSW2", "early": 45}})
    rows += plain_week(dewi, W47, org_unit, rizki, {
        0: {"status": "absent", "code": "TK"},
        1: {"status": "absent", "code": "TK"},
        2: {"check_in": "TL3", "late": 75, "apel": True},
        3: {"midday": 1},
        4: {"status": "leave", "code": "CT"}})
    rows += plain_week(andi, W47, org_unit, rizki, {
        0: {"status": "leave", "code": "DL"},
        1: {"status": "leave", "code": "DL"},
        3: {"check_in": "TL1", "late": 20}})
    for monday in (W46, W47):
        rows += plain_week(org["sri"], monday, umum, None)
        rows += plain_week(org["yudi"], monday, umum, org["sri"])
    await add(db, rows)


async def add_task(db: Database, assignee_id: int, by_id: int, *, given: datetime,
                   deadline: datetime, status: str = "in_progress",
                   submitted: datetime | None = None, completed: datetime | None = None,
                   extensions: tuple[tuple[datetime, datetime, str], ...] = (),
                   title: str = "Laporan kegiatan") -> int:
    """A task given at ``given``; done (submitted, then accepted) when ``completed``."""
    async with db.transaction() as s:
        task = Task(batch="b", assignee_id=assignee_id, assigned_by_id=by_id, title=title,
                    deadline=deadline, priority="normal",
                    status="done" if completed else status, progress=100 if completed else 0,
                    created_at=given, updated_at=completed or given, deadline_set_at=given,
                    completed_at=completed)
        s.add(task)
        await s.flush()
        s.add(TaskEvent(task_id=task.id, at=given, actor_id=by_id, kind="created"))
        if submitted is not None:
            s.add(TaskEvent(task_id=task.id, at=submitted, actor_id=assignee_id,
                            kind="submitted"))
        for asked, decided, outcome in extensions:
            s.add(ExtensionRequest(task_id=task.id, requested_by_id=assignee_id,
                                   requested_at=asked, new_deadline=deadline,
                                   reason="data belum lengkap", status=outcome,
                                   decided_by_id=by_id, decided_at=decided))
        return task.id


async def seed_tasks(db: Database, org: Org) -> None:
    """ORG's tasks: T1..T6 of the tests' module docstring."""
    rizki, dewi, andi = org["rizki"], org["dewi"], org["andi"]
    await add_task(db, dewi, rizki, given=wib(16, 9), deadline=wib(18, 16))  # T1 overdue
    await add_task(db, andi, rizki, given=wib(17, 10), deadline=wib(20, 16),  # T2 on time
                   submitted=wib(19, 13), completed=wib(19, 14),
                   extensions=((wib(18, 9), wib(18, 10), "rejected"),))
    await add_task(db, andi, rizki, given=wib(9, 9), deadline=wib(17, 16),  # T3 late
                   submitted=wib(18, 9), completed=wib(18, 10))
    await add_task(db, dewi, rizki, given=wib(17, 9), deadline=wib(24, 16),  # T4 stalled
                   status="new")
    await add_task(db, dewi, rizki, given=wib(19, 9), deadline=wib(27, 16),  # T5 extended
                   extensions=((wib(20, 10), wib(20, 11), "approved"),))
    await add_task(db, dewi, rizki, given=wib(10, 9), deadline=wib(12, 16))  # T6 overdue


async def set_employee(db: Database, employee_id: int, **values: Any) -> None:
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.id == employee_id).values(**values))


async def run_summary_job(bot: Any, clock: Any, at: datetime) -> None:
    """The job as the job queue runs it at ``at``, then the outbox as the sender drains it."""
    clock.set(at)
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "weekly_summary"]
    await job.run(bot.app)
    await bot.deliver()


async def summary_rows(db: Database) -> list[OutboxMessage]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage)
                                    .where(OutboxMessage.key.like("summary:%"))
                                    .order_by(OutboxMessage.id)))
