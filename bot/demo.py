"""``hadir demo``: a scripted morning against the local Bot API emulator.

It uses the production path end to end: the example roster is imported with
the importer, invites are made by the invite service, and the Application
from ``build_application`` polls the emulator over HTTP like it polls
Telegram. Only the people are scripted; the clock is moved by hand so the
morning takes seconds.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.roster import format_report, import_roster
from bot.rules.timefmt import local_time
from bot.services.invites import create_invites
from bot.texts import text
from db.migrate import upgrade
from db.models import Employee
from db.session import Database

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "roster"
WIB = ZoneInfo("Asia/Jakarta")
DAY = datetime(2026, 11, 23, tzinfo=WIB)  # a Monday
# where the cast stands: the Sekretariat Daerah, home (2 km away), a map pick
AT_OFFICE = (-2.87735, 103.84562)
AT_HOME = (-2.8950, 103.8600)
CAST = {  # NIP in the example roster -> Telegram user id
    "199107242015032002": 7001,  # Dewi, on time
    "199304182019031005": 7002,  # Andi, late
    "199512032020122011": 7003,  # Putri, tries a map pick, then from home
}
SUPERVISOR = "198503122010011001"


class Transcript:
    def __init__(self, emulator: BotApiEmulator, clock: ManualClock, out: Callable[[str], Any]):
        self.emu, self.clock, self.out = emulator, clock, out
        self.names: dict[int, str] = {}

    def stamp(self) -> str:
        return local_time(self.clock.now(), WIB)

    def say(self, user_id: int, shown: str) -> None:
        self.out(f"{self.stamp()}  {self.names[user_id]:>6} ▸ {shown}")

    def bot_said(self, message: dict[str, Any]) -> None:
        body = message.get("text", "").replace("\n", "\n" + " " * 20)
        self.out(f"{self.stamp()}  {'Hadir':>6} ◂ {body}")
        for row in self.emu.buttons(message):
            self.out(" " * 20 + "  ".join(f"[{label}]" for label, _ in row))

    async def act(self, user_id: int, shown: str, make: Callable[[], dict[str, Any]],
                  replies: int = 1) -> list[dict[str, Any]]:
        """Do something as a user and wait until the bot has answered."""
        before = len(self.emu.sent_messages(user_id))
        self.say(user_id, shown)
        make()
        new = await _wait_for(lambda: self.emu.sent_messages(user_id)[before:], replies)
        for message in new:
            self.bot_said(message)
        return new

    def at(self, hour: int, minute: int) -> None:
        self.clock.set(DAY.replace(hour=hour, minute=minute))
        self.out("")


async def _wait_for(get: Callable[[], list[dict[str, Any]]], count: int) -> list[dict[str, Any]]:
    for _ in range(1000):  # at most ~10 s; the bot answers in milliseconds
        if len(found := get()) >= count:
            return found
        await asyncio.sleep(0.01)
    raise TimeoutError("the bot did not answer in time")


async def _prepare(db: Database, clock: ManualClock, lang: str, out: Callable[[str], Any]
                   ) -> dict[int, tuple[str, str]]:
    await upgrade(db.engine)
    async with db.transaction() as session:
        report = await import_roster(session, EXAMPLES, lang=lang)
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
    return {CAST[e.nip]: (e.name.split()[0], i.code) for e, i in invites}


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
                    await _morning(Transcript(emulator, clock, out), cast, lang)
                finally:
                    await app.updater.stop()
                    await app.stop()
            await db.dispose()
    out("")
    out(text("demo.end", lang))
    return 0


async def _morning(chat: Transcript, cast: dict[int, tuple[str, str]], lang: str) -> None:
    emu = chat.emu
    dewi, andi, putri = CAST.values()
    for user_id, (name, _) in cast.items():
        emu.add_user(user_id, name, language_code=lang)
        chat.names[user_id] = name
    checkin, checkout = ("/masuk", "/pulang") if lang == "id" else ("/checkin", "/checkout")
    live = "📍 live location" if lang == "en" else "📍 lokasi terkini"
    pick = "📍 map pick" if lang == "en" else "📍 titik di peta"

    def live_at(user_id: int, where: tuple[float, float]) -> Callable[[], dict[str, Any]]:
        return lambda: emu.send_location(user_id, *where, live_period=900,
                                         horizontal_accuracy=8.0)

    chat.at(7, 10)
    for user_id, (_, code) in cast.items():
        await chat.act(user_id, f"/start {code[:6]}…", lambda c=code, u=user_id:
                       emu.send_text(u, f"/start {c}"))
    chat.at(7, 24)
    await chat.act(dewi, checkin, lambda: emu.send_text(dewi, checkin))
    chat.clock.advance(seconds=40)
    await chat.act(dewi, live, live_at(dewi, AT_OFFICE))
    chat.at(7, 41)
    await chat.act(putri, checkin, lambda: emu.send_text(putri, checkin))
    await chat.act(putri, pick, lambda: emu.send_location(putri, *AT_OFFICE))
    await chat.act(putri, live, live_at(putri, AT_HOME))
    chat.at(7, 52)
    await chat.act(andi, checkin, lambda: emu.send_text(andi, checkin))
    chat.clock.advance(seconds=30)
    await chat.act(andi, live, live_at(andi, AT_OFFICE))
    chat.at(16, 4)
    await chat.act(dewi, checkout, lambda: emu.send_text(dewi, checkout))
    chat.clock.advance(seconds=25)
    await chat.act(dewi, live, live_at(dewi, AT_OFFICE))
    await chat.act(andi, "/status", lambda: emu.send_text(andi, "/status"))


