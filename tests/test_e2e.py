"""End to end: the `hadir` console command as a separate process, talking to
the Bot API emulator over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from bot.emulator import BotApiEmulator
from db.migrate import current_revision, head_revision
from db.models import AttendanceEvent, PositionSample
from db.session import Database, create_engine
from tests.test_attendance import LIVE_HINT

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
HADIR = str(Path(sys.executable).parent / "hadir")
WIB = ZoneInfo("Asia/Jakarta")
DEWI = "199107242015032002"


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, pg_url: str) -> str:
    """A database with no tables at all."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}"
    engine = create_engine(pg_url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    return pg_url


def _env(emulator: BotApiEmulator | None, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DATABASE_", "HADIR_"))}
    env.update({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    if emulator is not None:
        env.update({"TELEGRAM_BOT_TOKEN": emulator.token, "TELEGRAM_API_BASE_URL": emulator.url})
    env.update(extra)
    return env


async def hadir(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        HADIR, *args, env=env, cwd=cwd, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=180)
    return process.returncode or 0, out.decode(), err.decode()


async def until(check: Callable[[], Any], what: str, seconds: float = 120) -> Any:
    """Wait for the other process to do something (I/O, not time passing). The bound
    only stops a hung test: a loaded machine may take long to start a process."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if result := check():
            return result
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
async def running_bot(tmp_path: Path, emulator: BotApiEmulator, empty_db_url: str
                      ) -> AsyncIterator[Callable[[], Any]]:
    processes: list[asyncio.subprocess.Process] = []

    async def start() -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            HADIR, "run", env=_env(emulator, empty_db_url), cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        processes.append(process)
        await until(lambda: emulator.state.polls_waiting > 0, "the bot to poll")
        return process

    yield start
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(process.communicate(), timeout=120)
            assert process.returncode == 0, err.decode()[-2000:]
            assert "Traceback" not in err.decode(), err.decode()[-2000:]
            assert emulator.token.split(":")[1] not in err.decode()  # no token in logs


async def test_run_migrates_an_empty_database_and_answers_strangers(
        running_bot: Any, emulator: BotApiEmulator, empty_db_url: str) -> None:
    await running_bot()
    engine = create_engine(empty_db_url)
    assert await current_revision(engine) == head_revision()
    await engine.dispose()
    emulator.add_user(4242, "Orang Asing")
    emulator.send_text(4242, "/masuk")
    reply = await until(lambda: emulator.sent_messages(4242), "a reply")
    assert "belum terdaftar di Hadir" in reply[0]["text"]
    assert [c["command"] for c in emulator.commands(scope_type="all_private_chats")][:2] == [
        "masuk", "pulang"]


async def test_import_invite_activate_and_check_in_over_http(
        running_bot: Any, emulator: BotApiEmulator, empty_db_url: str, tmp_path: Path,
        clock: Any) -> None:
    env = _env(emulator, empty_db_url)
    code, out, err = await hadir("migrate", env=env, cwd=tmp_path)
    assert code == 0, err
    code, out, err = await hadir("import", str(ROOT / "examples" / "roster.xlsx"), env=env,
                                 cwd=tmp_path)
    assert code == 0, err
    assert "employees: 8 baru" in out
    code, out, err = await hadir("invite", "--nip", DEWI, env=env, cwd=tmp_path)
    assert code == 0, err
    link = re.search(r"https://t\.me/hadir_demo_bot\?start=([A-Za-z0-9_-]+)", out)
    assert link, out
    await running_bot()

    emulator.add_user(7001, "Dewi")
    clock.set(datetime(2026, 11, 23, 7, 27, tzinfo=WIB))
    emulator.send_text(7001, f"/start {link.group(1)}")
    await until(lambda: emulator.sent_messages(7001), "the welcome")
    emulator.send_text(7001, "/masuk")
    await until(lambda: len(emulator.sent_messages(7001)) >= 2, "the prompt")
    clock.advance(seconds=30)
    location = emulator.send_location(7001, -2.87735, 103.84562, live_period=900,
                                      horizontal_accuracy=9.0)
    await until(lambda: len(emulator.sent_messages(7001)) >= 3, "the confirmation")
    assert emulator.sent_messages(7001)[2]["text"] == (
        "✅ Masuk tercatat pukul 07:27 WIB, Senin, 23 November 2026, di Sekretariat Daerah "
        "Kabupaten Musi Banyuasin.\nTepat waktu (jadwal 07:30 WIB)." + LIVE_HINT)
    emulator.edit_live_location(7001, location["message"]["message_id"], -2.87740, 103.84560,
                                edit_date=datetime(2026, 11, 23, 7, 35, tzinfo=WIB))
    emulator.send_text(7001, "/status")
    await until(lambda: len(emulator.sent_messages(7001)) >= 4, "the status")
    db = Database(empty_db_url)
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(AttendanceEvent)) == 1
        assert await s.scalar(select(func.count()).select_from(PositionSample)) == 1
    await db.dispose()


async def test_demo_runs_with_no_token_and_no_network(tmp_path: Path) -> None:
    code, out, err = await hadir("run", env=_env(None, f"sqlite+aiosqlite:///{tmp_path}/x.db"),
                                 cwd=tmp_path)
    assert code == 0, err
    assert "TELEGRAM_BOT_TOKEN belum diisi" in out
    assert "Tepat waktu (jadwal 07:30 WIB)" in out
    assert "Terlambat 22 menit dari jadwal 07:30 WIB: TL1." in out
    assert "Lokasi biasa (titik di peta) tidak diterima" in out
    assert "Pulang tercatat pukul 16:04 WIB" in out
    # the task: given, reminded two hours before, done with a document, accepted
    assert "Hadir→Dewi ◂ 📥 Tugas baru" in out
    assert "14:00 WIB      Hadir→Dewi ◂ ⏰ Pengingat tugas" in out
    assert "Hadir→Rizki ◂ 📄 laporan-triwulan-III.pdf" in out
    assert "diterima (oleh Muhammad Rizki Pratama, S.Sos.). Terima kasih!" in out
    # Wednesday: Andi's task is overdue, Putri is missing, two presence checks
    assert "Hadir→Andi ◂ ⏰ Tugas terlambat" in out
    assert "Hadir→Rizki ◂ 📋 Tugas tim yang perlu perhatian" in out
    assert "Hadir→Rizki ◂ 👥 Belum ada keterangan" in out
    assert "• Putri Ayu Lestari, A.Md. (NIP 199512032020122011), jadwal 07:30 WIB" in out
    assert "Kehadiran Anda pada pemeriksaan pukul" in out  # the first check, answered
    assert "Hadir→Rizki ◂ 🔎 Pemeriksaan kehadiran pukul" in out  # the second, missed
    assert "• Andi Saputra, S.H. — tidak ada jawaban dalam 15 menit" in out
    assert "Hadir→Rizki ◂ 💬 Alasan Andi Saputra, S.H. atas ketidakhadiran siang" in out
    # the next Monday: last week's summary with its chart, then the month's recap
    assert "Hadir→Rizki ◂ 🖼 📊 Ringkasan mingguan: Subbagian Kelembagaan" in out
    assert "Hadir 11 dari 12 hari kerja (92%)" in out
    assert "1. Andi Saputra, S.H.: 1 tugas lewat tenggat" in out
    assert "Hadir→Rizki ◂ 📄 rekap-2026-11-ORG-KLB-TIM.xlsx" in out
    kept = tmp_path / "hadir-demo"
    assert (kept / "ringkasan-mingguan.png").read_bytes().startswith(b"\x89PNG\r\n")
    book = load_workbook(kept / "rekap-2026-11-ORG-KLB-TIM.xlsx", read_only=True)
    assert book.sheetnames == ["Rekap", "Kinerja", "Keterangan"]
    assert "Traceback" not in out and "Traceback" not in err


async def test_bad_settings_are_listed_one_line_each(tmp_path: Path) -> None:
    env = _env(None, "mysql://nope", LATE_BAND_LIMITS="30,20", DEFAULT_TIMEZONE="Asia/Atlantis",
               TELEGRAM_BOT_TOKEN="not-a-token")
    code, _, err = await hadir("run", env=env, cwd=tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith("Pengaturan tidak valid")
    assert {line.split(":")[0] for line in lines[1:]} == {
        "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "DEFAULT_TIMEZONE", "LATE_BAND_LIMITS"}
    assert "not-a-token" not in err


async def test_import_with_errors_exits_non_zero_and_writes_nothing(
        tmp_path: Path, empty_db_url: str) -> None:
    import shutil

    folder = tmp_path / "roster"
    shutil.copytree(ROOT / "examples" / "roster", folder)
    employees = folder / "employees.csv"
    employees.write_text(employees.read_text(encoding="utf-8").replace(",UMUM,", ",MALAM,", 1),
                         encoding="utf-8")
    env = _env(None, empty_db_url)
    assert (await hadir("migrate", env=env, cwd=tmp_path))[0] == 0
    code, _, err = await hadir("import", str(folder), env=env, cwd=tmp_path)
    assert code == 1
    assert "employees, baris 2, kolom schedule_code" in err
    db = Database(empty_db_url)
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(AttendanceEvent)) == 0
        assert await s.scalar(text("select count(*) from employees")) == 0
        assert await s.scalar(text("select count(*) from offices")) == 0
    await db.dispose()


async def test_a_rejected_token_is_one_line_and_never_printed(
        tmp_path: Path, emulator: BotApiEmulator) -> None:
    wrong = "123456:this-is-not-the-token"
    env = _env(emulator, f"sqlite+aiosqlite:///{tmp_path}/x.db", TELEGRAM_BOT_TOKEN=wrong)
    code, out, err = await hadir("run", env=env, cwd=tmp_path)
    assert code == 2
    assert "Telegram menolak TELEGRAM_BOT_TOKEN (Unauthorized)" in err
    assert "this-is-not-the-token" not in out + err
