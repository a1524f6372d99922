"""The /dataku workbook: one sheet per part of a person's data, headings in
their language, dates as "8 Maret 2027" and times as "07:42 WIB" (in the
office's zone for a check-in, else the person's home zone).

Written in openpyxl's write-only mode, row by row: a long history streams
to the file instead of being held cell by cell.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.recap_notes import day_text
from bot.rules.timefmt import local_time
from bot.services.access_log import OWN_DATA
from bot.services.own_data import OwnData, Row
from bot.texts import CATALOGUE, text

SHEETS = ("profile", "events", "days", "positions", "presence", "leave", "tasks",
          "task_events", "marks", "alerts", "accesses")
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", start_color="D6DCE4", end_color="D6DCE4")
_WIDTH_MAX = 60


class _Values:
    """How one person's values read in their language."""

    def __init__(self, lang: str, home: ZoneInfo) -> None:
        self.lang, self.home = lang, home

    def day(self, value: date | None) -> str | None:
        return day_text(value, self.lang) if value is not None else None

    def moment(self, value: datetime | None, zone: str | ZoneInfo | None = None) -> str | None:
        if value is None:
            return None
        tz = ZoneInfo(zone) if isinstance(zone, str) else (zone or self.home)
        return f"{day_text(value.astimezone(tz).date(), self.lang)} {local_time(value, tz)}"

    def yes(self, value: object) -> str:
        return text("privacy.yes" if value else "privacy.no", self.lang)

    def named(self, prefix: str, value: object) -> object:
        """A status or kind in words when the catalogue has them, else as stored."""
        if value is None:
            return None
        raw = getattr(value, "value", value)
        key = f"{prefix}.{raw}"
        return text(key, self.lang) if key in CATALOGUE else raw


def _cell(ws: WriteOnlyWorksheet, value: object, *, head: bool = False) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell: Any = WriteOnlyCell(ws, cast(Any, value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # typed text is never a formula
    if head:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
    return cell


def _sheet(book: Workbook, key: str, lang: str, rows: Iterable[Sequence[object]],
           widths: Sequence[float] | None = None) -> None:
    ws = book.create_sheet(text(f"privacy.sheet.{key}", lang))
    heads = text(f"privacy.head.{key}", lang).split("|")
    for number, head in enumerate(heads, start=1):  # write-only: before the first row
        width = widths[number - 1] if widths else max(12, len(head) + 4)
        ws.column_dimensions[get_column_letter(number)].width = min(width, _WIDTH_MAX)
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, head, head=True) for head in heads])
    empty = True
    for row in rows:
        empty = False
        ws.append([_cell(ws, value) for value in row])
    if empty:
        ws.append([_cell(ws, text("privacy.none", lang))])


def _profile(data: OwnData, v: _Values, made: datetime, retention: int) -> list[Row]:
    p = data.profile
    def label(key: str) -> str:
        return text(f"privacy.profile.{key}", v.lang)
    return [
        (label("name"), p.name), (label("nip"), p.nip), (label("unit"), p.unit),
        (label("role"), text(f"privacy.role.{p.role}", v.lang)),
        (label("supervisor"), p.supervisor or "-"), (label("offices"), ", ".join(p.offices)),
        (label("schedule"), p.schedule_code), (label("language"), p.language or "-"),
        (label("active"), v.yes(p.active)),
        (label("telegram_id"), str(p.telegram_user_id) if p.telegram_user_id else "-"),
        (label("telegram_username"), f"@{p.telegram_username}" if p.telegram_username else "-"),
        (label("bound_at"), v.moment(p.bound_at) or "-"),
        (label("made_at"), v.moment(made)),
        (label("retention"), text("privacy.days", v.lang, days=retention)),
    ]


def _parts(data: OwnData, v: _Values) -> dict[str, Callable[[], Iterable[Sequence[object]]]]:
    """Each sheet's rows, made as they are written."""
    def events() -> Iterable[Row]:
        for (work_date, kind, at, zone, office, lat, lon, accuracy, distance, code, minutes,
             day_type, live) in data.events:
            yield (v.day(work_date), text(f"privacy.kind.{kind}", v.lang), v.moment(at, zone),
                   office, lat, lon, accuracy, distance, code, minutes, day_type,
                   v.yes(live is not None))

    def positions() -> Iterable[Row]:
        for at, zone, lat, lon, accuracy, distance in data.positions:
            yield v.moment(at, zone), lat, lon, accuracy, distance

    def days() -> Iterable[Row]:
        for (work_date, status, code, in_code, out_code, late, early, apel, away, unit,
             holiday) in data.days:
            yield (v.day(work_date), status, code, in_code, out_code, late, early, v.yes(apel),
                   away, unit, holiday)

    def presence() -> Iterable[Row]:
        for work_date, asked, answered, result, lat, lon, distance, place in data.presence:
            yield (v.day(work_date), v.moment(asked), v.moment(answered), result, lat, lon,
                   distance, place)

    def leave() -> Iterable[Row]:
        for (kind, status, start, end, start_at, end_at, working, reason, attachment, lat, lon,
             requested, approver, decider, decided, note) in data.leave:
            hours = (f"{local_time(start_at, v.home)}–{local_time(end_at, v.home)}"
                     if start_at is not None and end_at is not None else None)
            yield (v.named("leave.kind", kind), v.named("leave.status", status), v.day(start),
                   v.day(end), hours, working, reason, attachment, lat, lon, v.moment(requested),
                   approver, decider, v.moment(decided), note)

    def tasks() -> Iterable[Row]:
        for (mine, title, description, other, deadline, priority, status, progress, given,
             done) in data.tasks:
            yield (text("privacy.to_me" if mine else "privacy.by_me", v.lang), title,
                   description, other, v.moment(deadline), priority,
                   v.named("tasks.status", status), progress, v.moment(given), v.moment(done))

    def task_events() -> Iterable[Row]:
        for title, at, actor, kind, before, after, percent, note, evidence in data.task_events:
            yield (title, v.moment(at), actor, kind, v.named("tasks.status", before),
                   v.named("tasks.status", after), percent, note, evidence)

    def marks() -> Iterable[Row]:
        for (work_date, kind, code, at, reason, excuser, excused, why, cleared) in data.marks:
            yield (v.day(work_date), kind, code, v.moment(at), reason, excuser,
                   v.moment(excused), why, v.moment(cleared))

    def alerts() -> Iterable[Row]:
        for kind, work_date, created in data.alerts:
            yield kind, v.day(work_date), v.moment(created)

    def accesses() -> Iterable[Row]:
        for seen in data.accesses:
            period = (text("privacy.all_data", v.lang) if seen.view == OWN_DATA
                      else v.day(seen.first) if seen.first == seen.last
                      else f"{v.day(seen.first)} – {v.day(seen.last)}")
            yield (v.moment(seen.at), seen.viewer_name or "-",
                   text(f"privacy.role.{seen.viewer_role}", v.lang)
                   if f"privacy.role.{seen.viewer_role}" in CATALOGUE else seen.viewer_role,
                   text(f"privacy.view.{seen.view}", v.lang), period)

    return {"events": events, "days": days, "positions": positions, "presence": presence,
            "leave": leave, "tasks": tasks, "task_events": task_events, "marks": marks,
            "alerts": alerts, "accesses": accesses}


def own_data_bytes(data: OwnData, lang: str, home: ZoneInfo, made: datetime,
                   retention_days: int) -> bytes:
    """The person's data as an .xlsx, a sheet per part (``SHEETS``)."""
    values = _Values(lang, home)
    book = Workbook(write_only=True)
    _sheet(book, "profile", lang, _profile(data, values, made, retention_days), [32, 50])
    for key, rows in _parts(data, values).items():
        _sheet(book, key, lang, rows())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(nip: str, day: date, lang: str) -> str:
    """``dataku-199304182019031005-2027-03-08.xlsx``."""
    safe = "".join(c for c in nip if c.isalnum())
    return f"{text('privacy.file', lang)}-{safe}-{day.isoformat()}.xlsx"
