"""``hadir demo``: a scripted morning against the local Bot API emulator.

It uses the production path end to end: the example roster is imported with
the importer, invites are made by the invite service, and the Application
from ``build_application`` polls the emulator over HTTP like it polls
Telegram. Only the people are scripted; the clock is moved by hand so the
morning takes seconds.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import load_settings
from bot.demo_script import CAST, DAY, Transcript, morning, task_day, wednesday
from bot.demo_week import brief_days, next_monday
from bot.emulator import BotApiEmulator
from bot.roster import format_report, import_roster
from bot.services.invites import create_invites
from bot.texts import text
from db.migrate import upgrade
from db.models import Employee, Unit
from db.models_day import PresenceCheck
from db.session import Database

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "roster"


async def _prepare(db: Database, clock: ManualClock, lang: str, out: Callable[[str], Any]
                   ) -> dict[int, tuple[str, str]]:
    await upgrade(db.engine)
    async with db.transaction() as session:
        report = await import_roster(session, EXAMPLES, lang=lang, now=clock.now())
        if report.errors:
            raise RuntimeError("\n".join(format_report(report, lang)))
        out("$ hadir import examples/roster")
        for line in format_report(report, lang):
            out("  " + line)
        if lang != "id":
            await session.execute(update(Employee).values(language=lang))
        cast = list(await session.scalars(
            select(Employee).where(Employee.nip.in_(CAST)).order_by(Employee.nip)))
        invites = await create_invites(session, cast, now=clock.now(), ttl=timedelta(days=7))
    out(f"$ hadir invite --nip {' --nip '.join(CAST)}")
    for employee, invite in invites:
        out(f"  {employee.nip}  {employee.name}  https://t.me/hadir_demo_bot?start={invite.code}")
    return {CAST[e.nip][0]: (CAST[e.nip][1], i.code) for e, i in invites}


def _only_by_hand(app: Any) -> None:
    """The demo's clock jumps by hand: the scheduled scans run only when the
    script runs them (the outbox sender keeps running by itself)."""
    for job in app.job_queue.jobs():
        if not job.name.startswith("outbox"):
            job.enabled = False


async def _checks_of(db: Database, unit_code: str) -> list[datetime]:
    """The moments planned for a unit's presence checks today (random)."""
    async with db.transaction() as session:
        rows = (await session.execute(
            select(PresenceCheck.work_date, PresenceCheck.at)
            .join(Unit, Unit.id == PresenceCheck.unit_id).where(Unit.code == unit_code))).all()
    latest = max((day for day, _ in rows), default=None)
    return sorted(at for day, at in rows if day == latest)


async def run_demo(lang: str = "id", out: Callable[[str], Any] = print) -> int:
    clock = ManualClock(DAY.replace(hour=7, minute=5))
    with tempfile.TemporaryDirectory(prefix="hadir-demo-") as folder:
        async with BotApiEmulator(clock=clock) as emulator:
            db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}")
            out(text("demo.title", lang))
            cast = await _prepare(db, clock, lang, out)
            settings = load_settings(
                _env_file=None, telegram_bot_token=emulator.token,
                telegram_api_base_url=emulator.url, database_url=db.url, default_language=lang,
            )
            app = build_application(settings, clock=clock, database=db)
            async with app:
                if app.post_init:
                    await app.post_init(app)
                await app.start()
                assert app.updater is not None
                await app.updater.start_polling(poll_interval=0, timeout=5)
                try:
                    chat = Transcript(emulator, clock, out)
                    _only_by_hand(app)
                    await morning(chat, cast, lang)
                    await task_day(chat, app, lang)
                    await wednesday(chat, app, lang, lambda: _checks_of(db, "ORG-KLB"))
                    await brief_days(chat, lang)
                    await next_monday(chat, app, lang)
                finally:
                    await app.updater.stop()
                    await app.stop()
            await db.dispose()
    out("")
    out(text("demo.end", lang))
    return 0
