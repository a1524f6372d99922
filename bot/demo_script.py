"""The people of ``hadir demo`` and what they do: a Monday morning of
check-ins, then tasks given, reminded, one done with evidence and verified;
then a Wednesday: the overdue task and its digest, the no-show digest, and
two mid-day presence checks, one answered, one missed, with the reason the
person gives and the supervisor's digest."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.emulator import BotApiEmulator
from bot.rules.timefmt import local_time

WIB = ZoneInfo("Asia/Jakarta")
DAY = datetime(2026, 11, 23, tzinfo=WIB)  # a Monday
# where the cast stands: the Sekretariat Daerah, and home (2 km away)
AT_OFFICE = (-2.87735, 103.84562)
AT_HOME = (-2.8950, 103.8600)
CAST = {  # NIP in the example roster -> (Telegram user id, what the transcript calls them)
    "199107242015032002": (7001, "Dewi"),  # on time, then does the task
    "199304182019031005": (7002, "Andi"),  # late
    "199512032020122011": (7003, "Putri"),  # a map pick, then from home
    "198503122010011001": (7004, "Rizki"),  # their supervisor, gives the task
}
DEWI, ANDI, PUTRI, RIZKI = (user_id for user_id, _ in CAST.values())
Message = dict[str, Any]


class Transcript:
    """Acts as the people and prints the chat as it happens."""

    def __init__(self, emulator: BotApiEmulator, clock: ManualClock, out: Callable[[str], Any]):
        self.emu, self.clock, self.out = emulator, clock, out
        self.names: dict[int, str] = {}
        self.quiet = False  # acting without printing (days the transcript tells in brief)

    def at(self, day: datetime, hour: int, minute: int) -> None:
        self.clock.set(day.replace(hour=hour, minute=minute))
        if not self.quiet:
            self.out("")

    def _line(self, who: str, arrow: str, body: str) -> None:
        if self.quiet:
            return
        indent = "\n" + " " * 26
        self.out(f"{local_time(self.clock.now(), WIB)}  {who:>14} {arrow} "
                 f"{body.replace(chr(10), indent)}")

    def show(self, chat_id: int, message: Message) -> None:
        body = message.get("text") or message.get("caption") or ""
        if "document" in message:
            body = f"📄 {message['document'].get('file_name', '')}\n{body}"
        if "photo" in message:
            body = f"🖼 {body}"
        self._line(f"Hadir→{self.names[chat_id]}", "◂", body)
        for row in [] if self.quiet else self.emu.buttons(message):
            self.out(" " * 26 + "  ".join(f"[{label}]" for label, _ in row))

    async def act(self, user_id: int, shown: str, make: Callable[[], Any],
                  expect: dict[int, int] | None = None) -> list[Message]:
        """Do something as a user; wait for the messages it should bring."""
        expect = expect if expect is not None else {user_id: 1}
        before = {chat: len(self.emu.sent_messages(chat)) for chat in self.names}
        answers = len(self.emu.calls_to("answerCallbackQuery"))
        self._line(self.names[user_id], "▸", shown)
        make()
        await _until(lambda: all(len(self.emu.sent_messages(c)) - before[c] >= n
                                 for c, n in expect.items())
                     and (not shown.startswith("[")
                          or len(self.emu.calls_to("answerCallbackQuery")) > answers))
        new: list[Message] = []
        for chat in self.names:
            for message in self.emu.sent_messages(chat)[before[chat]:]:
                self.show(chat, message)
                new.append(message)
        return new

    async def run_job(self, app: Any, name: str, expect: dict[int, int]) -> list[Message]:
        """Run one of the bot's scheduled jobs now (the clock was moved by hand);
        the messages it brought."""
        if not self.quiet:
            self.out(" " * 26 + f"⚙ {name}")
        before = {chat: len(self.emu.sent_messages(chat)) for chat in self.names}
        [job] = app.job_queue.get_jobs_by_name(name)
        await job.run(app)
        await _until(lambda: all(len(self.emu.sent_messages(c)) - before[c] >= n
                                 for c, n in expect.items()))
        new: list[Message] = []
        for chat in self.names:
            for message in self.emu.sent_messages(chat)[before[chat]:]:
                self.show(chat, message)
                new.append(message)
        return new

    async def tap(self, user_id: int, message: Message, label: str,
                  expect: dict[int, int] | None = None) -> list[Message]:
        """Press a button; show the message it edited, then what it sent."""
        new = await self.act(user_id, f"[{label}]", lambda: self.emu.press_button_text(
            user_id, message["message_id"], label), expect or {})
        edited = next((m for m in self.emu.sent_messages(user_id)
                       if m["message_id"] == message["message_id"]), None)
        if edited is not None and edited != message and edited not in new:
            self.show(user_id, edited)
        return new


async def _until(done: Callable[[], bool]) -> None:
    for _ in range(6000):  # at most ~60 s: milliseconds usually, longer on a loaded machine
        if done():
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the bot did not answer in time")


async def morning(chat: Transcript, cast: dict[int, tuple[str, str]], lang: str) -> None:
    emu = chat.emu
    for user_id, (name, _) in cast.items():
        emu.add_user(user_id, name, language_code=lang)
        chat.names[user_id] = name
    checkin, checkout = ("/masuk", "/pulang") if lang == "id" else ("/checkin", "/checkout")
    live, pick = ("📍 lokasi terkini", "📍 titik di peta") if lang == "id" else (
        "📍 live location", "📍 map pick")

    def live_at(user_id: int, where: tuple[float, float]) -> Callable[[], Any]:
        return lambda: emu.send_location(user_id, *where, live_period=900,
                                         horizontal_accuracy=8.0)

    chat.at(DAY, 7, 10)
    for user_id, (_, code) in cast.items():
        # mypy cannot infer a lambda whose defaulted parameters bind the loop variables
        await chat.act(user_id, f"/start {code[:6]}…", lambda c=code, u=user_id:  # type: ignore[misc]
                       emu.send_text(u, f"/start {c}"))
    chat.at(DAY, 7, 24)
    await chat.act(DEWI, checkin, lambda: emu.send_text(DEWI, checkin))
    chat.clock.advance(seconds=40)
    await chat.act(DEWI, live, live_at(DEWI, AT_OFFICE))
    chat.at(DAY, 7, 41)
    await chat.act(PUTRI, checkin, lambda: emu.send_text(PUTRI, checkin))
    await chat.act(PUTRI, pick, lambda: emu.send_location(PUTRI, *AT_OFFICE))
    await chat.act(PUTRI, live, live_at(PUTRI, AT_HOME))
    chat.at(DAY, 7, 52)
    await chat.act(ANDI, checkin, lambda: emu.send_text(ANDI, checkin))
    chat.clock.advance(seconds=30)
    await chat.act(ANDI, live, live_at(ANDI, AT_OFFICE))
    chat.at(DAY, 16, 4)
    await chat.act(DEWI, checkout, lambda: emu.send_text(DEWI, checkout))
    chat.clock.advance(seconds=25)
    await chat.act(DEWI, live, live_at(DEWI, AT_OFFICE))
    await chat.act(ANDI, "/status", lambda: emu.send_text(ANDI, "/status"))


def _label(messages: list[Message], start: str) -> str:
    for message in reversed(messages):
        for row in BotApiEmulator.buttons(message):
            for label, _ in row:
                if label.startswith(start):
                    return label
    raise LookupError(start)


async def task_day(chat: Transcript, app: Any, lang: str) -> None:
    """Rizki gives Dewi a task; she is reminded, sends the report; he accepts it."""
    emu = chat.emu
    en = lang == "en"
    command = "/newtask" if en else "/tugasbaru"
    chat.at(DAY, 9, 0)
    [picker] = await chat.act(RIZKI, command, lambda: emu.send_text(RIZKI, command))
    for name in ("▫️ Dewi", "▫️ Andi"):  # two people: one task each
        await chat.tap(RIZKI, picker, _label([picker], name))
        picker = next(m for m in emu.sent_messages(RIZKI)
                      if m["message_id"] == picker["message_id"])
    await chat.tap(RIZKI, picker, _label([picker], "Next" if en else "Lanjut"), {RIZKI: 1})
    title = "Susun laporan kinerja triwulan III"
    [ask_description] = await chat.act(RIZKI, title, lambda: emu.send_text(RIZKI, title))
    [ask_deadline] = await chat.tap(RIZKI, ask_description, "Skip" if en else "Lewati",
                                    {RIZKI: 1})
    tomorrow = _label([ask_deadline], "Tomorrow" if en else "Besok")
    [ask_priority] = await chat.tap(RIZKI, ask_deadline, tomorrow, {RIZKI: 1})
    [confirm] = await chat.tap(RIZKI, ask_priority, "High" if en else "Tinggi", {RIZKI: 1})
    new = await chat.tap(RIZKI, confirm, "✅ Send" if en else "✅ Kirim", {DEWI: 1, ANDI: 1})
    notice = next(m for m in new if m["chat"]["id"] == DEWI)

    chat.at(DAY.replace(day=24), 14, 0)  # two hours before the deadline
    await chat.run_job(app, "task_reminders", {DEWI: 1, ANDI: 1})
    await chat.tap(DEWI, notice, "✅ Done" if en else "✅ Selesai", {DEWI: 1})
    caption = "Laporan final, sudah diparaf Kasubbag"
    report = "laporan-triwulan-III.pdf"
    new = await chat.act(DEWI, f"📄 {report} — {caption}", lambda: emu.send_document(
        DEWI, report, b"%PDF-1.4 demo", caption=caption), {DEWI: 1, RIZKI: 1})
    review = next(m for m in new if m["chat"]["id"] == RIZKI)
    await chat.tap(RIZKI, review, "✔️ Accept" if en else "✔️ Terima", {DEWI: 1})


WEDNESDAY = DAY.replace(day=25)


async def wednesday(chat: Transcript, app: Any, lang: str,
                    checks: Callable[[], Awaitable[list[datetime]]]) -> None:
    """Andi's task is overdue; Putri does not come; two presence checks."""
    emu = chat.emu
    en = lang == "en"
    checkin = "/checkin" if en else "/masuk"
    chat.at(WEDNESDAY, 7, 20)
    await chat.act(DEWI, checkin, lambda: emu.send_text(DEWI, checkin))
    sent: dict[str, Any] = {}
    # Dewi shares her live location for the working day (8 hours), as the bot suggests
    await chat.act(DEWI, "📍 8 h" if en else "📍 8 jam", lambda: sent.update(
        emu.send_location(DEWI, *AT_OFFICE, live_period=8 * 3600, horizontal_accuracy=8.0)))
    await chat.act(ANDI, checkin, lambda: emu.send_text(ANDI, checkin))
    await chat.act(ANDI, "📍", lambda: emu.send_location(
        ANDI, *AT_OFFICE, live_period=900, horizontal_accuracy=8.0))
    chat.at(WEDNESDAY, 7, 31)  # Andi's deadline (Tuesday 16:00) passed at the end of work
    await chat.run_job(app, "patterns_overdue_tasks", {ANDI: 1, RIZKI: 1})
    chat.at(WEDNESDAY, 8, 1)
    await chat.run_job(app, "patterns_overdue_tasks", {RIZKI: 1})  # the morning digest
    chat.at(WEDNESDAY, 8, 31)
    await chat.run_job(app, "day", {RIZKI: 2, PUTRI: 1})  # Putri: no check-in, no leave

    chat.at(WEDNESDAY, 9, 0)
    await chat.run_job(app, "presence_checks", {})  # plans the day's two checks
    first, second = (await checks())[:2]
    live_until = WEDNESDAY.replace(hour=7, minute=20) + timedelta(hours=8)
    for n, moment in enumerate((first, second)):
        dewi_live = moment < live_until
        if dewi_live:  # her phone moves the live location a little: the check reads it
            chat.clock.set(moment - timedelta(minutes=2))
            await chat.act(DEWI, "📍 …", lambda: emu.edit_live_location(
                DEWI, sent["message"]["message_id"], AT_OFFICE[0] + 0.0001, AT_OFFICE[1]), {})
        chat.clock.set(moment)
        await chat.run_job(app, "presence_checks", {ANDI: 1} if dewi_live else {ANDI: 1, DEWI: 1})
        chat.clock.advance(minutes=4)
        if not dewi_live:  # her eight hours are over: she is asked, and answers
            await chat.act(DEWI, "📍", lambda: emu.send_location(
                DEWI, *AT_OFFICE, live_period=900, horizontal_accuracy=8.0))
        if n == 0:  # Andi answers the first check from his desk ...
            await chat.act(ANDI, "📍", lambda: emu.send_location(
                ANDI, *AT_OFFICE, live_period=900, horizontal_accuracy=8.0))
    # ... and not the second one
    chat.clock.set(second + timedelta(minutes=18))
    new = await chat.run_job(app, "presence_checks", {ANDI: 1, RIZKI: 1})
    told = next(m for m in new if m["chat"]["id"] == ANDI)
    await chat.tap(ANDI, told, "✍️ Give a reason" if en else "✍️ Beri alasan", {ANDI: 1})
    reason = ("Took the draft to the Regent's office" if en
              else "Mengantar draf ke kantor Bupati")
    await chat.act(ANDI, reason, lambda: emu.send_text(ANDI, reason), {ANDI: 1, RIZKI: 1})
