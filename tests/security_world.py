"""Two units with everything a person could leak, one seeded world per backend.

ORG (Bagian Organisasi, WIB, Indonesian): head Ahmad > supervisor Rizki >
Dewi, Andi; admin Siti; Budi is inactive. UMUM-B (Bagian Umum, WITA, English):
head Sri > supervisor Bayu > Wati, and Yudi under Sri; Joko is inactive. A
stranger (no binding) writes too. Each unit has tasks (one with a pending
extension), a pending leave request, closed days, marks and an alert, each
with words found nowhere else (``secrets_of``), so a reply that carries one
of another unit's is a leak.

The world is built once per test module and backend (``world`` fixtures in
the test modules): a test resets the flows of PTB, never the rows, and what
it may change is checked by a snapshot of every table (``snapshot``).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from telegram import Update
from telegram.ext import ConversationHandler

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.services.outbox_sender import OutboxSender
from bot.texts import CATALOGUE
from db.base import Base
from db.models import Employee, ExtensionRequest, TelegramBinding, Unit
from db.models_day import Alert, AttendanceMark, LeaveRequest
from db.session import Database
from tests import factories, summary_seed
from tests.conftest import (
    MONDAY_7_WIB,
    PG_URL,
    _create_database,
    _drop_database,
    _migrate_fresh,
    _run_in_thread,
)

AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI = (summary_seed.AHMAD, summary_seed.RIZKI, summary_seed.DEWI,
                                       summary_seed.ANDI, summary_seed.SRI, summary_seed.YUDI)
SITI, BUDI, BAYU, WATI, JOKO, STRANGER = 9107, 9108, 9109, 9110, 9111, 9199
UNITS = ("ORG", "UMUM-B")
# the callers of the matrix: (unit, role) → Telegram id
CALLERS: dict[str, tuple[str, str, int]] = {
    "org-staff": ("ORG", "staff", DEWI), "org-supervisor": ("ORG", "supervisor", RIZKI),
    "org-head": ("ORG", "head", AHMAD), "org-admin": ("ORG", "admin", SITI),
    "org-inactive": ("ORG", "inactive", BUDI),
    "umum-staff": ("UMUM-B", "staff", WATI), "umum-supervisor": ("UMUM-B", "supervisor", BAYU),
    "umum-head": ("UMUM-B", "head", SRI), "umum-inactive": ("UMUM-B", "inactive", JOKO),
    "unknown": ("", "unknown", STRANGER),
}
LANG = {"ORG": "id", "UMUM-B": "en", "": "id"}
ALL_USERS = (AHMAD, RIZKI, DEWI, ANDI, SITI, BUDI, SRI, YUDI, BAYU, WATI, JOKO, STRANGER)


@dataclass
class Seeded:
    """The ids each unit owns, for forged buttons, and the words that are its own."""

    employees: dict[str, list[int]] = field(default_factory=dict)  # unit code → ids
    units: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, list[int]] = field(default_factory=dict)
    extensions: dict[str, list[int]] = field(default_factory=dict)
    leave: dict[str, list[int]] = field(default_factory=dict)
    marks: dict[str, list[int]] = field(default_factory=dict)
    secrets: dict[str, set[str]] = field(default_factory=dict)  # unit code → its words
    unit_of_user: dict[int, str] = field(default_factory=dict)  # Telegram id → unit code


async def _person(s: Any, unit: Unit, nip: str, name: str, tg: int, **kw: Any) -> Employee:
    return await factories.employee(s, unit, nip, name, telegram_id=tg, **kw)


async def seed(db: Database, emulator: BotApiEmulator) -> Seeded:
    org = await summary_seed.seed_org(db, emulator)
    await summary_seed.seed_weeks(db, org)
    out = Seeded(units=dict(org.units))
    async with db.transaction() as s:
        units = {u.code: u for u in await s.scalars(select(Unit))}
        sri = await s.get(Employee, org["sri"])
        assert sri is not None
        await _person(s, units["ORG"], "198001012005012001", "Siti Rahmawati", SITI, role="admin")
        budi = await _person(s, units["ORG"], "198202022006011002", "Budi Santoso", BUDI,
                             supervisor=await s.get(Employee, org["rizki"]))
        budi.active = False
        bayu = await _person(s, units["UMUM-B"], "198303032007011003", "Bayu Nugroho", BAYU,
                             role="supervisor", supervisor=sri, offices=sri.offices)
        await _person(s, units["UMUM-B"], "199404042018032004", "Wati Lestari", WATI,
                      supervisor=bayu, offices=sri.offices)
        joko = await _person(s, units["UMUM-B"], "198505052009011005", "Joko Susilo", JOKO,
                             supervisor=bayu, offices=sri.offices)
        joko.active = False
    for uid, name in ((SITI, "Siti"), (BUDI, "Budi"), (BAYU, "Bayu"), (WATI, "Wati"),
                      (JOKO, "Joko"), (STRANGER, "Orang")):
        emulator.add_user(uid, name)
    async with db.transaction() as s:
        for e in await s.scalars(select(Employee).where(Employee.unit_id == units["UMUM-B"].id)):
            e.language = "en"
        people = list(await s.scalars(select(Employee)))
        bindings = {b.employee_id: b.telegram_user_id
                    for b in await s.scalars(select(TelegramBinding))}
    code_of = {u.id: code for code, u in units.items()}
    for code in UNITS:
        unit = units[code]
        mine = [p for p in people if p.unit_id == unit.id]
        out.employees[code] = [p.id for p in mine]
        out.secrets[code] = ({p.name for p in mine} | {p.nip for p in mine}
                             | {unit.name, html.escape(unit.name)})
    for p in people:
        if p.id in bindings:
            out.unit_of_user[bindings[p.id]] = code_of[p.unit_id]
    await _seed_work(db, out, {p.name.split()[0].lower(): p.id for p in people}, units)
    return out


async def _seed_work(db: Database, out: Seeded, ids: dict[str, int],
                     units: dict[str, Unit]) -> None:
    now = MONDAY_7_WIB
    plan = {"ORG": ("rizki", ("dewi", "andi"), "ahmad"),
            "UMUM-B": ("bayu", ("wati", "yudi"), "sri")}
    for code, (boss, staff, head) in plan.items():
        tag = "XK7" if code == "ORG" else "QZ9"
        titles = [f"Laporan rahasia {tag} {n}" for n in range(3)]
        reason = f"Alasan pribadi {tag} cuti"
        out.secrets[code] |= {*titles, reason, f"perpanjangan {tag}", f"dispensasi {tag}"}
        task_ids, ext_ids = [], []
        for n, title in enumerate(titles):
            assignee = ids[staff[n % 2]]
            by = ids[boss] if n < 2 else ids[head]
            task_ids.append(await summary_seed.add_task(
                db, assignee, by, given=now - timedelta(days=3), deadline=now + timedelta(days=3),
                status=("new", "in_progress", "awaiting_verification")[n], title=title))
        async with db.transaction() as s:
            ext = ExtensionRequest(task_id=task_ids[1], requested_by_id=ids[staff[1]],
                                   requested_at=now - timedelta(hours=5),
                                   new_deadline=now + timedelta(days=6),
                                   reason=f"perpanjangan {tag}")
            s.add(ext)
            day = date(2026, 11, 20)
            leave = LeaveRequest(employee_id=ids[staff[0]], kind="CT", status="pending",
                                 start_date=date(2026, 11, 26), end_date=date(2026, 11, 27),
                                 reason=reason, working_days=2,
                                 requested_at=now - timedelta(days=1),
                                 approver_id=ids[boss])
            s.add(leave)
            marks = [AttendanceMark(key=f"absent:{ids[staff[0]]}:{day}",
                                    employee_id=ids[staff[0]], work_date=day, kind="absent",
                                    code="TK", at=datetime.combine(day, time(20), UTC), facts={},
                                    created_at=datetime.combine(day, time(20), UTC)),
                     AttendanceMark(key=f"midday:{code}", employee_id=ids[staff[1]],
                                    work_date=now.date(), kind="midday_absence", code=None,
                                    at=now - timedelta(minutes=5),
                                    facts={"check_at": (now - timedelta(minutes=5)).isoformat()},
                                    created_at=now - timedelta(minutes=5))]
            s.add_all(marks)
            s.add(Alert(key=f"streak:{code}", kind="late_streak", employee_id=ids[staff[0]],
                        created_at=now - timedelta(days=1), work_date=day,
                        facts={"days": 3, "note": f"dispensasi {tag}"}))
            await s.flush()
            ext_ids.append(ext.id)
            out.leave[code] = [leave.id]
            out.marks[code] = [m.id for m in marks]
        out.tasks[code], out.extensions[code] = task_ids, ext_ids
    del units


# --- the world: app, emulator, clock, database ------------------------------------


class World:
    """The real Application on one seeded database, fed one update at a time."""

    def __init__(self, app: Any, emu: BotApiEmulator, clock: ManualClock, db: Database,
                 seeded: Seeded) -> None:
        self.app, self.emu, self.clock, self.db, self.seeded = app, emu, clock, db, seeded
        self.errors: list[BaseException] = []
        self.anchor: dict[int, int] = {}  # a bot message in each chat, for forged presses

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def deliver(self) -> None:
        await OutboxSender(self.app).drain(until_empty=True)

    def reset(self) -> None:
        """No flow in progress for anyone, the clock back at Monday 07:00."""
        self.clock.set(MONDAY_7_WIB)
        for group in self.app.handlers.values():
            for handler in group:
                if isinstance(handler, ConversationHandler):
                    handler._conversations.clear()
        for data in self.app.user_data.values():
            for name in ("task_input", "new_task", "leave", "leave_reject",
                         "absence_reason", "excuse"):
                if hasattr(data, name):
                    setattr(data, name, None)
        self.errors.clear()


@pytest.fixture(scope="module")
def world_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Any:
    """A database of this module's own per backend: other modules truncate theirs."""
    made: list[str] = []

    def url(backend: str) -> str:
        if backend == "sqlite":
            path = tmp_path_factory.mktemp("world") / "hadir.db"
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
            return f"sqlite+aiosqlite:///{path}"
        name = f"hadir_world_{os.getpid()}_{len(made)}_{Path(request.path).stem[5:20]}"
        _run_in_thread(_create_database(name))
        made.append(name)
        pg = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        _run_in_thread(_migrate_fresh(pg))
        return pg

    yield url
    for name in made:
        _run_in_thread(_drop_database(name))


async def make_world(url: str, **settings: Any) -> AsyncIterator[World]:
    clock = ManualClock(MONDAY_7_WIB)
    async with BotApiEmulator(clock=clock) as emu:
        db = Database(url)
        seeded = await seed(db, emu)
        values: dict[str, Any] = {
            "_env_file": None, "telegram_bot_token": emu.token,
            "telegram_api_base_url": emu.base_url.removesuffix("/bot"), "database_url": url,
            "outbox_global_rate_per_s": 1000.0, "outbox_per_chat_rate_per_s": 1000.0,
            # one world serves a whole module on a clock that does not move: the
            # flood limit (tests/test_flood.py) would cut its callers off
            "user_updates_per_minute": 0,
            **settings}
        app = build_application(load_settings(**values), clock=clock, database=db)
        world = World(app, emu, clock, db, seeded)

        async def collect(update: object, context: Any) -> None:
            world.errors.append(context.error)

        app.add_error_handler(collect)
        await app.initialize()
        for uid in ALL_USERS:  # every chat has a message of the bot's to press under
            await world.feed(emu.send_text(uid, "/bantuan", queue=False))
            world.anchor[uid] = emu.sent_messages(uid)[-1]["message_id"]
        await world.deliver()
        try:
            yield world
        finally:
            await app.shutdown()
            await db.dispose()


# --- what a person saw, and whether it holds another unit's words ---------------------


def _document_text(content: bytes) -> str:
    """The words in a file the bot sent: every XML part of a workbook, else the bytes."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "\n".join(html.unescape(book.read(n).decode("utf-8", "replace"))
                             for n in book.namelist() if n.endswith(".xml"))
    return content.decode("utf-8", "replace")


def _message_words(emu: BotApiEmulator, message: dict[str, Any]) -> str:
    parts = [message.get("text", ""), message.get("caption", "")]
    for row in emu.buttons(message):
        parts += [label for label, _ in row]
    document = message.get("document")
    if document:
        stored = emu.state.files.get(document["file_id"])
        if stored is not None:
            parts.append(document.get("file_name", ""))
            parts.append(_document_text(stored.content))
    return "\n".join(parts)


class Seen:
    """Everything the bot showed, per chat, since it was made: new messages, the
    ones edited (a press edits the pressed message or one just sent: the last
    few of each chat are compared) and the answers to pressed buttons."""

    RECENT = 4

    def __init__(self, world: World) -> None:
        self.world = world
        self.before: dict[int, tuple[int, dict[int, str]]] = {}
        for uid in ALL_USERS:
            messages = world.emu.sent_messages(uid)
            watched = {n: messages[n] for n in range(max(0, len(messages) - self.RECENT),
                                                     len(messages))}
            for n, m in enumerate(messages):
                if m["message_id"] == world.anchor.get(uid):
                    watched[n] = m
            self.before[uid] = (len(messages), {n: json.dumps(m, sort_keys=True)
                                                for n, m in watched.items()})
        self.answers_before = len(world.emu.calls_to("answerCallbackQuery"))

    def shown(self, uid: int) -> list[str]:
        emu = self.world.emu
        count, watched = self.before[uid]
        messages = emu.sent_messages(uid)
        found = [_message_words(emu, messages[n]) for n, dump in watched.items()
                 if json.dumps(messages[n], sort_keys=True) != dump]
        return found + [_message_words(emu, m) for m in messages[count:]]

    def answers(self) -> list[str]:
        calls = self.world.emu.calls_to("answerCallbackQuery")[self.answers_before:]
        return [str(c.params.get("text") or "") for c in calls]


def foreign_words(seeded: Seeded, uid: int) -> set[str]:
    """What the person behind ``uid`` must never see: every other unit's words
    (an admin sees every unit; a stranger or an inactive account sees none)."""
    unit = seeded.unit_of_user.get(uid, "")
    role = next((r for u, r, t in CALLERS.values() if t == uid), "")
    if role == "admin":
        return set()
    if role in ("inactive", "unknown"):
        return set().union(*seeded.secrets.values())
    return set().union(*(words for code, words in seeded.secrets.items() if code != unit))


def leaks(world: World, seen: Seen, presser: int | None = None) -> list[str]:
    """Each (chat, word) where a chat was shown a word it must never see."""
    found = []
    for uid in ALL_USERS:
        bodies = seen.shown(uid) + (seen.answers() if uid == presser else [])
        words = foreign_words(world.seeded, uid)
        for body in bodies:
            found += [f"{uid}: {w!r} in {body[:200]!r}" for w in words if w in body]
    return found


# --- the rows, before and after ----------------------------------------------------------

_VOLATILE = {"outbox", "outbox_files", "job_windows"}  # the sender's own bookkeeping


async def snapshot(db: Database) -> dict[str, str]:
    """A digest of every table's rows (one SELECT each: the world is small)."""
    digests = {}
    async with db.transaction() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in _VOLATILE:
                continue
            rows = (await s.execute(select(table).order_by(*table.primary_key.columns))).all()
            digests[table.name] = hashlib.sha1(repr(rows).encode()).hexdigest()
        pending = await s.scalar(text("SELECT count(*) FROM outbox"))
    digests["outbox"] = str(pending)
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in before if before[k] != after.get(k))


# --- refusals in the person's language ------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_TAG = re.compile(r"<[^>]+>")


def _patterns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """Each catalogue text of ``lang`` as a pattern (a value: anything), and its
    opening words (a refusal in an alert may be cut short)."""
    found = []
    for variants in CATALOGUE.values():
        template = variants.get(lang)
        if not template:
            continue
        plain = html.unescape(_TAG.sub("", template)).strip()
        pieces = _PLACEHOLDER.split(plain)
        pattern = re.compile(".*?".join(re.escape(p) for p in pieces), re.DOTALL)
        if len("".join(pieces).strip()) >= 8:  # not a bare "{value}"
            found.append((pattern, pieces[0] if len(pieces[0]) >= 12 else ""))
    return found


PATTERNS = {lang: _patterns(lang) for lang in ("id", "en")}


def in_language(body: str, lang: str) -> bool:
    """The body is one of the catalogue's texts in ``lang`` (or, cut short,
    opens like one)."""
    body = body.strip()
    return bool(body) and any(
        pattern.fullmatch(body) or (opening and body.startswith(opening[:30]))
        for pattern, opening in PATTERNS[lang])


def when_(day: int) -> date:
    return date(2026, 11, day)
