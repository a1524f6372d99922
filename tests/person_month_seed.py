"""Andi's November 2026 so far (tests.day_org), for the month a board's name
opens and for /status: closed days as the day close writes them, a holiday,
a day of approved CT, and tasks done on time, late and still open.

By hand, Monday 23 November (the day not closed yet):

    week 2–8    Sen 2 TL1 (10 min) · Sel 3 H · Rab 4 TK · Kam 5 PSW1 (20 min)
                · Jum 6 CT · Sab 7 – · Min 8 –        (weekends: no working hours)
    week 9–15   Sen 9 H · Sel 10 libur (a local holiday) · Rab 11 H · Kam 12 H
                · Jum 13 H · Sab 14 – · Min 15 –
    week 16–22  Sen 16 H · Sel 17 H · Rab 18 ? (not closed) · Kam 19 H · Jum 20 H
                · Sab 21 – · Min 22 –

    working days 13 (the closed ones: 2–6, 9, 11–13, 16, 17, 19, 20): present 11,
    on time 10 (the 2nd was late; the 5th's early leave keeps it on time), TK 1,
    TL 1× 10 min, PSW 1× 20 min, CT 1.

Tasks: in November one done on time, one done late, one open and overdue; in
October one done on time (the year: 2 of 3 on time). CT: one working day used
of 12 + 6 carried over (nothing used in 2025): 17 left.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from db.models import Holiday, Task, TaskEvent
from db.models_day import DayRecord, LeaveRequest
from db.session import Database
from tests.day_org import wib
from tests.pattern_seed import close_day

NOV = date(2026, 11, 1)
PRESENT_DAYS = (3, 9, 11, 12, 13, 16, 17, 19, 20)
HOLIDAY_NAME = "Hari Jadi Kabupaten"


async def seed_month(db: Database, andi: int, boss: int) -> None:
    await close_day(db, andi, NOV.replace(day=2), late=10)
    await close_day(db, andi, NOV.replace(day=4), absent=True)
    await close_day(db, andi, NOV.replace(day=5), early=20)
    for day in PRESENT_DAYS:
        await close_day(db, andi, NOV.replace(day=day))
    async with db.transaction() as s:
        s.add(Holiday(date=NOV.replace(day=10), name=HOLIDAY_NAME))
        leave = LeaveRequest(employee_id=andi, kind="CT", status="approved",
                             start_date=NOV.replace(day=6), end_date=NOV.replace(day=6),
                             reason="Keperluan keluarga", working_days=1,
                             requested_at=wib(2, 9), decided_by_id=boss, decided_at=wib(2, 10))
        s.add(leave)
        await s.flush()
        s.add(DayRecord(employee_id=andi, work_date=NOV.replace(day=6), status="leave",
                        code="CT", leave_id=leave.id, closed_at=wib(6, 20),
                        updated_at=wib(6, 20)))
    await add_done_task(db, andi, boss, given=wib(3, 9), deadline=wib(10, 16),
                        submitted=wib(9, 15), accepted=wib(10, 9))  # on time
    await add_done_task(db, andi, boss, given=wib(4, 9), deadline=wib(6, 16),
                        submitted=wib(12, 15), accepted=wib(12, 16))  # late
    await add_done_task(db, andi, boss, given=wib(16, 9), deadline=wib(19, 16))  # open
    october = datetime(2026, 10, 5, 9, tzinfo=wib(1, 0).tzinfo)
    await add_done_task(db, andi, boss, given=october, deadline=october + timedelta(days=5),
                        submitted=october + timedelta(days=2),
                        accepted=october + timedelta(days=3))


async def add_done_task(db: Database, assignee: int, boss: int, *, given: datetime,
                        deadline: datetime, submitted: datetime | None = None,
                        accepted: datetime | None = None) -> int:
    """A task given at ``given``; with ``submitted``/``accepted`` reported done
    and accepted then, else still new."""
    async with db.transaction() as s:
        task = Task(batch="m1", assignee_id=assignee, assigned_by_id=boss,
                    title="Laporan bulanan", deadline=deadline, priority="normal",
                    status="done" if accepted else "new", progress=100 if accepted else 0,
                    created_at=given, updated_at=accepted or given, deadline_set_at=given,
                    completed_at=accepted)
        s.add(task)
        await s.flush()
        s.add(TaskEvent(task_id=task.id, at=given, actor_id=boss, kind="created"))
        if submitted is not None and accepted is not None:
            s.add(TaskEvent(task_id=task.id, at=submitted, actor_id=assignee, kind="submitted"))
            s.add(TaskEvent(task_id=task.id, at=accepted, actor_id=boss, kind="accepted"))
        return task.id


# Andi's month as /status and the board's button show it, by hand from the seed above
ANDIS_MONTH = (
    "📅 Bulan November 2026\n"
    "Sen 2 TL1 · Sel 3 H · Rab 4 TK · Kam 5 PSW1 · Jum 6 CT · Sab 7 – · Min 8 –\n"
    "Sen 9 H · Sel 10 libur · Rab 11 H · Kam 12 H · Jum 13 H · Sab 14 – · Min 15 –\n"
    "Sen 16 H · Sel 17 H · Rab 18 ? · Kam 19 H · Jum 20 H · Sab 21 – · Min 22 –\n"
    "Hari kerja 13: hadir 11 (tepat waktu 10), TK 1\n"
    "TL 1× (10 mnt) · PSW 1× (20 mnt)\n"
    "Cuti/DL: CT 1\n"
    "Tugas bulan ini: 1 dari 2 selesai tepat waktu (50%) · 1 berjalan (1 lewat tenggat)"
)
