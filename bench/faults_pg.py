"""Fault scenario: PostgreSQL restarted under a running bot (PostgreSQL only).

The machine's PostgreSQL is shared, so it is not restarted: every other
connection to the bot's database is ended from a separate connection
(``pg_terminate_backend``), which is what the bot's pooled connections see
when the server restarts. Then, without restarting the bot, people check in
and the outbox sender delivers what was queued. Three times: after a
check-in, after the outbox was queued, and between two check-ins.

Survived: every check-in after a termination is recorded and confirmed,
every queued message delivered, no handler error (``pool_pre_ping`` in
``db/session.py`` replaces a dead pooled connection before use). ``lost`` =
check-ins or messages missing, ``doubled`` = any twice.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select, text
from sqlalchemy.pool import NullPool

from bench.fault_kit import Outcome
from bench.faults_downtime import harness
from bot.clock import ManualClock
from bot.emulator import BotApiEmulator
from bot.services.outbox import enqueue
from db.models import AttendanceEvent
from db.session import Database, create_engine
from tests.conftest import Harness
from tests.day_org import ANDI, BUDI, CITRA, EKO, GITA, SARI, check, monday, seed

CONFIRMED = "✅ Masuk tercatat"
TERMINATE = text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()")


async def terminate_others(url: str) -> int:
    """End every other session on the database, as a server restart does; how many."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(TERMINATE) or 0)
    finally:
        await engine.dispose()


async def drive(h: Harness, db: Database, emu: BotApiEmulator, clock: ManualClock) -> Outcome:
    if db.dialect != "postgresql":
        raise ValueError("the PostgreSQL restart scenario needs PostgreSQL")
    await seed(db, emu)
    ended: list[int] = []
    confirmed: dict[int, list[str]] = {}

    async def check_in(user: int, minute: int) -> None:
        replies = await check(h, clock, "in", monday(7, minute), user)
        confirmed[user] = [r["text"] for r in replies if r["text"].startswith(CONFIRMED)]

    await check_in(ANDI, 10)
    ended.append(await terminate_others(db.url))
    await check_in(SARI, 12)  # the first update after the "restart"
    await check_in(BUDI, 14)
    async with db.transaction() as s:
        for n, chat in enumerate((CITRA, EKO, GITA)):
            await enqueue(s, key=f"fault:pg:{n}", chat_id=chat, now=clock.now(),
                          text=f"fault:pg:{n}")
    ended.append(await terminate_others(db.url))
    await h.deliver()  # the sender's first transaction after the "restart"
    ended.append(await terminate_others(db.url))
    await check_in(CITRA, 16)

    async with db.transaction() as s:
        rows = Counter(await s.scalars(select(AttendanceEvent.employee_id)))
        people = await s.scalar(select(func.count(func.distinct(AttendanceEvent.employee_id))))
    users = (ANDI, SARI, BUDI, CITRA)
    delivered = Counter(m.get("text") for chat in (CITRA, EKO, GITA)
                        for m in emu.sent_messages(chat))
    messages = [f"fault:pg:{n}" for n in range(3)]
    lost = sum(len(confirmed[u]) == 0 for u in users) + (len(users) - int(people or 0))
    lost += sum(delivered[m] == 0 for m in messages)
    doubled = sum(n - 1 for n in rows.values() if n > 1) + sum(
        max(0, delivered[m] - 1) for m in messages) + sum(
        max(0, len(confirmed[u]) - 1) for u in users)
    errors = [f"{type(e).__name__}" for e in h.errors]
    h.errors.clear()  # reported here, not raised
    detail = (f"{sum(ended)} connections ended in 3 rounds; {len(users)} check-ins after them, "
              f"{sum(1 for m in messages if delivered[m])}/3 outbox messages delivered; "
              f"handler errors: {', '.join(errors) or 'none'}")
    return Outcome("postgresql-restart", lost == 0 and doubled == 0 and not errors, lost,
                   doubled, detail)


async def run() -> Outcome:
    async with harness("postgresql") as (h, db, emu, clock):
        return await drive(h, db, emu, clock)
