"""Rows for the pattern tests: an organisation, closed days with their marks
(as the day close writes them), tasks with their history, and a scan run at
a given moment."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.clock import ManualClock
from bot.config import Settings
from bot.services import day_records
from db.models import OutboxMessage, Task, TaskEvent
from db.models_day import AttendanceMark, DayRecord
from db.session import Database
from tests import factories
from tests.factories import rows  # noqa: F401  (the pattern tests import it from here)

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI = 8001, 8002, 8003, 8004, 8005, 8006
CHATS = {"ahmad": AHMAD, "rizki": RIZKI, "dewi": DEWI, "andi": ANDI, "sri": SRI, "yudi": YUDI}

Scan = Callable[[Any, Settings, datetime], Awaitable[int]]


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)  # type: ignore[misc]


def wita(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)  # type: ignore[misc]


async def seed_org(db: Database, emulator: Any | None = None) -> dict[str, int]:
    """Head Ahmad (heads ORG) > supervisor Rizki > Dewi, Andi (WIB, Sekayu);
    another unit, in Makassar (WITA): supervisor Sri > Yudi."""
    async with db.transaction() as s:
        people = await factories.two_units(s, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI),
                                           umum_office=factories.MKS)
    if emulator is not None:
        factories.add_two_units_users(emulator, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    return {name: row.id for name, row in people.items()}


def late_code(minutes: int, prefix: str = "TL") -> str:
    band = next((n for n, limit in enumerate((30, 60, 90), start=1) if minutes <= limit), 4)
    return f"{prefix}{band}"


async def close_day(db: Database, employee_id: int, day: date, *, late: int | None = None,
                    early: int | None = None, absent: bool = False, tz: ZoneInfo = WIB,
                    excused: bool = False) -> list[int]:
    """A closed day as the day close writes it: its marks (a late check-in of
    ``late`` minutes after 07:30, an early check-out of ``early`` minutes
    before 16:00, or TK) and the record that follows them; the marks' ids."""
    now = datetime.combine(day, time(20), tz)
    marks = []
    if late is not None:
        at = datetime.combine(day, time(7, 30), tz) + timedelta(minutes=late)
        marks.append(AttendanceMark(key=f"late:{employee_id}:{day}", employee_id=employee_id,
                                    work_date=day, kind="late", code=late_code(late), at=at,
                                    facts={"minutes": late}, created_at=now))
    if early is not None:
        at = datetime.combine(day, time(16), tz) - timedelta(minutes=early)
        marks.append(AttendanceMark(key=f"early:{employee_id}:{day}", employee_id=employee_id,
                                    work_date=day, kind="early", code=late_code(early, "PSW"),
                                    at=at, facts={"minutes": early}, created_at=now))
    if absent:
        marks.append(AttendanceMark(key=f"absent:{employee_id}:{day}", employee_id=employee_id,
                                    work_date=day, kind="absent", code="TK", at=now, facts={},
                                    created_at=now))
    for mark in marks:
        if excused:
            mark.excused_at, mark.excuse_reason = now, "rapat dinas"
    async with db.transaction() as s:
        s.add_all(marks)
        s.add(DayRecord(employee_id=employee_id, work_date=day, status="present", code="H",
                        closed_at=now, updated_at=now))
        await s.flush()
        await day_records.refresh(s, [(employee_id, day)], now)
        return [mark.id for mark in marks]


async def add_task(db: Database, assignee_id: int, by_id: int, *, deadline: datetime,
                   given_at: datetime, title: str = "Rekap SPJ November",
                   status: str = "new", reports: tuple[datetime, ...] = ()) -> int:
    """A task with its history: created at ``given_at``, progress at ``reports``."""
    async with db.transaction() as s:
        task = Task(batch="b1", assignee_id=assignee_id, assigned_by_id=by_id, title=title,
                    deadline=deadline, priority="normal", status=status, progress=0,
                    created_at=given_at, updated_at=given_at, deadline_set_at=given_at)
        s.add(task)
        await s.flush()
        s.add(TaskEvent(task_id=task.id, at=given_at, actor_id=by_id, kind="created"))
        for at in reports:
            s.add(TaskEvent(task_id=task.id, at=at, actor_id=assignee_id, kind="progress",
                            percent=50))
        return task.id


async def run_scan(db: Database, clock: ManualClock, settings: Settings, scan: Scan,
                   at: datetime) -> int:
    clock.set(at)
    async with db.transaction() as s:
        return await scan(s, settings, clock.now())


async def outbox(db: Database) -> list[OutboxMessage]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

