"""Reading a recap workbook back as a person would: the Rekap rows by name
(cells, totals by header), the Kinerja rows, the Keterangan lines; and the
documents the bot sent."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook

HEADER_ROW = 4


@dataclass(frozen=True)
class RekapRow:
    nip: str
    name: str
    unit: str
    cells: list[str]  # 1..the month's last day
    totals: dict[str, Any]  # by header: HK, H, TL1, ..., Menit TL, ..., Potongan %


def book_of(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def header(book: Workbook, sheet: str = "Rekap") -> list[str]:
    ws = book[sheet]
    return [str(c.value) if c.value is not None else "" for c in ws[HEADER_ROW]]


def rekap(book: Workbook) -> dict[str, RekapRow]:
    """The Rekap sheet's people by name (rows below the header and the weekdays)."""
    ws = book["Rekap"]
    heads = header(book)
    first_date = heads.index("1")
    last_date = max(i for i, head in enumerate(heads) if head.isdigit())  # 28th..31st
    found = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 2, values_only=True):
        if row[2] is None:
            continue
        cells = ["" if v is None else str(v) for v in row[first_date:last_date + 1]]
        totals = dict(zip(heads[last_date + 1:], row[last_date + 1:], strict=True))
        found[str(row[2])] = RekapRow(str(row[1]), str(row[2]), str(row[3]), cells, totals)
    return found


def kinerja(book: Workbook) -> dict[str, dict[str, Any]]:
    ws = book["Kinerja"]
    heads = header(book, "Kinerja")
    return {str(row[2]): dict(zip(heads, row, strict=True))
            for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if row[2]}


def lines(book: Workbook, sheet: str = "Keterangan") -> list[tuple[str, str]]:
    """The notes' rows as (first column, second column)."""
    found = []
    for row in book[sheet].iter_rows(values_only=True):
        if row and row[0] is not None:
            second = row[1] if len(row) > 1 and row[1] is not None else ""
            found.append((str(row[0]), str(second)))
    return found


def documents(bot: Any, chat_id: int) -> list[tuple[str, str, bytes]]:
    """(file name, caption, bytes) of every document the bot sent to ``chat_id``."""
    found = []
    for message in bot.emu.sent_messages(chat_id):
        document = message.get("document")
        if document:
            stored = bot.emu.state.files[document["file_id"]]
            found.append((document["file_name"], message.get("caption", ""), stored.content))
    return found
