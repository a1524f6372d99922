"""The one place that builds the Application (production, demo and tests)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram import BotCommandScopeAllPrivateChats, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot import metrics
from bot.clock import SYSTEM_CLOCK, Clock
from bot.commands import bot_commands
from bot.config import Settings
from bot.context import Deps, HadirApp, HadirContext, Sleep
from bot.drafts import UserData
from bot.inbox import UpdateInbox, inbox_of
from bot.leader import ROLE_KEY, STANDBY
from bot.persistence import SqlPersistence
from bot.pipeline import PerUserProcessor
from db.session import Database
from handlers import register_all
from jobs import schedule_all

log = logging.getLogger(__name__)

async def _post_init(app: HadirApp) -> None:
    # the staff menu, Indonesian names by default and English aliases for
    # English-language clients; managers' chats get theirs from bot.menus
    scope = BotCommandScopeAllPrivateChats()
    await app.bot.set_my_commands(bot_commands("id"), scope=scope)
    await app.bot.set_my_commands(bot_commands("en"), scope=scope, language_code="en")
    log.info("Hadir is up as @%s", app.bot.username)
    # before polling and jobs start: what a crash left unhandled (a standby
    # replays when it starts leading: bot.runner)
    if (inbox := inbox_of(app)) and app.bot_data.get(ROLE_KEY) != STANDBY:
        await inbox.replay(app)


async def _after_update(app: HadirApp, update: object) -> None:
    """Once an update went through every handler, still in its person's turn:
    mark it handled if no handler did, and write the flow state it changed."""
    if inbox := inbox_of(app):
        await inbox.settle(update)
    await app.update_persistence()


async def _post_shutdown(app: HadirApp) -> None:
    if app.bot_data.get("owns_db"):
        await app.bot_data["deps"].db.dispose()


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    token: str | None = None,
    with_jobs: bool = True,
    sleep: Sleep | None = None,
) -> HadirApp:
    """Wire settings, database, clock, handlers and jobs into one Application.

    ``token`` overrides the settings' token (the demo uses the emulator's);
    ``sleep`` is how handlers wait out Telegram's RetryAfter (tests pass theirs).
    """
    token = token or settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base = settings.telegram_api_base_url
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        tzinfo=ZoneInfo(settings.default_timezone),
    )
    clock = clock or SYSTEM_CLOCK
    owns_db = database is None
    database = database or Database(settings.database_url,
                                    cache_ttl_s=settings.reference_cache_ttl_s)
    # one person's updates in order, different people's at the same time; each
    # update in the database before Telegram hears it arrived; flows kept there
    processor = PerUserProcessor(settings.max_concurrent_updates)
    # the job queue's type is left open: job_queue(None) below changes it
    builder: ApplicationBuilder[Any, HadirContext, Any, Any, Any, Any] = (
        Application.builder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .defaults(defaults)
        .context_types(ContextTypes(context=HadirContext, user_data=UserData))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(processor)
        .update_queue(UpdateInbox(database, clock))
        .persistence(SqlPersistence(database))
    )
    if not with_jobs:
        builder = builder.job_queue(None)
    app: HadirApp = builder.build()
    metrics.install(app)  # its own registry: counts updates, errors; served at /metrics
    processor.after = lambda update: _after_update(app, update)
    app.bot_data["owns_db"] = owns_db
    app.bot_data["deps"] = Deps(settings=settings, db=database, clock=clock,
                                 sleep=sleep or asyncio.sleep)
    register_all(app)
    if app.job_queue is not None:
        schedule_all(app)
    return app
