"""An admin sends the roster to the bot: the same all-or-nothing import and
report as ``hadir import``; everyone else is refused before any download."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot import admin
from bot.roster import format_report, import_roster
from db.models import Employee
from tests.test_roster_import import EXAMPLES, cell, example_tables, snapshot, write_xlsx

BAYU, DEWI = "199009142019031002", "199107242015032002"  # admin (English), staff
BAYU_TG, DEWI_TG = 7101, 7102


@pytest.fixture
async def roster(bot: Any, db: Any, clock: Any) -> None:
    ok, report = await admin.import_file(bot.app.bot_data["deps"].settings,
                                         EXAMPLES / "roster.xlsx", lang="id", clock=clock, db=db)
    assert ok, report
    from db.models import TelegramBinding

    async with db.transaction() as s:
        for nip, user_id in ((BAYU, BAYU_TG), (DEWI, DEWI_TG)):
            person = await s.scalar(select(Employee).where(Employee.nip == nip))
            s.add(TelegramBinding(employee_id=person.id, telegram_user_id=user_id,
                                  chat_id=user_id, bound_at=clock.now()))
    bot.emu.add_user(BAYU_TG, "Bayu")
    bot.emu.add_user(DEWI_TG, "Dewi")


def _xlsx(tmp_path: Path, tables: dict[str, Any]) -> bytes:
    return write_xlsx(tmp_path / "upload.xlsx", tables).read_bytes()


async def _cli_report(db: Any, clock: Any, content: bytes, tmp_path: Path, lang: str) -> str:
    """What ``hadir import`` would print for this file, without keeping its changes."""
    path = tmp_path / "cli.xlsx"
    path.write_bytes(content)
    async with db.transaction() as s:
        report = await import_roster(s, path, now=clock.now(), lang=lang)
        await s.rollback()
    return "\n".join(format_report(report, lang))


async def _send(bot: Any, user_id: int, name: str, content: bytes) -> list[dict[str, Any]]:
    return await bot._do(user_id, bot.emu.send_document(user_id, name, content, queue=False))


async def test_a_good_roster_is_imported_with_the_clis_report(
        bot: Any, db: Any, clock: Any, roster: None, tmp_path: Path) -> None:
    tables = example_tables()
    cell(tables, "employees", 4, "name", "Dewi Anggraini Putri, S.AP.")
    cell(tables, "employees", 4, "role", "supervisor")
    content = _xlsx(tmp_path, tables)
    expected = await _cli_report(db, clock, content, tmp_path, "en")
    assert "employees: 0 new, 1 updated, 7 unchanged" in expected
    working, result = await _send(bot, BAYU_TG, "roster.xlsx", content)
    assert working["text"] == "Roster received, checking it…"
    assert result["text"] == f"Roster imported.\n{expected}"
    async with db.transaction() as s:
        dewi = await s.scalar(select(Employee).where(Employee.nip == DEWI))
        assert (dewi.name, dewi.role) == ("Dewi Anggraini Putri, S.AP.", "supervisor")
    assert len(bot.emu.calls_to("getFile")) == 1


async def test_a_bad_roster_reports_every_error_and_changes_nothing(
        bot: Any, db: Any, clock: Any, roster: None, tmp_path: Path) -> None:
    tables = example_tables()
    cell(tables, "employees", 4, "name", "Someone Else")
    cell(tables, "employees", 5, "role", "boss")
    cell(tables, "units", 3, "office_code", "NOWHERE")
    content = _xlsx(tmp_path, tables)
    expected = await _cli_report(db, clock, content, tmp_path, "en")
    before = await snapshot(db)
    _, result = await _send(bot, BAYU_TG, "Roster.XLSX", content)
    assert result["text"] == f"Roster not imported.\n{expected}"
    assert "Import cancelled: 2 errors, nothing was changed." in result["text"]
    assert await snapshot(db) == before


async def test_a_zip_of_the_csv_files_is_the_same_import(
        bot: Any, db: Any, clock: Any, roster: None) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for csv_file in sorted((EXAMPLES / "roster").glob("*.csv")):
            archive.write(csv_file, f"roster/{csv_file.name}")
    _, result = await _send(bot, BAYU_TG, "roster.zip", buffer.getvalue())
    assert result["text"].startswith("Roster imported.\noffices: 0 new, 0 updated, 2 unchanged")
    _, refused = await _send(bot, BAYU_TG, "broken.zip", b"not a zip")
    assert refused["text"] == "This .zip cannot be opened or holds no CSV files. Not processed."
    [alone] = await _send(bot, BAYU_TG, "employees.csv", b"nip,name\n")
    assert alone["text"].startswith("One CSV file is not a whole roster.")


async def test_someone_not_an_admin_is_refused_and_nothing_is_downloaded(
        bot: Any, db: Any, roster: None, tmp_path: Path) -> None:
    before = await snapshot(db)
    [reply] = await _send(bot, DEWI_TG, "roster.xlsx", _xlsx(tmp_path, example_tables()))
    assert reply["text"] == "Hanya admin yang dapat mengimpor roster. Berkas ini tidak diproses."
    bot.emu.add_user(4242, "Stranger")
    [reply] = await _send(bot, 4242, "roster.xlsx", b"PK")
    assert reply["text"].startswith("Akun Telegram ini belum terdaftar di Hadir.")
    assert bot.emu.calls_to("getFile") == []
    assert await snapshot(db) == before


async def test_a_file_too_big_is_refused_before_downloading(
        make_harness: Any, db: Any, clock: Any, roster: None) -> None:
    bot = await make_harness(roster_upload_max_mb=1)
    [reply] = await _send(bot, BAYU_TG, "roster.xlsx", b"x" * (1024 * 1024 + 1))
    assert reply["text"] == "The file is too big (1.0 MB); the limit is 1 MB. Not processed."
    assert bot.emu.calls_to("getFile") == []


async def test_a_report_longer_than_a_message_comes_as_a_file(
        bot: Any, db: Any, clock: Any, roster: None, tmp_path: Path) -> None:
    tables = example_tables()
    header = tables["employees"][0]
    for n in range(120):  # 120 rows with a bad NIP: one error line each
        row = list(tables["employees"][3])
        row[header.index("nip")] = f"bad-nip-{n:03d}"
        tables["employees"].append(row)
    content = _xlsx(tmp_path, tables)
    expected = await _cli_report(db, clock, content, tmp_path, "en")
    assert len(expected) > 4096
    _, result = await _send(bot, BAYU_TG, "roster.xlsx", content)
    assert result["document"]["file_name"] == "roster-import-report.txt"  # the admin reads English
    assert result["caption"].startswith("Roster not imported.\nThe import report is too long")
    [call] = bot.emu.calls_to("sendDocument")
    assert call.params["document"]["size"] == len(expected.encode())
    assert html.unescape(result["caption"]).endswith(expected.rsplit("\n", 1)[-1])


async def test_a_failed_download_or_import_is_told_plainly(
        bot: Any, db: Any, roster: None, tmp_path: Path, monkeypatch: Any) -> None:
    content = _xlsx(tmp_path, example_tables())
    bot.emu.fail_next("getFile", status=500)
    _, reply = await _send(bot, BAYU_TG, "roster.xlsx", content)
    assert reply["text"] == "The file could not be downloaded from Telegram. Send it again."

    async def broken(*args: Any, **kwargs: Any) -> tuple[bool, str]:
        raise RuntimeError("the import broke")

    monkeypatch.setattr("handlers.roster_upload.admin.import_file", broken)
    _, reply = await _send(bot, BAYU_TG, "roster.xlsx", content)
    assert reply["text"].startswith("The import failed because of an error in Hadir; nothing")
