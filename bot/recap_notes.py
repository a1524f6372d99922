"""What the recap says in words, shared by the workbook, its CSV and the
replies: who it is for, the table's header and rows, the codes' legend, the
schedules and holidays of the notes sheet (Indonesian or English)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, time

from babel.dates import format_date

from bot.rules.recap import PSW_CODES, TL_CODES
from bot.rules.timefmt import long_date, month_name, zone_abbreviation
from bot.services.recap import ELSEWHERE, HOLIDAY_CELL, MonthRecap, RecapRow, ScheduleLine
from bot.texts import CATALOGUE, text

FIXED_COLUMNS = ("recap.col.no", "recap.col.nip", "recap.col.name", "recap.col.unit")
AFTER_CODES = ("recap.col.late", "recap.col.early", "recap.col.apel", "recap.col.away",
               "recap.col.deduction")
KINERJA_COLUMNS = (*FIXED_COLUMNS, "recap.col.given", "recap.col.on_time", "recap.col.done_late",
                   "recap.col.overdue", "recap.col.rate")
Value = str | int | float | None


def day_text(day: date, lang: str) -> str:
    """'8 Maret 2027'."""
    return format_date(day, "d MMMM y", locale="id" if lang == "id" else "en_GB")


def month_title(recap: MonthRecap, lang: str) -> str:
    return month_name(recap.first, lang)


def whom(recap: MonthRecap, lang: str) -> str:
    """Who the recap is for: every unit, a unit tree, a supervisor's team."""
    audience = recap.audience
    named = ", ".join(f"{u.name} ({u.code})" for u in audience.units)
    if audience.kind == "all":
        return text("recap.for.all", lang)
    if audience.kind == "team":
        team = text("recap.for.team", lang, name=audience.person or "")
        return f"{team} — {named}" if named else team
    has_more = audience.scope.unit_ids is not None and len(audience.scope.unit_ids) > len(
        audience.units)
    return text("recap.for.tree" if has_more else "recap.for.unit", lang, unit=named)


def made_text(recap: MonthRecap, lang: str) -> str:
    made = recap.made_at
    return f"{long_date(made.date(), lang)} {made:%H:%M} {zone_abbreviation(made)}"


def closed_text(recap: MonthRecap, lang: str) -> str:
    if recap.closed_until is None:
        return text("recap.none_closed", lang)
    return long_date(recap.closed_until, lang)


def file_name(recap: MonthRecap, lang: str, extension: str = "xlsx") -> str:
    """``rekap-2027-03-ORG.xlsx``: the month and the unit (or SEMUA, or the team's unit)."""
    audience = recap.audience
    codes = "-".join(u.code for u in audience.units[:3])
    if audience.kind == "all" or not codes:
        tag = text("recap.file.all", lang)
    elif audience.kind == "team":
        tag = f"{codes}-{text('recap.file.team', lang)}"
    else:
        tag = codes
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in tag)
    return f"rekap-{recap.first:%Y-%m}-{safe}.{extension}"


# --- the Rekap table ------------------------------------------------------------------


def header(recap: MonthRecap, lang: str) -> list[str]:
    return ([text(key, lang) for key in FIXED_COLUMNS] + [str(d.day) for d in recap.dates]
            + [text("recap.col.working", lang), *recap.codes]
            + [text(key, lang) for key in AFTER_CODES])


def weekday_row(recap: MonthRecap, lang: str) -> list[str]:
    """The initials of the dates' weekdays, under their numbers."""
    blank = [""] * len(FIXED_COLUMNS)
    return (blank + [text(f"recap.initial.{d.isoweekday()}", lang) for d in recap.dates]
            + [""] * (1 + len(recap.codes) + len(AFTER_CODES)))


def values(recap: MonthRecap, number: int, row: RecapRow) -> list[Value]:
    t = row.tally
    found: list[Value] = [number, row.nip, row.name, row.unit]
    found += [cell.text for cell in row.cells]
    found += [t.working, *(t.codes.get(code, 0) for code in recap.codes)]
    return [*found, t.late_minutes, t.early_minutes, t.apel_missed, t.midday_absences,
            row.deduction]


def kinerja_values(number: int, row: RecapRow) -> list[Value]:
    work = row.tasks
    return [number, row.nip, row.name, row.unit, work.given, work.done_on_time, work.done_late,
            work.overdue, work.on_time_rate]


def csv_bytes(recap: MonthRecap, lang: str) -> bytes:
    """The Rekap sheet as CSV: UTF-8 with a byte-order mark, so Excel reads
    the names and the arrows right; one header row, then a row per person."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(recap, lang))
    for number, row in enumerate(recap.rows, start=1):
        writer.writerow([_csv_safe(v) for v in values(recap, number, row)])
    return out.getvalue().encode("utf-8-sig")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: Value) -> Value:
    """A value as the CSV holds it: text that a spreadsheet would run as a
    formula (a name typed as ``=HYPERLINK(...)``) starts with a quote."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- the notes ------------------------------------------------------------------------


def _bands(limits: tuple[int, ...], lang: str) -> list[str]:
    found, low = [], 1
    for limit in limits:
        found.append(text("recap.code.band", lang, low=low, high=limit))
        low = limit + 1
    found.append(text("recap.code.last_band", lang, low=low - 1))
    return found


def legend(recap: MonthRecap, lang: str) -> list[tuple[str, str]]:
    """Each code of the Rekap sheet and what it means, with the band limits in force."""
    late, early = recap.bands
    missing_in, missing_out = recap.missing_codes
    found = [("H", text("recap.code.H", lang))]
    for codes, bands, kind, missing, note in (
            (TL_CODES, _bands(late, lang), "TL", missing_in, "recap.code.missing_in"),
            (PSW_CODES, _bands(early, lang), "PSW", missing_out, "recap.code.missing_out")):
        for code, band in zip(codes, bands, strict=False):
            meaning = text(f"recap.code.{kind}", lang, minutes=band)
            found.append((code, meaning + (text(note, lang) if code == missing else "")))
    found.append(("TK", text("recap.code.TK", lang)))
    for code in recap.codes[len(TL_CODES) + len(PSW_CODES) + 2:]:
        key = f"leave.kind.{code}"
        found.append((code, text(key, lang) if key in CATALOGUE else code))
    found += [("TL/PSW", text("recap.code.both", lang)), (HOLIDAY_CELL, text("recap.code.L", lang)),
              (ELSEWHERE, text("recap.code.elsewhere", lang)), ("", text("recap.code.open", lang))]
    return found


def _clock(at: time) -> str:
    return f"{at:%H:%M}"


def weekday_times(rows: Iterable[tuple[int, time, time]], lang: str) -> str:
    """'Senin–Kamis 08:00–15:00; Jumat 08:00–15:30': runs of weekdays with one time."""
    runs: list[tuple[int, int, time, time]] = []
    for weekday, start, end in sorted(rows):
        if runs and runs[-1][1] == weekday - 1 and runs[-1][2:] == (start, end):
            runs[-1] = (runs[-1][0], weekday, start, end)
        else:
            runs.append((weekday, weekday, start, end))
    parts = []
    for first, last, start, end in runs:
        days = text(f"recap.weekday.{first}", lang)
        if last != first:
            days += "–" + text(f"recap.weekday.{last}", lang)
        parts.append(f"{days} {_clock(start)}–{_clock(end)}")
    return "; ".join(parts)


def schedule_lines(schedules: Iterable[ScheduleLine], lang: str) -> list[tuple[str, str, str]]:
    """(code, when it holds, weekdays and times) per schedule version."""
    found = []
    for line in schedules:
        if line.valid_from is None or line.valid_to is None:
            when = text("recap.notes.always", lang)
        else:
            when = text("recap.notes.range", lang, start=day_text(line.valid_from, lang),
                        end=day_text(line.valid_to, lang))
        times = weekday_times(line.rows, lang)
        if line.works_on_holidays:
            times += text("recap.notes.works_holidays", lang)
        found.append((line.code, when, times))
    return found


def holiday_lines(recap: MonthRecap, lang: str) -> list[tuple[str, str]]:
    return [(long_date(day, lang), name) for day, name in recap.holidays]
