"""The monthly recap of the hand-worked month (tests/month_seed.py), on SQLite
and PostgreSQL: the workbook read back cell by cell, the transferred person
counted in each unit for its own days, /rekap (/report) for each role and
each bad month, and ``hadir report``."""

from __future__ import annotations

import asyncio
import csv
import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.__main__ import main
from bot.clock import ManualClock
from bot.config import load_settings
from bot.recap_book import workbook_bytes
from bot.recap_notes import csv_bytes, file_name
from bot.services.recap import build_recap
from bot.services.recap_scope import audience_of, everyone
from bot.texts import text
from db.models import Employee, Unit
from tests import month_seed as month
from tests.month_seed import (
    BUDI_IN,
    BUDI_WORK,
    HOLIDAYS,
    KINERJA,
    MADE_AT,
    NAMES,
    NIPS,
    ORDER,
    TELEGRAM,
    TOTALS,
    UNITS,
    WIB,
    Totals,
    Work,
    cells,
    play_month,
)
from tests.queries import counted
from tests.recap_read import book_of, documents, header, kinerja, lines, rekap

FIXED = ["H", "TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK"]
ALL_CODES = [*FIXED, "CT", "CS", "DL"]  # the leave codes of the month, CT first
ORG_CODES = [*FIXED, "CS", "DL"]  # Andi's CS and Budi's DL were in ORG
DATES = [str(d) for d in range(1, 32)]
# 31 March 2027, 21:00 WIB: the 31st closed at 20:00, April not begun
LAST_EVENING = datetime(2027, 3, 31, 21, 0, tzinfo=WIB)


def totals(t: Totals, codes: list[str]) -> dict[str, Any]:
    """A row's totals as the Rekap sheet heads them."""
    return {"HK": t.working, **{code: t.codes.get(code, 0) for code in codes},
            "Menit TL": t.late, "Menit PSW": t.early, "Tdk apel": t.apel,
            "Tdk di tempat": t.away, "Potongan %": t.deduction}


def work(w: Work) -> dict[str, Any]:
    return {"Tugas diberikan": w.given, "Selesai tepat waktu": w.on_time,
            "Selesai terlambat": w.late, "Terbuka lewat tenggat": w.overdue,
            "Ketepatan waktu": w.rate}


def assert_rows(book: Any, expected: dict[str, tuple[list[str], Totals, Work]],
                codes: list[str], order: list[str]) -> None:
    """Every date cell, total and task count of every person, in this order."""
    assert header(book)[:4] == ["No", "NIP", "Nama", "Unit"]
    assert header(book)[4:] == [*DATES, "HK", *codes, "Menit TL", "Menit PSW", "Tdk apel",
                                "Tdk di tempat", "Potongan %"]
    rows, tasks = rekap(book), kinerja(book)
    assert list(rows) == [NAMES[name] for name in order]
    for name, (row_cells, row_totals, row_work) in expected.items():
        row = rows[NAMES[name]]
        assert (row.nip, row.unit) == (NIPS[name], UNITS[name]), name
        assert row.cells == row_cells, name
        assert row.totals == totals(row_totals, codes), name
        assert {k: v for k, v in tasks[NAMES[name]].items()
                if k not in ("No", "NIP", "Nama", "Unit")} == work(row_work), name


async def test_the_workbook_of_the_hand_worked_month_cell_by_cell(db: Any) -> None:
    settings = load_settings(_env_file=None)
    await play_month(db, settings)
    async with db.transaction() as s:
        made = await build_recap(s, settings, month.MONTH, everyone(), MADE_AT, WIB)
    book = book_of(workbook_bytes(made, "id"))

    assert book.sheetnames == ["Rekap", "Kinerja", "Keterangan"]
    ws = book["Rekap"]
    assert ws["A1"].value == "REKAPITULASI KEHADIRAN PEGAWAI — MARET 2027"
    assert ws["A2"].value == "Semua unit"
    assert ws["A3"].value.startswith("Dibuat Kamis, 1 April 2027 08:00 WIB · hari ditutup "
                                      "s.d. Rabu, 31 Maret 2027")
    # the weekdays under the dates: Senin 1 March ... Rabu 31 March
    assert [c.value for c in ws[5]][4:11] == ["S", "S", "R", "K", "J", "S", "M"]
    assert_rows(book, {name: (cells(name), TOTALS[name], KINERJA[name]) for name in ORDER},
                ALL_CODES, list(ORDER))

    # frozen below the header and right of the names; A4 landscape, fit to width
    assert ws.freeze_panes == "E6"
    assert book["Kinerja"].freeze_panes == "E5"
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape", 9, 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$5"
    assert book["Kinerja"].print_title_rows == "$4:$4"

    # the codes coloured as operators colour them (row 6 + position in ORDER, column E = 1st)
    def fill(name: str, day: int) -> str:
        return str(ws.cell(6 + ORDER.index(name), 4 + day).fill.start_color.rgb)[-6:]

    assert fill("wati", 2) == "FF7C80"  # TK red
    assert ws.cell(6 + ORDER.index("wati"), 6).font.color.rgb[-6:] == "9C0006"
    assert fill("hadi", 1) == "E2EFDA"  # H green
    assert [fill("andi", 1), fill("andi", 2)] == ["FFF2CC", "F4B183"]  # TL1 pale, TL4 orange
    assert [fill("budi", 5), fill("gita", 30)] == ["BDD7EE", "6FA8DC"]  # PSW light blues
    assert [fill("budi", 3), fill("andi", 17), fill("eko", 29)] == [
        "8EA9DB", "D9C3E9", "D9C3E9"]  # DL blue, CS and CT purple
    assert fill("hadi", 8) == fill("hadi", 6) == "D9D9D9"  # Nyepi, a Saturday: grey
    assert ws.column_dimensions["C"].width >= len("Sari Wulandari")

    kin = book["Kinerja"]
    assert kin["A3"].value.startswith("Tugas yang diberikan dan diterima selesai 1 Maret 2027 "
                                      "– 31 Maret 2027")
    notes = lines(book)
    assert ("Dibuat", "Kamis, 1 April 2027 08:00 WIB") in notes
    assert ("Untuk", "Semua unit") in notes and ("Jumlah pegawai", "8") in notes
    written = {8: "Senin", 9: "Selasa", 10: "Rabu", 11: "Kamis", 12: "Jumat", 15: "Senin",
               25: "Kamis", 26: "Jumat", 28: "Minggu"}
    holidays = [(f"{written[day.day]}, {day.day} Maret 2027", name)
                for day, name in HOLIDAYS.items()]
    start = notes.index(("Hari libur", ""))
    assert notes[start + 1:start + 1 + len(holidays)] == holidays
    assert ("UMUM (tetap)", "Senin–Kamis 07:30–16:00; Jumat 07:30–16:30") in notes
    assert ("UMUM (8 Februari 2027 – 9 Maret 2027)",
            "Senin–Kamis 08:00–15:00; Jumat 08:00–15:30") in notes
    for setting in (("DEDUCTION_PERCENT", "TL1=0.5,TL2=1,TL3=1.25,TL4=1.5,PSW1=0.5,PSW2=1,"
                                          "PSW3=1.25,PSW4=1.5,TK=5"),
                    ("DEDUCTION_CAP_PERCENT", "100"), ("LATE_BAND_LIMITS", "30,60,90"),
                    ("EARLY_BAND_LIMITS", "30,60,90"), ("LATE_GRACE_MINUTES", "0"),
                    ("MISSING_CHECK_IN_CODE", "TL4"), ("MISSING_CHECK_OUT_CODE", "PSW4"),
                    ("APEL_WEEKDAYS", "1"), ("HOLIDAY_CATEGORIES", "public,government")):
        assert setting in notes
    assert ("TL4", "Terlambat lebih dari 90 menit; atau tanpa absen masuk") in notes
    assert ("CS", "Cuti Sakit (CS)") in notes
    assert ("-", "Hari di unit atau tim lain (mutasi)") in notes

    # the CSV of the Rekap sheet: a byte-order mark, the same header and rows
    raw = csv_bytes(made, "id")
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == header(book)
    assert [row[2] for row in table[1:]] == [NAMES[name] for name in ORDER]
    budi = table[1 + ORDER.index("budi")]
    assert budi[3] == "ORG → KEU" and budi[4:35] == cells("budi")
    assert file_name(made, "id") == "rekap-2027-03-SEMUA.xlsx"

    # a fixed number of queries: a team of two costs what a tree of eight does
    counts = {}
    for name in ("hadi", "eko"):
        async with db.transaction() as s:
            me = await s.scalar(select(Employee).where(Employee.nip == NIPS[name]))
            audience = await audience_of(s, me)
            assert audience is not None
            with counted(db) as statements:
                found = await build_recap(s, settings, month.MONTH, audience, MADE_AT, WIB)
            counts[name] = (len(statements), len(found.rows))
    async with db.transaction() as s:
        with counted(db) as statements:
            await build_recap(s, settings, month.MONTH, everyone(), MADE_AT, WIB)
    assert counts["hadi"][1] == 8 and counts["eko"][1] == 2
    assert counts["hadi"][0] == counts["eko"][0] <= 2 * len(statements) <= 20

    # a lower cap: Gita's 6.5 and Wati's 5 stop at 5
    capped = load_settings(_env_file=None, deduction_cap_percent=5)
    async with db.transaction() as s:
        low = await build_recap(s, capped, month.MONTH, everyone(), MADE_AT, WIB)
    assert {r.name: r.deduction for r in low.rows if r.deduction >= 5} == {
        NAMES["wati"]: 5.0, NAMES["gita"]: 5.0}
    assert ("DEDUCTION_CAP_PERCENT", "5") in lines(book_of(workbook_bytes(low, "id")))


async def _ask(bot: Any, name: str, body: str) -> list[dict[str, Any]]:
    return await bot.text(TELEGRAM[name], body)


def _only_document(bot: Any, name: str, before: int) -> tuple[str, str, Any]:
    sent = documents(bot, TELEGRAM[name])
    assert len(sent) == before + 1, (name, sent)
    file, caption, content = sent[-1]
    return file, caption, book_of(content)


async def test_rekap_gives_each_role_its_people_and_each_day_to_its_unit(
        make_harness: Any, db: Any, clock: ManualClock, emulator: Any) -> None:
    await play_month(db)
    month.add_users(emulator)
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.nip == NIPS["sari"]).values(language="en"))
    bot = await make_harness()
    clock.set(LAST_EVENING)

    # the admin: everyone; no month given: this month so far
    await _ask(bot, "wati", "/rekap")
    file, caption, book = _only_document(bot, "wati", 0)
    assert file == "rekap-2027-03-SEMUA.xlsx"
    assert caption.startswith("📊 Rekap kehadiran Maret 2027\nSemua unit\n8 pegawai · hari "
                              "ditutup s.d. Rabu, 31 Maret 2027.")
    assert list(rekap(book)) == [NAMES[n] for n in ORDER]

    # the head of the secretariat: the tree, with /report
    await _ask(bot, "hadi", "/report 03-2027")
    file, caption, book = _only_document(bot, "hadi", 0)
    assert file == "rekap-2027-03-SETDA.xlsx"
    assert "Sekretariat Daerah (SETDA) dan unit di bawahnya" in caption
    assert book["Rekap"]["A2"].value == "Sekretariat Daerah (SETDA) dan unit di bawahnya"
    assert_rows(book, {n: (cells(n), TOTALS[n], KINERJA[n]) for n in ORDER}, ALL_CODES,
                list(ORDER))

    # the head of ORG: Budi's days there (1–21), his days in KEU shown as "-"
    await _ask(bot, "ratna", "/rekap 3-2027")
    file, _, book = _only_document(bot, "ratna", 0)
    assert file == "rekap-2027-03-ORG.xlsx"
    org_budi = (cells("budi")[:21] + ["-"] * 10, BUDI_IN["ORG"], BUDI_WORK["ORG"])
    assert_rows(book, {**{n: (cells(n), TOTALS[n], KINERJA[n]) for n in ("ratna", "sari",
                                                                         "andi")},
                       "budi": org_budi}, ORG_CODES, ["ratna", "sari", "andi", "budi"])

    # KEU's supervisor: his team of each day, Budi from the 22nd
    await _ask(bot, "eko", "/rekap 03-2027")
    file, caption, book = _only_document(bot, "eko", 0)
    assert file == "rekap-2027-03-KEU-TIM.xlsx" and "Tim Eko Saputra" in caption
    keu_budi = (["-"] * 21 + cells("budi")[21:], BUDI_IN["KEU"], BUDI_WORK["KEU"])
    assert_rows(book, {"budi": keu_budi, "gita": (cells("gita"), TOTALS["gita"],
                                                  KINERJA["gita"])}, FIXED, ["budi", "gita"])

    # Sari reads English: her team (Andi, and Budi until the transfer), English headers
    await _ask(bot, "sari", "/report 03-2027")
    file, caption, book = _only_document(bot, "sari", 0)
    assert file == "rekap-2027-03-ORG-TEAM.xlsx"
    assert caption.startswith("📊 Attendance recap, March 2027\nTeam of Sari Wulandari")
    assert header(book)[:4] == ["No", "NIP", "Name", "Unit"]
    assert book.sheetnames == ["Rekap", "Kinerja", "Keterangan"]
    english = rekap(book)
    assert list(english) == [NAMES["andi"], NAMES["budi"]]
    assert english[NAMES["budi"]].cells == org_budi[0]
    assert ("Made", "Wednesday, 31 March 2027 21:00 WIB") in lines(book)

    # staff: pointed to /status; a stranger: how to register; no file for either
    staff = await _ask(bot, "andi", "/rekap 03-2027")
    assert [m["text"] for m in staff] == [text("recap.staff", "id")]
    emulator.add_user(2799, "Tamu")
    stranger = await bot.text(2799, "/rekap")
    assert [m["text"] for m in stranger] == [
        "Akun Telegram ini belum terdaftar di Hadir.\n\nUntuk mendaftar, minta tautan undangan "
        "kepada operator kepegawaian di kantor Anda, lalu buka tautan itu dari ponsel ini. "
        "Tautan berlaku satu kali."]
    assert documents(bot, TELEGRAM["andi"]) == documents(bot, 2799) == []

    # a head who heads no unit any more: her team (Sari)
    async with db.transaction() as s:
        await s.execute(update(Unit).where(Unit.code == "ORG").values(head_id=None))
    await _ask(bot, "ratna", "/rekap 03-2027")
    file, _, book = _only_document(bot, "ratna", 1)
    assert file == "rekap-2027-03-ORG-TIM.xlsx" and list(rekap(book)) == [NAMES["sari"]]
    assert bot.errors == []


def test_the_table_in_the_seed_docstring_is_its_data() -> None:
    """The hand-worked table a reader sees is the one the tests check against."""
    assert month.__doc__ is not None
    table = month.__doc__.split("The Rekap sheet, by hand")[1].split("Totals, by hand")[0]
    rows = [line.split() for line in table.splitlines()[1:] if line.strip()]
    days: list[int] = []
    for token in rows[0][1:]:
        first, _, last = token.partition("-")
        days.append(int(last or first) - int(first) + 1)
    assert sum(days) == 31
    for name, *tokens in rows[1:]:
        expanded = [cell for cell, width in zip(tokens, days, strict=True) for _ in range(width)]
        assert expanded == cells(name.lower()), name


@pytest.mark.parametrize("month_text", ["13-2026", "00-2026", "abc", "99999999-2026",
                                        "12-99999", "03-2027 extra"])
def test_month_of_refuses_what_is_not_a_month(month_text: str) -> None:
    from bot.rules.recap import month_of

    with pytest.raises(ValueError):
        month_of(month_text)


async def test_rekap_refuses_bad_and_future_months_and_ignores_edits(
        make_harness: Any, db: Any, clock: ManualClock, emulator: Any) -> None:
    await month.organisation(db)  # refusals need no day
    month.add_users(emulator)
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.nip == NIPS["eko"]).values(language="en"))
    bot = await make_harness()
    clock.set(LAST_EVENING)
    for bad in ("13-2026", "00-2026", "abc", "99999999-2026"):
        replies = await _ask(bot, "wati", f"/rekap {bad}")
        assert [m["text"] for m in replies] == [
            f"Bulan tidak dikenali: {bad}. Tulis bulan dan tahun, misalnya /rekap 03-2027, "
            "atau kirim /rekap saja untuk bulan ini."], bad
        english = await _ask(bot, "eko", f"/report {bad}")
        assert english[0]["text"].startswith(f"Month not understood: {bad}. Write the month")
    future = await _ask(bot, "wati", "/rekap 04-2027")
    assert [m["text"] for m in future] == [
        "April 2027 belum dimulai. Rekap bisa dibuat untuk bulan ini atau bulan yang lalu."]
    english = await _ask(bot, "eko", "/report 05-2027")
    assert [m["text"] for m in english] == [
        "May 2027 has not begun yet. A recap can be made for this month or earlier."]
    long_ago = await _ask(bot, "wati", "/rekap 01-2020")
    assert [m["text"] for m in long_ago] == [
        "Belum ada hari yang ditutup pada Januari 2020 untuk Semua unit."]

    # an edited /rekap runs nothing
    before = len(bot.emu.sent_messages(TELEGRAM["wati"]))
    [first] = [m for m in bot.emu.state.messages.values()
               if m["from"]["id"] == TELEGRAM["wati"] and m.get("text") == "/rekap abc"]
    await bot.feed(bot.emu.edit_text(TELEGRAM["wati"], first["message_id"], "/rekap 03-2027",
                                     queue=False))
    assert len(bot.emu.sent_messages(TELEGRAM["wati"])) == before
    assert documents(bot, TELEGRAM["wati"]) == documents(bot, TELEGRAM["eko"]) == []
    assert bot.errors == []


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Any) -> Path:
    """``hadir`` in a clean folder (no .env), on this test's database."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "DATABASE_", "DEFAULT_", "DEDUCTION_", "LOG_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return tmp_path


async def hadir(*argv: str, at: datetime = MADE_AT) -> int:
    return await asyncio.to_thread(lambda: main(list(argv), clock=ManualClock(at)))


async def test_hadir_report_writes_the_workbook_and_csv_and_refuses_bad_input(
        db: Any, cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    await play_month(db)
    out = cli_env / "rekap.xlsx"
    assert await hadir("report", "--month", "2027-03", "--out", str(out), "--csv") == 0
    assert capsys.readouterr().out.strip() == (
        f"Rekap Maret 2027 (Semua unit): 8 pegawai → {out}, {cli_env / 'rekap.csv'}")
    book = book_of(out.read_bytes())
    assert_rows(book, {n: (cells(n), TOTALS[n], KINERJA[n]) for n in ORDER}, ALL_CODES,
                list(ORDER))
    table = (cli_env / "rekap.csv").read_bytes()
    assert table.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
    assert rows[0] == header(book) and len(rows) == 1 + len(ORDER)

    # one unit and the units below it (KEU has none): Budi from the 22nd
    keu = cli_env / "keu.csv"
    assert await hadir("report", "--month", "2027-03", "--unit", "keu", "--out", str(keu),
                       "--lang", "en") == 0
    assert capsys.readouterr().out.strip() == (
        f"Recap March 2027 (Bagian Keuangan (KEU)): 3 employees → {keu}")
    assert not (cli_env / "keu.xlsx").exists()
    keu_rows = list(csv.reader(io.StringIO(keu.read_text(encoding="utf-8-sig"))))
    assert [r[2] for r in keu_rows[1:]] == [NAMES["eko"], NAMES["budi"], NAMES["gita"]]
    assert keu_rows[2][4:35] == ["-"] * 21 + cells("budi")[21:]

    for argv, line in (
            (["--month", "2027-13"], "Bulan tidak dikenali: 2027-13 (tulis YYYY-MM, mis. 2027-03)"),
            (["--month", "maret"], "Bulan tidak dikenali: maret (tulis YYYY-MM, mis. 2027-03)"),
            (["--month", "2027-05"], "Mei 2027 belum dimulai: tidak ada yang ditulis."),
            (["--month", "2027-03", "--unit", "NOPE"], "Unit tidak dikenal: NOPE")):
        target = cli_env / "bad.xlsx"
        assert await hadir("report", *argv, "--out", str(target)) == 1, argv
        captured = capsys.readouterr()
        assert captured.err.strip() == line and captured.out == ""
        assert not target.exists()
    missing = cli_env / "no-such-folder" / "r.xlsx"
    assert await hadir("report", "--month", "2027-03", "--out", str(missing)) == 1
    assert capsys.readouterr().err.strip().startswith(f"Tidak dapat menulis {missing}: ")


async def test_rekap_inside_a_flow_ends_the_flow_and_sends_the_workbook(
        make_harness: Any, db: Any, clock: ManualClock, emulator: Any) -> None:
    await play_month(db)
    month.add_users(emulator)
    bot = await make_harness()
    clock.set(LAST_EVENING)
    await _ask(bot, "sari", "/tugasbaru")
    await _ask(bot, "sari", "/rekap")
    file, _, _ = _only_document(bot, "sari", 0)
    assert file.startswith("rekap-2027-03-")
    [hint] = await _ask(bot, "sari", "halo")  # the flow has ended: free text is no answer in it
    assert hint["text"] == "Saya hanya mengerti perintah. Ketik /bantuan untuk daftar perintah."
    assert bot.errors == []
