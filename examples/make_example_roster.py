"""Write the example roster as ``examples/roster.xlsx`` and ``examples/roster/*.csv``.

Both come from ``ROSTER`` below, so they always hold the same rows. An admin
can copy the workbook, keep the "petunjuk" sheet (instructions, ignored by
the importer) and replace the rows with those of their own agency, then run
``hadir import roster.xlsx``.

    python examples/make_example_roster.py
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

HERE = Path(__file__).resolve().parent
TEXT_FORMAT = "@"  # Excel's "Text": keeps all 18 digits of a NIP
DATE_FORMAT = "yyyy-mm-dd"
DATE_COLUMNS = ("valid_from", "valid_to", "date", "effective_from")
STAMP = b"2026-11-23T00:00:00Z"  # document dates of the workbook


@dataclass(frozen=True)
class Col:
    name: str
    required: bool
    help: str  # shown on the "petunjuk" sheet
    width: int
    text: bool = False  # formatted as Text in the workbook
    choices: tuple[str, ...] = ()  # a drop-down list in the workbook


@dataclass(frozen=True)
class Sheet:
    name: str
    purpose: str
    columns: tuple[Col, ...]
    rows: tuple[tuple[object, ...], ...]


TIMEZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
RAMADAN_2027 = (date(2027, 2, 8), date(2027, 3, 9))
DAY_STATUSES = ("libur", "masuk")

# NIP of a PNS: birth date (8) + month the person became CPNS (6) + sex (1: man,
# 2: woman) + sequence (3).
KABAG_ORG = "197806152005011003"
KASUBBAG_KLB = "198503122010011001"
KABAG_UMUM = "197912302006042004"

ROSTER: tuple[Sheet, ...] = (
    Sheet(
        "offices",
        "Kantor tempat absen: titik pusat dan radius geofence.",
        (
            Col("code", True, "Kode kantor, unik, tanpa spasi (huruf, angka, - _ .).", 10),
            Col("name", True, "Nama kantor.", 48),
            Col(
                "latitude",
                True,
                "Lintang titik pusat, -90 s.d. 90 (selatan khatulistiwa "
                "negatif), titik sebagai pemisah desimal.",
                12,
            ),
            Col("longitude", True, "Bujur titik pusat, -180 s.d. 180.", 12),
            Col(
                "radius_m",
                True,
                "Radius geofence dalam meter, lebih dari 0 dan paling besar 5000.",
                10,
            ),
            Col(
                "timezone",
                True,
                "Zona waktu kantor: Asia/Jakarta atau Asia/Pontianak (WIB), "
                "Asia/Makassar (WITA), Asia/Jayapura (WIT).",
                16,
                choices=TIMEZONES,
            ),
        ),
        (
            (
                "SETDA",
                "Sekretariat Daerah Kabupaten Musi Banyuasin",
                -2.8772,
                103.8455,
                150,
                "Asia/Jakarta",
            ),
            (
                "MPP",
                "Mal Pelayanan Publik Kabupaten Musi Banyuasin",
                -2.8856,
                103.8520,
                100,
                "Asia/Jakarta",
            ),
        ),
    ),
    Sheet(
        "units",
        "Unit kerja dan susunannya.",
        (
            Col("code", True, "Kode unit, unik, tanpa spasi.", 10),
            Col("name", True, "Nama unit.", 32),
            Col(
                "parent_code",
                False,
                "Kode unit induk; kosong untuk unit puncak. Tidak boleh "
                "berputar (A induk B, B induk A).",
                12,
            ),
            Col("office_code", True, "Kode kantor unit (lembar offices atau yang sudah ada).", 12),
            Col(
                "head_nip",
                False,
                "NIP kepala unit (lembar employees atau yang sudah ada); kosongkan bila belum ada.",
                22,
                text=True,
            ),
        ),
        (
            ("SETDA", "Sekretariat Daerah", "", "SETDA", ""),
            ("ORG", "Bagian Organisasi", "SETDA", "SETDA", KABAG_ORG),
            ("UMUM-B", "Bagian Umum", "SETDA", "SETDA", KABAG_UMUM),
            ("ORG-KLB", "Subbagian Kelembagaan", "ORG", "SETDA", KASUBBAG_KLB),
        ),
    ),
    Sheet(
        "schedules",
        "Jadwal kerja: satu baris per hari. Baris bertanggal (valid_from/valid_to) "
        "menggantikan baris biasa pada rentang itu, misalnya jadwal Ramadan. Semua baris "
        "satu kode di berkas ini menggantikan baris kode itu di basis data.",
        (
            Col("code", True, "Kode jadwal, dipakai di kolom schedule_code pegawai.", 12),
            Col(
                "weekday",
                True,
                "Hari: 1 Senin, 2 Selasa, ... 7 Minggu. Satu baris per kode "
                "dan hari (per rentang untuk baris bertanggal).",
                9,
            ),
            Col("start", True, "Jam masuk JJ:MM, waktu setempat kantor.", 8, text=True),
            Col(
                "end",
                True,
                "Jam pulang JJ:MM. Bila tidak lebih dari jam masuk, shift "
                "berakhir keesokan harinya (shift malam).",
                8,
                text=True,
            ),
            Col(
                "valid_from",
                False,
                "Awal berlaku (TTTT-BB-HH); isi bersama valid_to atau "
                "kosongkan keduanya. Rentang satu kode tidak boleh tumpang tindih.",
                12,
            ),
            Col("valid_to", False, "Akhir berlaku (TTTT-BB-HH), tidak sebelum valid_from.", 12),
            Col(
                "on_holidays",
                False,
                "Pada libur nasional dan cuti bersama: libur (kosong = libur) atau masuk "
                "(unit pelayanan langsung: rumah sakit, Satpol PP, MPP). Berlaku untuk "
                "seluruh kode; semua baris satu kode harus sama. Bila masuk, keterlambatan "
                "(TL) dan pulang cepat (PSW) dihitung seperti hari kerja biasa.",
                11,
                choices=DAY_STATUSES,
            ),
        ),
        (
            *(("UMUM", day, "07:30", "16:00", None, None, None) for day in (1, 2, 3, 4)),
            ("UMUM", 5, "07:30", "16:30", None, None, None),
            *(("UMUM", day, "08:00", "15:00", *RAMADAN_2027, None) for day in (1, 2, 3, 4)),
            ("UMUM", 5, "08:00", "15:30", *RAMADAN_2027, None),
            # the MPP front office serves every day, national holidays included
            *(("SHIFT-PAGI", day, "07:00", "14:00", None, None, "masuk") for day in range(1, 8)),
        ),
    ),
    Sheet(
        "employees",
        "Pegawai. Pegawai yang tidak ada di berkas tidak diubah dan tidak dinonaktifkan; "
        "untuk menonaktifkan isi kolom active dengan tidak.",
        (
            Col(
                "nip",
                True,
                "NIP, 8 s.d. 20 angka (PNS 18 angka). Format kolom ini sebagai "
                "Teks agar digit terakhir tidak hilang.",
                22,
                text=True,
            ),
            Col("name", True, "Nama lengkap dengan gelar.", 34),
            Col("unit_code", True, "Kode unit kerja.", 11),
            Col(
                "role",
                True,
                "Peran di bot: staff, supervisor (atasan langsung), head (kepala unit: harus "
                "head_nip sebuah unit di lembar units), admin.",
                11,
                choices=("staff", "supervisor", "head", "admin"),
            ),
            Col(
                "supervisor_nip",
                False,
                "NIP atasan langsung; bukan dirinya sendiri, tidak boleh berputar.",
                22,
                text=True,
            ),
            Col(
                "schedule_code",
                True,
                "Kode jadwal kerja (lembar schedules atau yang sudah ada).",
                14,
            ),
            Col(
                "office_codes",
                False,
                "Kantor tempat boleh absen, dipisah titik koma "
                "(SETDA;MPP). Kosong: kantor unitnya.",
                14,
            ),
            Col(
                "language",
                False,
                "Bahasa bot: id atau en. Kosong: pegawai baru memakai "
                "bahasa bawaan, pegawai lama tetap dengan pilihannya.",
                10,
                choices=("id", "en"),
            ),
            Col(
                "active",
                False,
                "Aktif: ya atau tidak (juga true/false, 1/0, aktif/nonaktif). tidak: pegawai "
                "tidak menerima dan tidak dapat melakukan apa pun lagi, dan pekerjaan yang "
                "menunggunya diteruskan ke atasan berikutnya. Kosong: pegawai baru aktif, "
                "pegawai lama tidak diubah (juga yang dinonaktifkan dengan hadir employee "
                "deactivate).",
                8,
                choices=("ya", "tidak"),
            ),
            Col(
                "effective_from",
                False,
                "Mutasi: tanggal mulai berlakunya unit_code, supervisor_nip atau "
                "schedule_code yang berubah (TTTT-BB-HH atau HH-BB-TTTT). Kosong: hari impor. "
                "Tidak boleh sesudah hari ini, sebelum mutasi terakhir pegawai itu, atau lebih "
                "dari 62 hari lalu. Hari yang sudah ditutup sejak tanggal itu ikut pindah ke "
                "unit dan atasan baru. Baris yang tidak mengubah ketiganya tidak dicatat.",
                14,
            ),
        ),
        (
            (KABAG_ORG, "Drs. H. Ahmad Fauzi, M.Si.", "ORG", "head", "", "UMUM", "", "id", ""),
            (
                KASUBBAG_KLB,
                "Muhammad Rizki Pratama, S.Sos.",
                "ORG-KLB",
                "supervisor",
                KABAG_ORG,
                "UMUM",
                "",
                "id",
                "",
            ),
            (
                "199107242015032002",
                "Dewi Anggraini, S.AP.",
                "ORG-KLB",
                "staff",
                KASUBBAG_KLB,
                "UMUM",
                "",
                "id",
                "",
            ),
            (
                "199304182019031005",
                "Andi Saputra, S.H.",
                "ORG-KLB",
                "staff",
                KASUBBAG_KLB,
                "UMUM",
                "",
                "id",
                "",
            ),
            (
                "199512032020122011",
                "Putri Ayu Lestari, A.Md.",
                "ORG-KLB",
                "staff",
                KASUBBAG_KLB,
                "UMUM",
                "SETDA;MPP",
                "id",
                "",
            ),
            (
                KABAG_UMUM,
                "Hj. Sri Wahyuni, S.Sos., M.M.",
                "UMUM-B",
                "head",
                "",
                "UMUM",
                "",
                "id",
                "",
            ),
            (
                "198811092014021001",
                "Yudi Hartono",
                "UMUM-B",
                "staff",
                KABAG_UMUM,
                "SHIFT-PAGI",
                "MPP",
                "id",
                "",
            ),
            (
                "199009142019031002",
                "Bayu Prasetyo, S.Kom.",
                "UMUM-B",
                "admin",
                KABAG_UMUM,
                "UMUM",
                "",
                "en",
                "",
            ),
        ),
    ),
    Sheet(
        "holidays",
        "Libur daerah dan pengecualian instansi (boleh tidak ada). Libur nasional dan cuti "
        "bersama sudah dikenal bot.",
        (
            Col("date", True, "Tanggal (TTTT-BB-HH), unik.", 12),
            Col("name", True, "Nama hari libur, atau keterangan hari masuk.", 48),
            Col(
                "status",
                False,
                "libur (kosong = libur): hari libur instansi. masuk: instansi tetap bekerja "
                "walaupun tanggal itu libur nasional atau cuti bersama (misalnya cuti "
                "bersama yang dibatalkan); hari itu menjadi hari kerja biasa bagi semua.",
                8,
                choices=DAY_STATUSES,
            ),
        ),
        (
            (date(2027, 3, 25), "Cuti Bersama Wafat Yesus Kristus dibatalkan", "masuk"),
            (date(2027, 9, 28), "Hari Jadi ke-71 Kabupaten Musi Banyuasin", "libur"),
        ),
    ),
)

GENERAL_NOTES = (
    "Petunjuk pengisian roster Hadir",
    "Lembar ini hanya petunjuk dan diabaikan saat impor (hadir import roster.xlsx).",
    "Baris 1 tiap lembar adalah nama kolom; jangan diubah. Kolom tambahan ditolak.",
    "Impor memeriksa semua baris dulu. Bila ada satu kesalahan, tidak ada data yang "
    "disimpan; perbaiki baris yang disebut lalu impor ulang.",
    "Impor ulang berkas yang sama aman: data diperbarui menurut kode, NIP, atau tanggal.",
    "Berkas CSV juga diterima: satu folder berisi offices.csv, units.csv, schedules.csv, "
    "employees.csv, dan holidays.csv (pemisah koma atau titik koma).",
)


def _plain(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _rows(sheet: Sheet) -> list[tuple[object, ...]]:
    """The sheet's rows, empty at the end for optional columns they leave out."""
    return [row + ("",) * (len(sheet.columns) - len(row)) for row in sheet.rows]


def write_csv(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in ROSTER:
        with (folder / f"{sheet.name}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(col.name for col in sheet.columns)
            writer.writerows([_plain(value) for value in row] for row in _rows(sheet))


def _bold(row: tuple[Cell, ...]) -> None:
    for cell in row:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")


def _instructions(wb: Workbook) -> None:
    ws = wb.active
    ws.title = "petunjuk"
    for line in GENERAL_NOTES:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["Lembar", "Kolom", "Wajib", "Keterangan"])
    _bold(ws[ws.max_row])
    for sheet in ROSTER:
        ws.append([sheet.name, "", "", sheet.purpose])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for col in sheet.columns:
            ws.append(["", col.name, "ya" if col.required else "tidak", col.help])
    for letter, width in zip("ABCD", (12, 16, 8, 100), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=len(GENERAL_NOTES) + 2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(path: Path) -> None:
    wb = Workbook()
    _instructions(wb)
    for sheet in ROSTER:
        ws = wb.create_sheet(sheet.name)
        ws.append([col.name for col in sheet.columns])
        for row in _rows(sheet):
            ws.append(list(row))
        _bold(ws[1])
        ws.freeze_panes = "A2"
        for index, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            number_format = (
                TEXT_FORMAT if col.text else DATE_FORMAT if col.name in DATE_COLUMNS else None
            )
            ws.column_dimensions[letter].width = col.width
            if number_format:
                # the column's own format applies to the rows an admin adds later
                ws.column_dimensions[letter].number_format = number_format
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
            if col.choices:
                check = DataValidation(
                    type="list", formula1=f'"{",".join(col.choices)}"', allow_blank=not col.required
                )
                check.add(f"{letter}2:{letter}1000")
                ws.add_data_validation(check)
    wb.properties.creator = "Hadir"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_reproducible(buffer.getvalue()))


def _reproducible(xlsx: bytes) -> bytes:
    """The same bytes on every run: fixed zip times and document dates, so
    regenerating the example does not show up as a change."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + STAMP, data)
            entry = zipfile.ZipInfo(item.filename, date_time=(2026, 11, 23, 0, 0, 0))
            target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    write_workbook(HERE / "roster.xlsx")
    write_csv(HERE / "roster")
    print(f"wrote {HERE / 'roster.xlsx'} and {HERE / 'roster'}/*.csv")


if __name__ == "__main__":
    main()
