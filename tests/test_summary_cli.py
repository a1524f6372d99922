"""``hadir summary --week YYYY-Www --unit CODE [--png FILE]`` through
``bot.__main__.main``: the summary a head receives, as plain text, its chart,
and one line in the operator's language for what it refuses. The week is the
hand-worked W47 of ``tests.test_summary``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.clock import ManualClock
from bot.texts import text
from tests.summary_seed import Org, seed_org, wib
from tests.test_summary import ORG_TEXT, org, png_size

__all__ = ["org"]  # the seeded week, a fixture of test_summary


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Any) -> Path:
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "DEFAULT_LANGUAGE", "WEEKLY_SUMMARY_SUPERVISORS"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return tmp_path


async def hadir(*argv: str, at: Any) -> int:
    return await asyncio.to_thread(lambda: main(list(argv), clock=ManualClock(at)))


async def test_hadir_summary_prints_the_heads_summary_and_writes_its_chart(
        cli_env: Path, org: Org, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli_env / "w47.png"
    assert await hadir("summary", "--week", "2026-W47", "--unit", "ORG", "--png", str(out),
                       at=wib(23, 7)) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(ORG_TEXT + "\n\n")
    assert "<b>" not in printed
    content = out.read_bytes()
    assert png_size(content) == (900, 500) and 20_000 < len(content) < 300_000
    assert text("summary.cli.png_written", "id", path=out, size=len(content)) in printed
    assert await hadir("summary", "--week", "2026-W47", "--unit", "umum-b", "--lang", "en",
                       at=wib(23, 7)) == 0
    assert capsys.readouterr().out.startswith("📊 Weekly summary: Bagian Umum\n")


@pytest.mark.parametrize(("argv", "expected"), [
    (("--week", "2026-W60", "--unit", "ORG"),
     "Minggu tidak dikenal: 2026-W60. Tulis minggu ISO seperti 2026-W48."),
    (("--week", "47-2026", "--unit", "ORG"),
     "Minggu tidak dikenal: 47-2026. Tulis minggu ISO seperti 2026-W48."),
    (("--week", "2026-W47", "--unit", "XYZ"), "Unit tidak dikenal: XYZ."),
    (("--week", "2026-W48", "--unit", "ORG"),
     "Minggu 2026-W48 belum berakhir di Bagian Organisasi (berakhir Senin, 30 November 2026"
     " 00:00 WIB): ringkasannya dibuat setelah semua harinya ditutup."),
])
async def test_hadir_summary_refuses_a_bad_week_or_unit_in_one_line(
        cli_env: Path, org: Org, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
        expected: str) -> None:
    assert await hadir("summary", *argv, at=wib(23, 7)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [expected]


async def test_hadir_summary_says_so_when_the_week_had_no_working_day(
        cli_env: Path, db: Any, emulator: Any, capsys: pytest.CaptureFixture[str]) -> None:
    await seed_org(db, emulator)
    assert await hadir("summary", "--week", "2026-W47", "--unit", "ORG", at=wib(23, 7)) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == ("Minggu 2026-W47 tidak punya hari kerja di Bagian Organisasi: kepala unit"
                     " tidak dikirimi ringkasan.")
