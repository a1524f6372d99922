"""``hadir report --month YYYY-MM [--unit CODE] --out FILE.xlsx [--csv]``: the
monthly recap /rekap sends, for everyone (or a unit and the units below it),
written to a file.

``--out`` ending in ``.csv`` writes the Rekap sheet as CSV only; otherwise
the workbook, and with ``--csv`` also the CSV beside it (same name, ``.csv``).
The CSV is UTF-8 with a byte-order mark, so Excel opens it with the names
and arrows right. One line says what was written; a bad month, a month not
begun, an unknown unit or a file that cannot be written is one line and a
non-zero exit.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from bot import recap_notes
from bot.clock import Clock
from bot.config import Settings
from bot.recap_book import workbook_bytes
from bot.rules.recap import month_of
from bot.rules.timefmt import month_name
from bot.services import access_log
from bot.services.recap import build_recap
from bot.services.recap_data import units
from bot.services.recap_scope import everyone, unit_audience
from bot.texts import text
from db.session import Database

DEFAULT_ZONE = "Asia/Jakarta"  # a recap of everyone, in a database without units


def outputs(out: Path, with_csv: bool) -> tuple[Path | None, Path | None]:
    """Where the workbook and the CSV go."""
    if out.suffix.lower() == ".csv":
        return None, out
    return out, out.with_suffix(".csv") if with_csv else None


async def write_report(settings: Settings, *, month: str, unit: str | None, out: Path,
                       with_csv: bool, lang: str, clock: Clock) -> tuple[bool, str]:
    """Write the recap; (ok, the line to print)."""
    try:
        first = month_of(month)
    except ValueError:
        return False, text("cli.report_bad_month", lang, value=month[:40])
    db = Database(settings.database_url)
    try:
        async with db.transaction() as session:
            if unit:
                audience = await unit_audience(session, unit)
                if audience is None:
                    return False, text("cli.report_unknown_unit", lang, code=unit[:40])
                zone = audience.units[0].tz
            else:
                audience = everyone()
                roots = [u for u in (await units(session)).values() if u.parent_id is None]
                zone = min(roots, key=lambda u: u.code).tz if roots else ZoneInfo(DEFAULT_ZONE)
            now = clock.now()
            if first > now.astimezone(zone).date().replace(day=1):
                return False, text("cli.report_future", lang, month=month_name(first, lang))
            recap = await build_recap(session, settings, first, audience, now, zone)
            if recap.rows:  # the operator saw these people's month (UU 27/2022)
                access_log.record_scope(session, at=now, viewer=None,
                                        view=access_log.REPORT_CLI, first=recap.first,
                                        last=recap.last, scope=audience.scope)
    finally:
        await db.dispose()
    book, table = outputs(out, with_csv)
    written = []
    try:
        if book is not None:
            book.write_bytes(workbook_bytes(recap, lang))
            written.append(str(book))
        if table is not None:
            table.write_bytes(recap_notes.csv_bytes(recap, lang))
            written.append(str(table))
    except OSError as exc:
        return False, text("cli.report_cannot_write", lang, path=out,
                           reason=exc.strerror or type(exc).__name__)
    return True, text("cli.report_written", lang, month=month_name(first, lang),
                      whom=recap_notes.whom(recap, lang), rows=len(recap.rows),
                      files=", ".join(written))
