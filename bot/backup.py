"""``hadir backup FILE``: an online copy of an SQLite database.

SQLite's own backup API copies the database page by page while the bot keeps
running (readers and the writer are not stopped; a page written during the
copy makes the copy start that page again), so the copy is consistent. For
PostgreSQL the README shows ``pg_dump``: Hadir does not wrap it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.texts import text

PAGES_PER_STEP = 1024  # a step copies this many pages, then lets writers in


def sqlite_path(database_url: str) -> Path | None:
    """The file of an SQLite database address; None for any other database."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database:
        return None
    return Path(url.database)


def backup(settings: Settings, out: Path, lang: str) -> tuple[bool, str]:
    """Copy the database to ``out``; (ok, the line to print)."""
    source = sqlite_path(settings.database_url)
    if source is None:
        return False, text("cli.backup_postgres", lang)
    if not source.is_file():
        return False, text("cli.backup_missing", lang, path=source)
    if out.exists():
        return False, text("cli.backup_exists", lang, path=out)
    if out.resolve() == source.resolve():
        return False, text("cli.backup_same", lang)
    # read-only: a backup never writes to the live database
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as live, \
            sqlite3.connect(out) as copy:
        live.backup(copy, pages=PAGES_PER_STEP)
    with sqlite3.connect(out) as copy:
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        out.unlink()
        return False, text("cli.backup_broken", lang, problem=check)
    return True, text("cli.backup_done", lang, path=out, size=out.stat().st_size)
