"""The ``hadir`` command through ``bot.__main__.main``: its one clock, its
failures (one line in the admin's language, never a secret), and waiting for
Telegram at start. Telegram is the Bot API emulator, or a closed port."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.clock import ManualClock
from bot.config import SettingsError, load_settings
from bot.emulator import BotApiEmulator
from bot.services.invites import create_invites
from bot.texts import text
from db.models import AttendanceEvent, Invite, OutboxMessage
from db.session import Database
from tests import factories
from tests.conftest import _truncate_all
from tests.test_attendance import WIB, check, events, office

__all__ = ["office"]  # the attendance roster fixture, used below

WRONG_TOKEN = "123456:this-is-not-the-token"
PASSWORD = "hunter2-secret-pw"
# a date no real clock shows while this suite runs: only the injected clock can say it
LONG_AGO = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)  # Monday 2 March 2020, 08:00 WIB


def closed_port() -> int:
    """A localhost port nothing listens on: Telegram unreachable."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[..., None]]:
    """A clean environment (no .env, no inherited settings) and the root logger
    put back as it was after ``hadir`` configured it."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "DATABASE_", "BOT_", "DEFAULT_", "HOLIDAY_",
                           "STARTUP_", "LOG_", "ADMIN_")):
            monkeypatch.delenv(key)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def put(**values: object) -> None:
        for key, value in values.items():
            monkeypatch.setenv(key.upper(), str(value))

    put(log_level="WARNING", database_url=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    yield put
    root.handlers[:], root.level = handlers, level


async def hadir(*argv: str, **kw: Any) -> int:
    """``main`` in a thread of its own (it runs its own event loops), while
    the emulator keeps answering on this test's loop."""
    return await asyncio.to_thread(lambda: main(list(argv), **kw))


def lines(captured: str) -> list[str]:
    return [line for line in captured.strip().splitlines() if line]


def assert_no_secret(*outputs: str) -> None:
    joined = "\n".join(outputs)
    assert "this-is-not-the-token" not in joined
    assert PASSWORD not in joined
    assert "Traceback" not in joined


# --- A1: every subcommand takes "now" from the clock it is handed -------------------


async def test_outbox_retry_counts_the_last_day_on_the_injected_clock(
        db: Database, env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A1: `hadir outbox --retry` decides what "the last day" is by the
    clock handed to main(), not the machine's date."""
    env(database_url=db.url)
    async with db.transaction() as s:
        for key, age in (("recent", timedelta(hours=3)), ("old", timedelta(days=2))):
            s.add(OutboxMessage(key=key, chat_id=1001, payload={"text": key}, status="failed",
                                attempts=8, created_at=LONG_AGO - age,
                                next_attempt_at=LONG_AGO - age, last_error="Bad Gateway"))
    assert await hadir("outbox", "--retry", clock=ManualClock(LONG_AGO)) == 0
    assert text("cli.outbox_retried", "id", count=1) in capsys.readouterr().out
    async with db.transaction() as s:
        rows = {m.key: m for m in await s.scalars(select(OutboxMessage))}
    assert (rows["recent"].status, rows["recent"].next_attempt_at) == ("pending", LONG_AGO)
    assert rows["old"].status == "failed"


async def test_invite_expiry_counts_from_the_injected_clock(
        db: Database, env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A1: `hadir invite` dates its invites by the clock handed to main()."""
    env(database_url=db.url, bot_username="hadir_bot")
    async with db.transaction() as s:
        unit = await factories.unit(s, await factories.office(s))
        await factories.employee(s, unit, "199001012015011001", "Andi Pratama")
    assert await hadir("invite", "--all", clock=ManualClock(LONG_AGO)) == 0
    out = capsys.readouterr().out
    assert "\t2020-03-09 08.00" in out or "\t2020-03-09 08:00" in out
    async with db.transaction() as s:
        [invite] = list(await s.scalars(select(Invite)))
    assert (invite.created_at, invite.expires_at) == (LONG_AGO, LONG_AGO + timedelta(days=7))


# --- A3: one line, in the admin's language, no traceback, no secret ----------------


@pytest.mark.parametrize("lang", [None, "en"])
async def test_invite_with_a_rejected_token_is_one_line_without_the_token(
        emulator: BotApiEmulator, env: Any, capsys: pytest.CaptureFixture[str],
        lang: str | None) -> None:
    """Issue 6 A3: `hadir invite` with a token Telegram rejects printed a
    traceback ending with the token."""
    env(telegram_bot_token=WRONG_TOKEN, telegram_api_base_url=emulator.url)
    argv = ["invite", "--all", *(["--lang", lang] if lang else [])]
    assert await hadir(*argv) == 2
    captured = capsys.readouterr()
    assert lines(captured.err) == [text("cli.token_rejected", lang or "id")]
    assert_no_secret(captured.out, captured.err)


async def test_invite_with_telegram_unreachable_is_one_line(
        env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A3: `hadir invite` with Telegram unreachable printed a traceback."""
    env(telegram_bot_token=WRONG_TOKEN, telegram_api_base_url=f"http://127.0.0.1:{closed_port()}",
        default_language="en")
    assert await hadir("invite", "--nip", "199001012015011001") == 1
    captured = capsys.readouterr()
    [line] = lines(captured.err)
    assert line.startswith("Telegram cannot be reached (check the network and TELEGRAM_API_")
    assert_no_secret(captured.out, captured.err)


async def test_run_with_a_rejected_token_stops_at_once_with_one_line(
        db: Database, emulator: BotApiEmulator, env: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A4: a rejected token is not retried: `hadir run` stops at once."""
    env(database_url=db.url, telegram_bot_token=WRONG_TOKEN, telegram_api_base_url=emulator.url)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    assert await hadir("run", sleep=sleep) == 2
    captured = capsys.readouterr()
    assert lines(captured.err) == [text("cli.token_rejected", "id")]
    assert waits == [] and [c.method for c in emulator.calls] == []  # 401 is not recorded
    assert_no_secret(captured.out, captured.err)


SUBCOMMANDS = [["run"], ["migrate"], ["import", "roster.xlsx"], ["invite", "--all"], ["outbox"],
               ["demo"]]


@pytest.mark.parametrize("argv", SUBCOMMANDS[:-1], ids=lambda a: a[0])
async def test_a_settings_error_never_shows_the_database_password(
        env: Any, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Issue 6 A3: a refused DATABASE_URL was printed with its password."""
    env(database_url=f"mysql://hadir:{PASSWORD}@db.example:3306/hadir",
        telegram_bot_token=WRONG_TOKEN, default_language="en")
    assert await hadir(*argv) == 2
    captured = capsys.readouterr()
    assert lines(captured.err) == [
        text("cli.bad_settings", "en"),
        "DATABASE_URL: must start with postgresql:// (or postgres://, postgresql+asyncpg://) "
        "or sqlite+aiosqlite:// (got 'mysql://hadir:***@db.example:3306/hadir')"]
    assert_no_secret(captured.out, captured.err)


@pytest.mark.parametrize("argv", SUBCOMMANDS[:-1], ids=lambda a: a[0])
async def test_an_unreachable_database_is_one_line_without_the_password(
        env: Any, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Issue 6 A3: every subcommand that needs the database says in one line
    that it cannot reach it; the address's password is never shown."""
    # the form hosting panels hand out, accepted and run on asyncpg
    env(database_url=f"postgres://hadir:{PASSWORD}@127.0.0.1:{closed_port()}/hadir",
        bot_username="hadir_bot", telegram_bot_token=WRONG_TOKEN)
    assert await hadir(*argv, "--lang", "id") == 1
    captured = capsys.readouterr()
    [line] = lines(captured.err)
    assert line.startswith("Basis data tidak dapat dihubungi (periksa DATABASE_URL")
    assert_no_secret(captured.out, captured.err)


async def test_database_urls_as_hosting_panels_give_them_are_accepted(
        db: Database, env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A3: `postgres://` and `postgresql://` (and `sqlite:///`) were
    refused; they now run on the async drivers."""
    plain = db.url.replace("+asyncpg", "").replace("+aiosqlite", "")
    if plain.startswith("postgresql"):
        plain = plain.replace("postgresql://", "postgres://") + "?sslmode=disable"
    env(database_url=plain)
    assert await hadir("migrate") == 0
    assert capsys.readouterr().out.startswith("Basis data dimigrasikan")
    settings = load_settings(_env_file=None, database_url=plain)
    assert settings.database_url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://"))
    assert "sslmode" not in settings.database_url


def test_unexpected_errors_still_hide_the_token(
        env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 6 A3: even a failure nobody foresaw never prints the token."""
    import bot.admin

    async def broken(*args: Any, **kw: Any) -> str:
        raise RuntimeError(f"exploded near {WRONG_TOKEN}")

    monkeypatch.setattr(bot.admin, "outbox_report", broken)
    env(telegram_bot_token=WRONG_TOKEN)
    assert main(["outbox"]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith(text("cli.unexpected", "id", kind="RuntimeError"))
    assert "this-is-not-the-token" not in err and "exploded near ***" in err


# --- A4: Telegram unreachable at start is waited for --------------------------------


class EmulatorThread:
    """The emulator on a loop of its own, so that `hadir run` can own the main
    thread (and its signal handlers) as in production."""

    def __init__(self, port: int, clock: ManualClock) -> None:
        self.emu = BotApiEmulator(clock=clock, port=port)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Awaitable[Any]) -> Awaitable[Any]:
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))  # type: ignore[arg-type]

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.emu.stop(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()


class _StopOnReply(list[Any]):
    """The emulator's call log; the bot's first reply to the user stops
    `hadir run` as an admin would (SIGINT), once that reply is on its way."""

    def __init__(self, loop: asyncio.AbstractEventLoop, chat_id: int) -> None:
        super().__init__()
        self.loop, self.chat_id = loop, chat_id

    def append(self, call: Any) -> None:
        super().append(call)
        if call.method == "sendMessage" and call.params.get("chat_id") == self.chat_id:
            self.loop.call_soon(os.kill, os.getpid(), signal.SIGINT)


async def _invited_long_ago(url: str) -> str:
    db = Database(url)
    if url.startswith("postgresql"):
        await _truncate_all(db)
    async with db.transaction() as s:
        unit = await factories.unit(s, await factories.office(s))
        andi = await factories.employee(s, unit, "199001012015011001", "Andi Pratama")
        [(_, invite)] = await create_invites(s, [andi], now=LONG_AGO, ttl=timedelta(days=7))
    await db.dispose()
    return invite.code


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_run_waits_for_telegram_unreachable_at_start_and_then_answers(
        env: Any, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest,
        tmp_path: Path, backend: str) -> None:
    """Issue 6 A4: `hadir run` gave up (tracebacks, exit 1) when Telegram was
    unreachable at start; it now retries with a capped doubling wait, one log
    line per attempt, and serves once Telegram answers (Issue 6 A1: on the
    clock handed to main())."""
    import shutil

    if backend == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "run.db")
        url = f"sqlite+aiosqlite:///{tmp_path / 'run.db'}"
    else:
        url = request.getfixturevalue("postgres_ready")
    code = asyncio.run(_invited_long_ago(url))
    port = closed_port()
    telegram = EmulatorThread(port, ManualClock(LONG_AGO))
    telegram.emu.calls = _StopOnReply(telegram.loop, 4242)
    telegram.emu.add_user(4242, "Andi")
    telegram.emu.send_text(4242, f"/start {code}")
    env(database_url=url, telegram_bot_token=telegram.emu.token,
        telegram_api_base_url=f"http://127.0.0.1:{port}", startup_retry_base_s=1,
        startup_retry_max_s=3)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:  # Telegram answers from the fifth attempt on
            await telegram.run(telegram.emu.start())

    try:
        status = main(["run"], clock=ManualClock(LONG_AGO), sleep=sleep)
    finally:
        telegram.close()
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert waits == [1, 2, 3, 3]
    retries = [line for line in lines(captured.err) if "Telegram belum dapat dihubungi" in line]
    assert [line.split("(percobaan ")[1][:1] for line in retries] == ["1", "2", "3", "4"]
    assert all(line.endswith(f"mencoba lagi dalam {w:g} detik.")
               for line, w in zip(retries, waits, strict=True))
    methods = [c.method for c in telegram.emu.calls]
    assert methods[0] == "getMe" and "getUpdates" in methods
    # the invite of LONG_AGO is valid by the clock handed to main(), not the machine's
    [reply] = telegram.emu.sent_messages(4242)
    assert reply["text"].startswith("Selamat datang, Andi Pratama!")
    assert telegram.emu.token not in captured.out + captured.err
    assert "Traceback" not in captured.err


# --- A5: holiday categories ---------------------------------------------------------


async def test_a_typo_in_holiday_categories_is_refused_at_start(
        env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A5: HOLIDAY_CATEGORIES=goverment passed validation, then every
    check-in failed."""
    with pytest.raises(SettingsError, match="HOLIDAY_CATEGORIES: unknown categories goverment"):
        load_settings(_env_file=None, holiday_categories="public,goverment")
    env(holiday_categories="public,goverment")
    assert await hadir("migrate") == 2
    [header, line] = lines(capsys.readouterr().err)
    assert header == text("cli.bad_settings", "id")
    assert line == ("HOLIDAY_CATEGORIES: kategori tidak dikenal goverment: pilih dari "
                    "government, public (nilai: 'public,goverment')")  # DEFAULT_LANGUAGE=id
    assert load_settings(_env_file=None, holiday_categories="government").holiday_categories \
        == ["government"]


async def test_a_check_in_on_a_2027_cuti_bersama_is_recorded_as_a_day_off(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    """Issue 6 A5: `holidays` releases before the floor lack the 2027 cuti
    bersama; on Tuesday 18 May 2027 a check-in is recorded as a holiday."""
    reply = await check(bot, clock, "in", datetime(2027, 5, 18, 7, 40, tzinfo=WIB))
    assert "hari libur (Cuti Bersama Hari Raya Idul Adha)" in reply[-1]["text"]
    [event] = await events(db)
    assert (event.day_type, event.holiday_name, event.code) == (
        "holiday", "Cuti Bersama Hari Raya Idul Adha", None)
    assert isinstance(event, AttendanceEvent) and event.occurred_at.date() == date(2027, 5, 18)


async def test_backup_copies_the_sqlite_database_while_it_is_open(
        env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 9 item 8: `hadir backup FILE` is an online copy (the bot's own
    connection stays open meanwhile), checked, never over an existing file."""
    assert await hadir("migrate") == 0
    live = Database(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    async with live.transaction() as s:  # the bot holds the database open
        s.add(OutboxMessage(key="kept", chat_id=1001, payload={"text": "x"}, status="sent",
                            created_at=LONG_AGO, next_attempt_at=LONG_AGO))
    capsys.readouterr()
    out = tmp_path / "copy.db"
    assert await hadir("backup", str(out)) == 0
    [line] = lines(capsys.readouterr().out)
    assert line == text("cli.backup_done", "id", path=out, size=out.stat().st_size)
    copy = Database(f"sqlite+aiosqlite:///{out}")
    async with copy.transaction() as s:
        assert list(await s.scalars(select(OutboxMessage.key))) == ["kept"]
    await copy.dispose()
    await live.dispose()

    assert await hadir("backup", str(out), "--lang", "en") == 1
    assert lines(capsys.readouterr().err) == [text("cli.backup_exists", "en", path=out)]
    assert out.stat().st_size > 0  # untouched


async def test_backup_of_postgresql_points_to_pg_dump(
        env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env(database_url="postgresql://hadir:secret@127.0.0.1:5432/hadir")
    assert await hadir("backup", str(tmp_path / "x.db")) == 1
    err = capsys.readouterr().err
    assert lines(err) == [text("cli.backup_postgres", "id")]
    assert "secret" not in err and not (tmp_path / "x.db").exists()
