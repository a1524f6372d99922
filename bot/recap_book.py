"""The monthly recap as the .xlsx operators keep: sheets "Rekap" (a code per
person and date, totals, minutes, deduction), "Kinerja" (tasks) and
"Keterangan" (codes, holidays, schedules, settings).

Each table has title rows, then a frozen header (panes below it and right of
the name columns), thin borders, column widths that fit, codes coloured as
operators colour them (H green, TL yellow to orange, PSW light blues, TK red,
leave purple, DL blue, holidays and weekends grey), and prints on A4
landscape, fit to the page width, the header repeated on every page. Written
in openpyxl's write-only mode: a province's recap streams to the file
instead of being held cell by cell in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from datetime import date
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot import recap_notes as notes
from bot.rules.recap import CODE_ORDER
from bot.services.recap import ELSEWHERE, ELSEWHERE_STATUS, HOLIDAY_CELL, Cell, MonthRecap
from bot.texts import text

SHEETS = ("Rekap", "Kinerja", "Keterangan")
HEADER_ROW = 4  # title rows 1-3, then the header; Rekap has the weekdays in row 5
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
GREY = "D9D9D9"
# the colours operators give the codes (fill, font)
FILLS: dict[str, str] = {
    "H": "E2EFDA",
    "TL1": "FFF2CC", "TL2": "FFE699", "TL3": "FFC000", "TL4": "F4B183",
    "PSW1": "DDEBF7", "PSW2": "BDD7EE", "PSW3": "9DC3E6", "PSW4": "6FA8DC",
    "TK": "FF7C80",
    "DL": "8EA9DB",
    "leave": "D9C3E9",
    "holiday": GREY, "off": GREY, ELSEWHERE_STATUS: "F2F2F2",
}
_FILL = {key: PatternFill("solid", start_color=color, end_color=color)
         for key, color in FILLS.items()}
_LEGEND_FILLS = {HOLIDAY_CELL: "holiday", ELSEWHERE: ELSEWHERE_STATUS, "TL/PSW": "TL1"}
_HEAD_FILL = PatternFill("solid", start_color="D6DCE4", end_color="D6DCE4")
_OFF_HEAD_FILL = PatternFill("solid", start_color="A6A6A6", end_color="A6A6A6")
# Arial (Liberation Sans where LibreOffice prints it): the same widths everywhere
FONT = "Arial"
_PLAIN, _BOLD = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
_TITLE = Font(name=FONT, bold=True, size=14)
_TK_FONT = Font(name=FONT, size=10, bold=True, color="9C0006")
_DIM_FONT = Font(name=FONT, size=10, color="808080")
_CENTER = Alignment(horizontal="center", vertical="center")
_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
Value = notes.Value
_CHAR = 1.15  # the width of a character of Arial 10 (bold headers, capitals) in digits


def fill_key(cell: Cell) -> str | None:
    """Which colour a date cell gets (None: plain)."""
    if cell.status in ("holiday", "off", ELSEWHERE_STATUS):
        return cell.status
    code = cell.text.split("/")[0]
    if code in _FILL:
        return code
    if cell.status == "leave":
        return "leave"
    return None


_StyleKey = tuple[int, int, int, str | None, bool]


class _Sheet:
    """A write-only sheet and the style arrays of the cells written to it.

    Setting a font or a fill on a cell hashes it into the workbook's lists,
    far too slow for the millions of cells of a province-wide recap; a cell
    made like one before gets a copy of that one's style array instead."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.page = cast(Worksheet, ws)  # a write-only sheet forwards these settings to one
        self._arrays: dict[_StyleKey, Any] = {}
        self._shared: dict[tuple[Value, _StyleKey], Any] = {}
        # every value this sheet appends is a cell made here: openpyxl's own
        # conversion first tries each as a plain value and fails (formatting an
        # error message per cell), a third of a province-wide recap's time
        ws._values_to_row = _placed  # type: ignore[attr-defined]

    def shared(self, value: Value, *, fill: PatternFill | None = None,
               font: Font | None = None, align: Alignment | None = _CENTER,
               number_format: str | None = None) -> Any:
        """A styled cell of a value that repeats (a day's code, a count): one
        object for every place it stands. A write-only sheet writes each cell
        of a row as it is appended, so the same cell may stand in many
        columns and rows; a province's month (2 million cells) then costs a
        few hundred cells instead of a cell and a style copy each."""
        key = (value, (id(fill), id(font), id(align), number_format, True))
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = self.cell(value, fill=fill, font=font, align=align,
                                                  number_format=number_format)
        return found

    def append(self, cells: list[Any]) -> None:
        self.ws.append(cells)

    def cell(self, value: Value, *, fill: PatternFill | None = None, font: Font | None = None,
             align: Alignment | None = _CENTER, number_format: str | None = None,
             border: bool = True) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # a name's control characters
        cell: Any = WriteOnlyCell(self.ws, value)  # a Cell (the stubs call it a function)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a name is text, never a formula
        key = (id(fill), id(font), id(align), number_format, border)
        found = self._arrays.get(key)
        if found is not None:
            cell._style = copy(found)
            return cell
        if border:
            cell.border = BORDER
        if fill is not None:
            cell.fill = fill
        cell.font = font or _PLAIN
        if align is not None:
            cell.alignment = align
        if number_format is not None:
            cell.number_format = number_format
        self._arrays[key] = copy(cell._style)
        return cell


def _placed(cells: Iterable[Any], row_idx: int) -> Iterator[Any]:
    """The cells of a row at their places (``WriteOnlyWorksheet._values_to_row``
    for rows of cells only: each is written before the next is placed, so a
    shared cell may stand in many places)."""
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column, cell.row = col_idx, row_idx
        yield cell


def _print_setup(sheet: _Sheet, title_rows: str, freeze: str | None) -> None:
    ws = sheet.page
    if freeze:
        ws.freeze_panes = freeze
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True


def _widths(sheet: _Sheet, widths: Iterable[float]) -> None:
    ws = sheet.page
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = round(width, 1)


def _height(sheet: _Sheet, row: int, points: float) -> None:
    """The height of a row still to be appended (write-only: read as it goes out)."""
    sheet.page.row_dimensions[row].height = points


def _text_width(values: Iterable[object], least: float, most: float) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return max(least, min(most, longest * _CHAR + 1.5))


def _name_widths(recap: MonthRecap) -> list[float]:
    return [3.6, _text_width((r.nip for r in recap.rows), 8, 21),
            _text_width((r.name for r in recap.rows), 10, 30),
            _text_width((r.unit for r in recap.rows), 6, 22)]


def _titles(ws: _Sheet, lines: Sequence[str]) -> None:
    for n, line in enumerate(lines):
        ws.append([ws.cell(line, font=_TITLE if n == 0 else None, align=_LEFT,
                           border=False)])


def _off_dates(recap: MonthRecap) -> set[date]:
    holidays = {day for day, _ in recap.holidays}
    return {d for d in recap.dates if d in holidays or d.isoweekday() >= 6}


def _rekap(ws: _Sheet, recap: MonthRecap, lang: str) -> None:
    fixed, days = len(notes.FIXED_COLUMNS), len(recap.dates)
    widths = _name_widths(recap)
    for n in range(days):  # "TL1/PSW1" is written on two lines
        longest = max((len(part) for r in recap.rows for part in r.cells[n].text.split("/")),
                      default=1)
        widths.append(max(2.9, longest * _CHAR + 1.0))
    # the totals: as wide as the longest word of their header (it wraps between words)
    for head in notes.header(recap, lang)[fixed + days:]:
        widths.append(max(3.4, max(len(word) for word in head.split()) * _CHAR + 1.2))
    # write-only: the columns and the page go out with the first row
    _widths(ws, widths)
    first_date = get_column_letter(fixed + 1)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW + 1}", f"{first_date}{HEADER_ROW + 2}")
    month = notes.month_title(recap, lang)
    _titles(ws, [text("recap.title", lang, month=month.upper()), notes.whom(recap, lang),
                 text("recap.subtitle", lang, made=notes.made_text(recap, lang),
                      closed=notes.closed_text(recap, lang))])
    off = _off_dates(recap)
    date_fill = [_OFF_HEAD_FILL if d in off else _HEAD_FILL for d in recap.dates]
    _height(ws, HEADER_ROW, 40)  # three lines of a wrapped header
    for heads in (notes.header(recap, lang), notes.weekday_row(recap, lang)):
        ws.append([ws.cell(value, font=_BOLD, align=_HEAD_ALIGN,
                           fill=date_fill[i - fixed] if fixed <= i < fixed + days else _HEAD_FILL)
                   for i, value in enumerate(heads)])
    totals = 1 + len(recap.codes) + len(notes.AFTER_CODES)
    for number, row in enumerate(recap.rows, start=1):
        values = notes.values(recap, number, row)
        line = [ws.cell(values[0]), ws.cell(values[1], align=_LEFT),
                ws.cell(values[2], align=_LEFT), ws.cell(values[3], align=_LEFT)]
        if any("/" in cell.text for cell in row.cells):  # a "TL1/PSW1" day: two lines
            _height(ws, HEADER_ROW + 1 + number, 24)
        for cell in row.cells:
            key = fill_key(cell)
            font = _TK_FONT if cell.text == "TK" else (
                _DIM_FONT if cell.status == ELSEWHERE_STATUS else None)
            line.append(ws.shared(cell.text, fill=_FILL[key] if key else None, font=font,
                                  align=_HEAD_ALIGN if "/" in cell.text else _CENTER))
        for n, value in enumerate(values[fixed + days:]):
            last = n == totals - 1
            line.append(ws.shared(value, font=_BOLD if last else (_DIM_FONT if value == 0
                                                                         else None),
                                  number_format="0.00" if last else None))
        ws.append(line)


def _kinerja(ws: _Sheet, recap: MonthRecap, lang: str) -> None:
    _widths(ws, [*_name_widths(recap), 12, 12, 12, 12, 12])
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", f"E{HEADER_ROW + 1}")
    month = notes.month_title(recap, lang)
    end = min(recap.made_at.date(), recap.last)
    _titles(ws, [text("recap.kinerja_title", lang, month=month.upper()), notes.whom(recap, lang),
                 text("recap.kinerja_note", lang, start=notes.day_text(recap.first, lang),
                      end=notes.day_text(end, lang))])
    _height(ws, HEADER_ROW, 28)
    ws.append([ws.cell(text(key, lang), font=_BOLD, align=_HEAD_ALIGN, fill=_HEAD_FILL)
               for key in notes.KINERJA_COLUMNS])
    for number, row in enumerate(recap.rows, start=1):
        values = notes.kinerja_values(number, row)
        ws.append([ws.cell(v, align=_LEFT if 1 <= i <= 3 else _CENTER,
                           number_format="0%" if i == len(values) - 1 else None)
                   for i, v in enumerate(values)])


def _section(ws: _Sheet, title: str, rows: Iterable[Sequence[Value]]) -> None:
    ws.append([])
    ws.append([ws.cell(title, font=_BOLD, fill=_HEAD_FILL, align=_LEFT),
               ws.cell(None, fill=_HEAD_FILL)])
    for label, value in rows:
        ws.append([ws.cell(label, align=_LEFT, font=_BOLD),
                   ws.cell(value, align=_LEFT)])


def _keterangan(ws: _Sheet, recap: MonthRecap, lang: str) -> None:
    """Two columns, one line a row: what it is, the codes, the holidays, the
    schedules, the settings and how it was counted."""
    _widths(ws, [44, 110])
    _print_setup(ws, "1:1", None)
    month = notes.month_title(recap, lang)
    _titles(ws, [text("recap.notes_title", lang, month=month.upper())])
    period = f"{notes.day_text(recap.first, lang)} – {notes.day_text(recap.last, lang)}"
    _section(ws, text("recap.notes.recap", lang), [
        (text("recap.notes.made", lang), notes.made_text(recap, lang)),
        (text("recap.notes.for", lang), notes.whom(recap, lang)),
        (text("recap.notes.period", lang), period),
        (text("recap.notes.closed", lang), notes.closed_text(recap, lang)),
        (text("recap.notes.people", lang), len(recap.rows))])
    ws.append([])
    ws.append([ws.cell(text("recap.notes.codes", lang), font=_BOLD, fill=_HEAD_FILL,
                       align=_LEFT), ws.cell(None, fill=_HEAD_FILL)])
    for code, meaning in notes.legend(recap, lang):
        key = _LEGEND_FILLS.get(code, code if code in _FILL else (
            "leave" if code in recap.codes and code not in CODE_ORDER else ""))
        ws.append([ws.cell(code, font=_TK_FONT if code == "TK" else _BOLD,
                           fill=_FILL.get(key)),
                   ws.cell(meaning, align=_LEFT)])
    holidays = notes.holiday_lines(recap, lang) or [(text("recap.notes.no_holidays", lang), "")]
    _section(ws, text("recap.notes.holidays", lang), holidays)
    _section(ws, text("recap.notes.schedules", lang),
             [(f"{code} ({when})", times)
              for code, when, times in notes.schedule_lines(recap.schedules, lang)])
    _section(ws, text("recap.notes.settings", lang), recap.settings)
    _section(ws, text("recap.notes.counting", lang), [
        (text(f"recap.notes.count_{k}_label", lang), text(f"recap.notes.count_{k}", lang))
        for k in ("working", "codes", "deduction", "transfer")])


def _book() -> Workbook:
    """A write-only workbook whose normal font is Arial 10: column widths count
    its digits, in Excel and in LibreOffice alike (Calibri is seldom installed
    where the PDF is made, and its stand-in is wider)."""
    book = Workbook(write_only=True)
    styles: Any = book  # openpyxl keeps the default font in private lists
    styles._fonts = IndexedList([_PLAIN])  # font 0: the Normal style's
    styles._named_styles["Normal"].font = _PLAIN
    return book


def workbook_bytes(recap: MonthRecap, lang: str) -> bytes:
    """The recap's .xlsx, sheets Rekap, Kinerja and Keterangan."""
    book = _book()
    for name, write in zip(SHEETS, (_rekap, _kinerja, _keterangan), strict=True):
        ws = book.create_sheet(name)
        write(_Sheet(ws), recap, lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
