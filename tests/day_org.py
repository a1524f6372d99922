"""The organisation the day's job tests play with, and their moves.

Bagian Organisasi (SETDA, WIB): head Bu Ratna > supervisor Sari > Andi, Budi,
Citra, Dewi (on DL today) and Fajar (schedule SIANG, 09:00-17:00); Bagian
Keuangan: supervisor Eko > Gita. Everyone has Telegram (chat id = user id).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import AttendanceEvent, Office, OutboxMessage
from db.models_day import AttendanceMark, DayRecord, LeaveRequest
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)
RATNA, SARI, ANDI, BUDI, CITRA, DEWI, FAJAR, EKO, GITA = (
    1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009)
NAMES = {RATNA: "Ratna Dewi", SARI: "Sari Wulandari", ANDI: "Andi Pratama",
         BUDI: "Budi Santoso", CITRA: "Citra Lestari", DEWI: "Dewi Anggraini",
         FAJAR: "Fajar Nugroho", EKO: "Eko Saputra", GITA: "Gita Permata"}
# inside the SETDA geofence
IN_LAT, IN_LON = -2.87735, 103.84560
SIANG = [(d, time(9, 0), time(17, 0)) for d in range(1, 6)]


def wib(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment of November 2026, WIB."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=WIB)


def monday(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return wib(23, hour, minute, second)


def nip(user: int) -> str:
    return f"19800101200501{user:04d}"


async def seed(db: Any, emulator: Any) -> dict[int, int]:
    """The organisation; employee ids by Telegram user id."""
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        await factories.schedule(s, "SIANG", SIANG)
        org = await factories.unit(s, setda, "ORG", "Bagian Organisasi")
        keu = await factories.unit(s, setda, "KEU", "Bagian Keuangan")

        async def person(user: int, unit: Any, **kw: Any) -> Any:
            return await factories.employee(s, unit, nip(user), NAMES[user], telegram_id=user,
                                            **kw)

        ratna = await person(RATNA, org, role="head")
        org.head_id = ratna.id
        sari = await person(SARI, org, role="supervisor", supervisor=ratna)
        people = {RATNA: ratna, SARI: sari}
        for user in (ANDI, BUDI, CITRA, DEWI):
            people[user] = await person(user, org, supervisor=sari)
        people[FAJAR] = await person(FAJAR, org, supervisor=sari, schedule_code="SIANG")
        people[EKO] = await person(EKO, keu, role="supervisor")
        people[GITA] = await person(GITA, keu, supervisor=people[EKO])
        s.add(LeaveRequest(employee_id=people[DEWI].id, kind="DL", status="approved",
                           start_date=MONDAY, end_date=date(2026, 11, 24),
                           reason="Rapat koordinasi di Palembang",
                           requested_at=wib(20, 9), decided_by_id=sari.id,
                           decided_at=wib(20, 10)))
        await s.flush()
        ids = {user: row.id for user, row in people.items()}
    for user, name in NAMES.items():
        emulator.add_user(user, name.split()[0])
    return ids


async def check(bot: Any, clock: Any, kind: str, at: datetime, user: int, *,
                seen_at: datetime | None = None) -> list[dict[str, Any]]:
    """/masuk or /pulang sent at ``at`` and a live location 20 s later; with
    ``seen_at`` the bot only gets both then (it was down)."""
    command = "/masuk" if kind == "in" else "/pulang"
    if seen_at is None:
        clock.set(at)
        replies = await bot.text(user, command)
        clock.set(at.replace(second=20))
        return replies + await bot.location(user, IN_LAT, IN_LON)
    clock.set(seen_at)
    replies = await bot.text(user, command, date=at)
    return replies + await bot.location(user, IN_LAT, IN_LON, date=at.replace(second=20))


async def run_day_job(bot: Any, clock: Any, at: datetime | None = None) -> None:
    """The day job as the job queue runs it, then the outbox as the sender drains it."""
    if at is not None:
        clock.set(at)
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    await job.run(bot.app)
    await bot.deliver()


def texts(bot: Any, user: int) -> list[str]:
    return bot.replies(user)


async def outbox_rows(db: Any, like: str = "day:%") -> list[OutboxMessage]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like))
                                    .order_by(OutboxMessage.id)))


async def records(db: Any) -> dict[int, DayRecord]:
    async with db.transaction() as s:
        return {r.employee_id: r for r in await s.scalars(select(DayRecord))}


async def marks(db: Any) -> list[AttendanceMark]:
    async with db.transaction() as s:
        return list(await s.scalars(select(AttendanceMark).order_by(AttendanceMark.id)))


async def seed_check_out(db: Any, employee_id: int, at: datetime) -> None:
    """A check-out with no check-in (an import or a correction; the bot's own
    /pulang refuses one)."""
    async with db.transaction() as s:
        office = await s.scalar(select(Office))
        assert office is not None
        s.add(AttendanceEvent(employee_id=employee_id, kind="out", occurred_at=at,
                              work_date=at.astimezone(WIB).date(), office_id=office.id,
                              distance_m=10.0, day_type="workday", minutes_off=0,
                              chat_id=0, message_id=0, recorded_at=at))
