"""An admin sends the roster to the bot: the same import as ``hadir import``.

The workbook (.xlsx), or a .zip of the CSV files ``hadir import`` takes as a
folder. The role is checked first and the size (from Telegram's
``file_size``) before anything is downloaded. The import runs after this
update's transaction has committed, in its own all-or-nothing transaction
(``bot.admin.import_file``, the CLI's function), one at a time in the
process; the report is the CLI's, in the admin's language, as a file when it
is longer than a message. Then the reference cache is dropped and the menus
of people whose role changed follow (``jobs.menus``).
"""

from __future__ import annotations

import asyncio
import html
import io
import logging
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from telegram import Document, InputFile
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from bot import admin
from bot.commands import PRIVATE
from bot.context import Interaction
from handlers.kit import registered
from jobs.menus import wake_menus

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)
MB = 1024 * 1024
MESSAGE_MAX = 4000  # Telegram takes 4096 characters; the HTML of the heading counts
LOCK_KEY = "roster_import_lock"  # bot_data: one import at a time in the process
EXTENSIONS = ("xlsx", "zip", "csv")  # a lone CSV is answered with how to send one


class _BadZip(Exception):
    pass


def _extension(document: Document) -> str:
    return (document.file_name or "").rsplit(".", 1)[-1].lower()


@registered
async def roster_sent(act: Interaction) -> None:
    message = act.update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    if act.me.role != "admin":
        act.reply(act.t("roster_upload.not_admin"))
        return
    limit_mb = act.settings.roster_upload_max_mb
    if document.file_size is None or document.file_size > limit_mb * MB:
        size = f"{(document.file_size or 0) / MB:.1f}" if document.file_size else "?"
        act.reply(act.t("roster_upload.too_big", size=size, limit=limit_mb))
        return
    if _extension(document) == "csv":
        act.reply(act.t("roster_upload.csv_alone"))
        return
    act.reply(act.t("roster_upload.working"))
    act.after_commit(lambda: _import(act, document))


async def _import(act: Interaction, document: Document) -> None:
    message, deps = act.update.effective_message, act.deps
    assert message is not None
    try:
        telegram_file = await document.get_file()
        content = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        log.warning("roster upload %s: download failed", act.update.update_id, exc_info=True)
        await act.deliver(lambda: message.reply_text(act.t("roster_upload.download_failed")))
        return
    lock: asyncio.Lock = act.context.application.bot_data.setdefault(LOCK_KEY, asyncio.Lock())
    limit = act.settings.roster_upload_max_mb * MB
    with tempfile.TemporaryDirectory(prefix="hadir-roster-") as folder:
        try:
            path = _unpack(content, document, Path(folder), limit)
        except _BadZip:
            await act.deliver(lambda: message.reply_text(act.t("roster_upload.bad_zip")))
            return
        try:
            async with lock:  # a second upload waits for the first to finish
                ok, report = await admin.import_file(deps.settings, path, lang=act.lang,
                                                     clock=deps.clock, db=deps.db)
        except Exception:  # its transaction was rolled back: nothing changed
            log.exception("roster upload %s: the import failed", act.update.update_id)
            await act.deliver(lambda: message.reply_text(act.t("roster_upload.crashed")))
            return
    if ok:
        deps.db.cache.clear()  # the new schedules and holidays hold from now, not after the TTL
        wake_menus(act.context.application)  # people whose role changed get their menu
    log.info("roster upload by employee %s: %s", act.me.id, "imported" if ok else "refused")
    await _report(act, ok, report)


def _unpack(content: bytes, document: Document, folder: Path, limit: int) -> Path:
    """The file ``hadir import`` takes: the workbook itself, or a folder of the
    zip's CSV files (names only, no paths; at most ``limit`` bytes unpacked)."""
    if _extension(document) != "zip":
        path = folder / "roster.xlsx"
        path.write_bytes(content)
        return path
    csv_folder = folder / "roster"
    csv_folder.mkdir()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = [m for m in archive.infolist()
                       if not m.is_dir() and m.filename.lower().endswith(".csv")
                       and not PurePosixPath(m.filename).name.startswith(".")]
            if not members or sum(m.file_size for m in members) > limit:
                raise _BadZip
            for member in members:
                name = PurePosixPath(member.filename).name
                (csv_folder / name).write_bytes(archive.read(member))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _BadZip from exc
    return csv_folder


async def _report(act: Interaction, ok: bool, report: str) -> None:
    message = act.update.effective_message
    assert message is not None
    heading = act.t("roster_upload.done" if ok else "roster_upload.failed")
    body = f"{heading}\n{html.escape(report)}"
    if len(body) <= MESSAGE_MAX:
        await act.deliver(lambda: message.reply_text(body))
        return
    last = html.escape(report.rsplit("\n", 1)[-1][:300])
    caption = f"{heading}\n{act.t('roster_upload.as_file', last=last)}"
    await act.deliver(lambda: message.reply_document(
        InputFile(report.encode(), filename=act.t("roster_upload.file_name")), caption=caption))


def register(app: HadirApp) -> None:
    roster_files: filters.BaseFilter = filters.Document.FileExtension(EXTENSIONS[0])
    for extension in EXTENSIONS[1:]:
        roster_files = roster_files | filters.Document.FileExtension(extension)
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & PRIVATE & roster_files,
                                   roster_sent))
