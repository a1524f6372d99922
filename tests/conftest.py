"""Shared fixtures: the database on both engines, a hand-moved clock, the Bot
API emulator, and the real Application built the way production builds it."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from telegram import Update

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings, load_settings
from bot.emulator import BotApiEmulator
from db.base import Base
from db.migrate import upgrade
from db.session import Database, create_engine

PG_URL = os.environ.get("HADIR_TEST_POSTGRES_URL",
                        "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]
# Monday 23 November 2026, 07:00 WIB
MONDAY_7_WIB = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


async def _migrate_fresh(url: str) -> None:
    engine = create_engine(url)
    if url.startswith("postgresql"):
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(engine)
    await engine.dispose()


def _run_in_thread(coro: Any) -> None:
    """Session fixtures are asked for from inside a running loop: use another."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "hadir.db"
    _run_in_thread(_migrate_fresh(f"sqlite+aiosqlite:///{path}"))
    return path


async def _create_database(name: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()


async def _drop_database(name: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A database of this test session's own on the PostgreSQL server, so that
    two runs on one machine never step on each other."""
    name = f"hadir_test_{os.getpid()}"
    _run_in_thread(_create_database(name))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    _run_in_thread(_drop_database(name))


@pytest.fixture(scope="session")
def postgres_ready(pg_url: str) -> str:
    _run_in_thread(_migrate_fresh(pg_url))
    return pg_url


async def _truncate_all(db: Database) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database: every database test runs on both engines."""
    if request.param == "sqlite":
        path = tmp_path / "hadir.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite+aiosqlite:///{path}")
    else:
        database = Database(request.getfixturevalue("postgres_ready"))
        await _truncate_all(database)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_7_WIB)


@pytest.fixture
async def emulator(clock: ManualClock) -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(clock=clock) as emu:
        yield emu


@pytest.fixture
def settings_factory(emulator: BotApiEmulator, db: Database) -> Any:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "_env_file": None,
            "telegram_bot_token": emulator.token,
            "telegram_api_base_url": emulator.base_url.removesuffix("/bot"),
            "database_url": db.url,
            # the outbox's pacing is real time: tests about pacing set their own limits
            "outbox_global_rate_per_s": 1000.0,
            "outbox_per_chat_rate_per_s": 1000.0,
        }
        values.update(overrides)
        return load_settings(**values)

    return make


async def _drain_outbox(app: Any) -> None:
    from bot.services.outbox_sender import OutboxSender

    await OutboxSender(app).drain(until_empty=True)


class Harness:
    """Plays Telegram users against the real Application, one update at a time."""

    def __init__(self, app: Any, emulator: BotApiEmulator) -> None:
        self.app = app
        self.emu = emulator
        self.errors: list[BaseException] = []

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def _new_since(self, chat_id: int, before: int) -> list[dict[str, Any]]:
        return self.emu.sent_messages(chat_id)[before:]

    async def _do(self, chat_id: int, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.emu.sent_messages(chat_id))
        await self.feed(update)
        return self._new_since(chat_id, before)

    async def text(self, user_id: int, body: str, **kw: Any) -> list[dict[str, Any]]:
        return await self._do(user_id, self.emu.send_text(user_id, body, queue=False, **kw))

    async def location(self, user_id: int, lat: float, lon: float, **kw: Any
                       ) -> list[dict[str, Any]]:
        kw.setdefault("live_period", 900)
        kw.setdefault("horizontal_accuracy", 12.0)
        return await self._do(user_id, self.emu.send_location(user_id, lat, lon, queue=False,
                                                              **kw))

    async def press(self, user_id: int, message_id: int, data: str) -> list[dict[str, Any]]:
        return await self._do(user_id, self.emu.press_button(user_id, message_id, data,
                                                             queue=False))

    async def deliver(self) -> None:
        """Send everything the outbox holds, as the background sender would."""
        await _drain_outbox(self.app)

    def replies(self, chat_id: int) -> list[str]:
        return [m.get("text", "") for m in self.emu.sent_messages(chat_id)]

    def callback_answers(self) -> list[dict[str, Any]]:
        return [c.params for c in self.emu.calls if c.method == "answerCallbackQuery"]


@pytest.fixture
async def make_harness(settings_factory: Any, clock: ManualClock, db: Database,
                       emulator: BotApiEmulator) -> AsyncIterator[Any]:
    built: list[Harness] = []

    async def make(**overrides: Any) -> Harness:
        app = build_application(settings_factory(**overrides), clock=clock, database=db)
        harness = Harness(app, emulator)

        async def collect(update: object, context: Any) -> None:
            harness.errors.append(context.error)

        app.add_error_handler(collect)
        await app.initialize()
        if app.post_init:  # run_polling calls it right after initialize()
            await app.post_init(app)
        built.append(harness)
        return harness

    yield make
    for harness in built:
        await harness.app.shutdown()
        assert harness.errors == [], f"handler errors: {harness.errors!r}"


@pytest.fixture
async def bot(make_harness: Any) -> Harness:
    """The Application with default settings."""
    return await make_harness()

