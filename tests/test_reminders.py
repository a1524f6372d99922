"""Task reminders through the database, on SQLite and PostgreSQL: what lands
in the outbox, when, in which words, and what never does."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.clock import ManualClock
from bot.config import Settings, load_settings
from db.models import Employee, OutboxMessage, Task
from db.session import Database
from jobs.reminders import enqueue_due_reminders, reminder_key
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
STAFF_CHAT = 2002
HEAD_CHAT = 1001


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)  # type: ignore[misc]


def settings(**overrides: Any) -> Settings:
    return load_settings(_env_file=None, **overrides)


async def seed(db: Database, *, language: str | None = None, wita: bool = False,
               telegram_id: int | None = STAFF_CHAT, more_staff: int = 0) -> tuple[int, int]:
    """A head and one staff member of Bagian Organisasi (and ``more_staff``
    others, chats 9100, 9101 ...); the ids of the first staff member and the head."""
    async with db.transaction() as s:
        office = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, office)
        head = await factories.employee(s, unit, "197001011995031001", "Bu Kepala",
                                        role="head", telegram_id=HEAD_CHAT)
        offices = [await factories.office(s, **factories.MKS)] if wita else None
        staff = await factories.employee(s, unit, "199001012015031002", "Budi Staf",
                                         supervisor=head, telegram_id=telegram_id,
                                         language=language, offices=offices)
        for n in range(more_staff):
            await factories.employee(s, unit, f"1990010120150310{n + 10}", f"Staf {n}",
                                     supervisor=head, telegram_id=9100 + n)
        return staff.id, head.id


async def add_task(db: Database, assignee_id: int, by_id: int, *, deadline: datetime,
                   given_at: datetime, title: str = "Rekap SPJ November",
                   status: str = "new") -> int:
    async with db.transaction() as s:
        task = Task(batch="b1", assignee_id=assignee_id, assigned_by_id=by_id, title=title,
                    deadline=deadline, priority="normal", status=status, progress=0,
                    created_at=given_at, updated_at=given_at, deadline_set_at=given_at)
        s.add(task)
        await s.flush()
        return task.id


async def scan(db: Database, clock: ManualClock, at: datetime,
               config: Settings | None = None) -> int:
    clock.set(at)
    async with db.transaction() as s:
        return await enqueue_due_reminders(s, config or settings(), clock.now())


async def outbox(db: Database) -> list[OutboxMessage]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def labels(rows: list[OutboxMessage]) -> list[str]:
    return [row.key.split(":")[3] for row in rows]


async def test_24h_2h_and_deadline_reminders_at_their_times(db: Database,
                                                            clock: ManualClock) -> None:
    staff, head = await seed(db)
    deadline = wib(2026, 11, 25, 16)  # Wednesday
    task = await add_task(db, staff, head, deadline=deadline, given_at=wib(2026, 11, 23, 7))

    assert await scan(db, clock, wib(2026, 11, 23, 7)) == 0
    assert await scan(db, clock, wib(2026, 11, 24, 15, 59)) == 0
    assert await scan(db, clock, wib(2026, 11, 24, 16)) == 1
    [first] = await outbox(db)
    assert first.key == reminder_key(task, "24", deadline) == (
        f"task:{task}:remind:24:{int(deadline.timestamp())}")
    assert first.chat_id == STAFF_CHAT and first.employee_id == staff
    assert first.status == "pending" and first.method == "sendMessage"
    body = first.payload["text"]
    assert isinstance(body, str)
    assert "Pengingat tugas" in body and "Rekap SPJ November" in body
    assert "Rabu, 25 November 2026 16:00 WIB" in body and "1 hari lagi" in body
    assert first.payload["reply_markup"] == {
        "inline_keyboard": [[{"text": "Buka tugas", "callback_data": f"tk:open:{task}"}]]}

    assert await scan(db, clock, wib(2026, 11, 25, 13, 59)) == 0
    assert await scan(db, clock, wib(2026, 11, 25, 14)) == 1
    assert await scan(db, clock, wib(2026, 11, 25, 16)) == 1
    assert await scan(db, clock, wib(2026, 11, 26, 9)) == 0
    rows = await outbox(db)
    assert labels(rows) == ["24", "2", "0"]
    assert "2 jam lagi" in str(rows[1].payload["text"])
    assert "Tenggat tugas" in str(rows[2].payload["text"])
    assert "jatuh tempo sekarang" in str(rows[2].payload["text"])


async def test_running_twice_writes_nothing_new(db: Database, clock: ManualClock) -> None:
    staff, head = await seed(db)
    await add_task(db, staff, head, deadline=wib(2026, 11, 23, 10), given_at=wib(2026, 11, 20, 9))
    assert await scan(db, clock, wib(2026, 11, 23, 8)) == 1
    assert await scan(db, clock, wib(2026, 11, 23, 8)) == 0
    assert await scan(db, clock, wib(2026, 11, 23, 9, 30)) == 0
    assert len(await outbox(db)) == 1


async def test_nothing_at_night_the_reminder_waits_for_0730(db: Database,
                                                            clock: ManualClock) -> None:
    staff, head = await seed(db)
    # Tuesday 08:30, given Monday 10:00: the 2 h reminder (06:30) waits for 07:30
    await add_task(db, staff, head, deadline=wib(2026, 11, 24, 8, 30),
                   given_at=wib(2026, 11, 23, 10))

    assert await scan(db, clock, wib(2026, 11, 23, 20)) == 0  # the evening before
    assert await scan(db, clock, wib(2026, 11, 24, 6, 30)) == 0
    assert await scan(db, clock, wib(2026, 11, 24, 7, 29)) == 0
    assert await scan(db, clock, wib(2026, 11, 24, 7, 30)) == 1
    [row] = await outbox(db)
    assert labels([row]) == ["2"] and "1 jam lagi" in str(row.payload["text"])


async def test_holiday_moves_reminders_and_the_earlier_one_is_superseded(
        db: Database, clock: ManualClock) -> None:
    staff, head = await seed(db)
    # Tuesday 2 June 2026 09:00; Monday 1 June is Hari Lahir Pancasila: the 24 h
    # reminder (Monday 09:00) and the 2 h one (Tuesday 07:00) both wait for 07:30
    await add_task(db, staff, head, deadline=wib(2026, 6, 2, 9), given_at=wib(2026, 5, 28, 10))

    assert await scan(db, clock, wib(2026, 6, 1, 9)) == 0
    assert await scan(db, clock, wib(2026, 6, 1, 22)) == 0
    assert await scan(db, clock, wib(2026, 6, 2, 7, 30)) == 1
    assert await scan(db, clock, wib(2026, 6, 2, 8)) == 0  # the 24 h never follows
    assert await scan(db, clock, wib(2026, 6, 2, 9)) == 1
    assert labels(await outbox(db)) == ["2", "0"]


async def test_local_holiday_from_the_database_is_respected(db: Database,
                                                           clock: ManualClock) -> None:
    staff, head = await seed(db)
    async with db.transaction() as s:
        await factories.holiday(s, date(2026, 11, 25), "Hari Jadi Kabupaten")
    # Thursday 10:00: the 24 h reminder (Wednesday 10:00) waits for Thursday 07:30,
    # the 2 h one (08:00) is not due yet then, so both go out in turn
    await add_task(db, staff, head, deadline=wib(2026, 11, 26, 10), given_at=wib(2026, 11, 23, 7))

    assert await scan(db, clock, wib(2026, 11, 25, 10)) == 0
    assert await scan(db, clock, wib(2026, 11, 26, 7, 30)) == 1
    assert await scan(db, clock, wib(2026, 11, 26, 8)) == 1
    rows = await outbox(db)
    assert labels(rows) == ["24", "2"]
    assert "3 jam lagi" in str(rows[0].payload["text"])  # 2 h 30 min, rounded


async def test_working_hours_follow_the_office_time_zone(db: Database,
                                                         clock: ManualClock) -> None:
    staff, head = await seed(db, wita=True)
    deadline = datetime(2026, 11, 24, 8, 30, tzinfo=WITA)
    await add_task(db, staff, head, deadline=deadline,
                   given_at=datetime(2026, 11, 23, 10, tzinfo=WITA))

    assert await scan(db, clock, datetime(2026, 11, 24, 7, 29, tzinfo=WITA)) == 0  # 06:29 WIB
    assert await scan(db, clock, datetime(2026, 11, 24, 7, 30, tzinfo=WITA)) == 1
    [row] = await outbox(db)
    assert "Selasa, 24 November 2026 08:30 WITA" in str(row.payload["text"])


async def test_no_reminders_for_closed_tasks(db: Database, clock: ManualClock) -> None:
    staff, head = await seed(db)
    deadline = wib(2026, 11, 23, 10)
    ids = {status: await add_task(db, staff, head, deadline=deadline,
                                  given_at=wib(2026, 11, 20, 9), status=status)
           for status in ("new", "in_progress", "returned", "awaiting_verification", "done",
                          "cancelled")}

    assert await scan(db, clock, wib(2026, 11, 23, 10)) == 3
    reminded = {row.key.split(":")[1] for row in await outbox(db)}
    assert reminded == {str(ids[s]) for s in ("new", "in_progress", "returned")}


async def test_nobody_without_telegram_or_no_longer_active(db: Database,
                                                           clock: ManualClock) -> None:
    staff, head = await seed(db, telegram_id=None)
    await add_task(db, staff, head, deadline=wib(2026, 11, 23, 10), given_at=wib(2026, 11, 20, 9))
    await add_task(db, head, head, deadline=wib(2026, 11, 23, 10), given_at=wib(2026, 11, 20, 9))
    async with db.transaction() as s:
        (await s.get_one(Employee, head)).active = False

    assert await scan(db, clock, wib(2026, 11, 23, 10)) == 0
    assert await outbox(db) == []


async def test_an_extension_gets_fresh_reminders(db: Database, clock: ManualClock) -> None:
    staff, head = await seed(db)
    old = wib(2026, 11, 25, 16)
    task = await add_task(db, staff, head, deadline=old, given_at=wib(2026, 11, 25, 9))
    assert await scan(db, clock, wib(2026, 11, 25, 16)) == 1  # "0" (14:00 was never scanned)

    new = wib(2026, 11, 27, 10)  # approved on Wednesday 17:00: Friday 10:00
    async with db.transaction() as s:
        row = await s.get_one(Task, task)
        row.deadline, row.deadline_set_at = new, wib(2026, 11, 25, 17)
    assert await scan(db, clock, wib(2026, 11, 25, 17)) == 0
    assert await scan(db, clock, wib(2026, 11, 26, 10)) == 1
    assert await scan(db, clock, wib(2026, 11, 27, 8)) == 1
    assert await scan(db, clock, wib(2026, 11, 27, 10)) == 1
    rows = await outbox(db)
    assert [r.key for r in rows] == [reminder_key(task, "0", old), reminder_key(task, "24", new),
                                     reminder_key(task, "2", new), reminder_key(task, "0", new)]
    assert "Jumat, 27 November 2026 10:00 WIB" in str(rows[1].payload["text"])


async def test_an_extension_late_in_the_day_skips_the_passed_24h(db: Database,
                                                                 clock: ManualClock) -> None:
    staff, head = await seed(db)
    task = await add_task(db, staff, head, deadline=wib(2026, 11, 25, 16),
                          given_at=wib(2026, 11, 23, 9))
    new = wib(2026, 11, 27, 10)
    async with db.transaction() as s:  # set on Thursday noon: "24" (Thursday 10:00) is gone
        row = await s.get_one(Task, task)
        row.deadline, row.deadline_set_at = new, wib(2026, 11, 26, 12)
    assert await scan(db, clock, wib(2026, 11, 26, 12)) == 0
    assert await scan(db, clock, wib(2026, 11, 27, 8)) == 1
    assert [r.key for r in await outbox(db)] == [reminder_key(task, "2", new)]


async def test_english_and_escaped_title(db: Database, clock: ManualClock) -> None:
    staff, head = await seed(db, language="en")
    deadline = wib(2026, 11, 25, 16)
    task = await add_task(db, staff, head, deadline=deadline, given_at=wib(2026, 11, 23, 7),
                          title="Laporan <SPJ> & rekap")
    assert await scan(db, clock, wib(2026, 11, 24, 16)) == 1
    [row] = await outbox(db)
    body = str(row.payload["text"])
    assert "Task reminder" in body and "Laporan &lt;SPJ&gt; &amp; rekap" in body
    assert "Wednesday, 25 November 2026 16:00 WIB" in body and "in 1 day" in body
    assert row.payload["parse_mode"] == "HTML"
    assert row.payload["reply_markup"] == {
        "inline_keyboard": [[{"text": "Open task", "callback_data": f"tk:open:{task}"}]]}


async def test_offsets_are_settings(db: Database, clock: ManualClock) -> None:
    staff, head = await seed(db)
    deadline = wib(2026, 11, 25, 16)
    task = await add_task(db, staff, head, deadline=deadline, given_at=wib(2026, 11, 23, 7))
    config = settings(reminder_offsets_hours="48,1")
    assert await scan(db, clock, wib(2026, 11, 23, 16), config) == 1
    assert await scan(db, clock, wib(2026, 11, 24, 16), config) == 0
    assert await scan(db, clock, wib(2026, 11, 25, 15), config) == 1
    assert [r.key for r in await outbox(db)] == [reminder_key(task, "48", deadline),
                                                 reminder_key(task, "1", deadline)]


async def test_the_job_is_scheduled_and_runs_on_the_real_application(
        make_harness: Any, db: Database, clock: ManualClock) -> None:
    harness = await make_harness(reminder_scan_interval_s=90)
    [job] = [j for j in harness.app.job_queue.jobs() if j.name == "task_reminders"]
    assert job.job.trigger.interval == timedelta(seconds=90)

    staff, head = await seed(db)
    await add_task(db, staff, head, deadline=wib(2026, 11, 23, 9), given_at=wib(2026, 11, 20, 9))
    clock.set(wib(2026, 11, 23, 7, 30))
    await job.run(harness.app)
    assert labels(await outbox(db)) == ["2"]
    await job.run(harness.app)
    assert len(await outbox(db)) == 1


async def test_the_reminder_scan_reads_the_same_for_two_people_as_for_six(
        db: Database, clock: ManualClock) -> None:
    """A job never queries once per employee: only the inserts grow with the reminders."""
    from sqlalchemy import event, update

    _, head_id = await seed(db, more_staff=5)
    async with db.transaction() as s:
        staff_ids = list(await s.scalars(
            select(Employee.id).where(Employee.role != "head").order_by(Employee.id)))
    assert len(staff_ids) == 6
    reads: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith("INSERT"):
            reads.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        per_scan = []
        for group, day in ((staff_ids[:2], 23), (staff_ids[2:], 25)):
            async with db.transaction() as s:  # the earlier group's tasks are done
                await s.execute(update(Task).values(status="done"))
            for person in group:
                await add_task(db, person, head_id, deadline=wib(2026, 11, day + 1, 16),
                               given_at=wib(2026, 11, day - 3, 9))
            before = len(reads)
            assert await scan(db, clock, wib(2026, 11, day, 16)) == len(group)
            per_scan.append(len(reads) - before)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    assert per_scan[0] == per_scan[1], per_scan
