"""Fault scenario: the bot down from 06:30 to 08:30 on a working Monday.

The organisation of ``tests/day_org.py`` (a unit with a head, a supervisor and
five staff, one on DL, one starting at 09:00; another unit of two). On a
ManualClock every scheduled job but the outbox's (the day job, task
reminders, presence checks, the pattern scans, retention, the weekly summary)
runs as the job queue would, every ``step`` from 06:00 to 06:30. Then nothing
until 08:30: meanwhile Telegram kept the staff's updates (/masuk and a live
location at 07:20 and 07:29, one late at 07:41). At 08:30 the bot is back:
the kept updates come first (polling fetches them at once), then each job
runs once as APScheduler does after a restart (``first`` a few seconds after
start; a run_repeating job that missed runs while the process was down simply
starts again: there is nothing to coalesce in a new process), then again.

Survived: the check-ins are judged by the message's date (on time at 07:20,
late at 07:41 for his own lateness, not because of the downtime); each
missed reminder and digest is written once (one row per key and per person);
running the catch-up again adds no row. ``lost`` = people wrongly late,
reminded or listed as missing plus expected messages missing; ``doubled`` =
extra rows for one person and kind, plus rows a repeated catch-up added.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bench.fault_kit import Outcome
from bench.faults_api import database
from bot.app import build_application
from bot.clock import ManualClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from db.models import AttendanceEvent, OutboxMessage
from db.session import Database
from tests.conftest import Harness
from tests.day_org import (
    ANDI,
    BUDI,
    CITRA,
    DEWI,
    EKO,
    FAJAR,
    GITA,
    NAMES,
    RATNA,
    SARI,
    check,
    monday,
    seed,
)

DIGEST, REMINDER = "Belum ada keterangan", "⏰ Belum presensi masuk"
ON_TIME, LATE = "Tepat waktu", "Terlambat"
KEPT = ((ANDI, monday(7, 20)), (SARI, monday(7, 29)), (BUDI, monday(7, 41)))
MISSING = (CITRA, GITA, RATNA, EKO)  # 07:30 schedule, no check-in, no leave
BACK = monday(8, 30)


async def run_jobs(h: Harness, clock: ManualClock, at: datetime) -> None:
    """Every job but the outbox's, once each as the job queue runs them; then the outbox."""
    clock.set(at)
    for job in h.app.job_queue.jobs():
        if not job.name.startswith("outbox"):
            await job.run(h.app)
    await h.deliver()


async def keys(db: Database) -> list[str]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage.key).order_by(OutboxMessage.id)))


def kind_of(key: str) -> str:
    """The key with its dates left out: one kind of message for one person."""
    return re.sub(r"\d{4}-\d{2}-\d{2}", "D", key)


async def drive(h: Harness, db: Database, emu: BotApiEmulator, clock: ManualClock,
                step: timedelta = timedelta(minutes=1)) -> Outcome:
    await seed(db, emu)
    at = monday(6, 0)
    while at <= monday(6, 30):
        await run_jobs(h, clock, at)
        at += step
    before = set(await keys(db))
    # 08:30: the bot is back; the updates Telegram kept arrive first
    confirmations = {user: (await check(h, clock, "in", sent, user, seen_at=BACK))[-1]["text"]
                     for user, sent in KEPT}
    await run_jobs(h, clock, BACK + timedelta(seconds=5))  # the first run after start
    written = await keys(db)
    await run_jobs(h, clock, BACK + timedelta(seconds=10))  # a second catch-up
    again = await keys(db)
    await run_jobs(h, clock, BACK + timedelta(minutes=1))  # the next ordinary run

    wrong: list[str] = []  # what the downtime did to someone
    for user in (ANDI, SARI):
        if ON_TIME not in confirmations[user]:
            wrong.append(f"{NAMES[user]} not on time: {confirmations[user][:60]!r}")
    if LATE not in confirmations[BUDI]:
        wrong.append(f"{NAMES[BUDI]} (07:41) not late")
    async with db.transaction() as s:
        times = {e.employee_id: e.occurred_at for e in await s.scalars(select(AttendanceEvent))}
    if sorted(t.astimezone(KEPT[0][1].tzinfo).strftime("%H:%M") for t in times.values()) != [
            "07:20", "07:29", "07:41"]:
        wrong.append(f"check-in times not the messages' dates: {sorted(times.values())}")
    reminded = {u for u in NAMES if any(REMINDER in t for t in h.replies(u))}
    for user in reminded - set(MISSING):
        wrong.append(f"{NAMES[user]} reminded")
    for user in set(MISSING) - reminded:
        wrong.append(f"{NAMES[user]} not reminded")
    digests = {u: [t for t in h.replies(u) if DIGEST in t] for u in NAMES}
    sari = digests[SARI]
    if len(sari) != 1 or NAMES[CITRA] not in sari[0]:
        wrong.append(f"Sari's digests: {len(sari)} (one listing Citra expected)")
    elif any(NAMES[u] in sari[0] for u in (ANDI, BUDI, DEWI, FAJAR)):
        wrong.append("Sari's digest lists someone who came (or is on DL, or starts at 09:00)")

    new = [k for k in written if k not in before]
    per_kind = Counter(kind_of(k) for k in new)
    extra = sum(n - 1 for n in per_kind.values() if n > 1) + (len(again) - len(written))
    extra += sum(max(0, len(d) - 1) for d in digests.values())
    extra += sum(max(0, sum(REMINDER in t for t in h.replies(u)) - 1) for u in NAMES)
    detail = (f"{len(new)} rows after the restart ({len(again) - len(written)} more on a second "
              f"catch-up); reminders to {len(reminded)}, digests to "
              f"{sum(bool(d) for d in digests.values())}; "
              + ("; ".join(wrong) if wrong else "check-ins judged by message date"))
    return Outcome(f"down-0630-0830-{db.dialect}", not wrong and extra == 0, len(wrong), extra,
                   detail)


@asynccontextmanager
async def harness(backend: str) -> AsyncIterator[tuple[Harness, Database, BotApiEmulator,
                                                       ManualClock]]:
    clock = ManualClock(monday(6, 0))
    async with BotApiEmulator(clock=clock) as emu, database(backend) as db:
        settings = load_settings(_env_file=None, telegram_bot_token=emu.token,
                                 telegram_api_base_url=emu.url, database_url=db.url,
                                 outbox_global_rate_per_s=1000.0,
                                 outbox_per_chat_rate_per_s=1000.0)
        app = build_application(settings, clock=clock, database=db)
        h = Harness(app, emu)

        async def collect(update: object, context: Any) -> None:
            h.errors.append(context.error)

        app.add_error_handler(collect)
        async with app:
            if app.post_init:
                await app.post_init(app)
            yield h, db, emu, clock
        if h.errors:
            raise RuntimeError(f"handler errors: {h.errors!r}")


async def scenario(backend: str) -> Outcome:
    async with harness(backend) as (h, db, emu, clock):
        return await drive(h, db, emu, clock)


async def run() -> list[Outcome]:
    return [await scenario("sqlite"), await scenario("postgresql")]

