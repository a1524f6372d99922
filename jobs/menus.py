"""Converging every chat's command menu on its person's role and language.

A batch a minute (``MENU_SYNC_PER_MINUTE`` chats at most, one Bot API call
each, made one after another) publishes what differs from the bindings'
record (``bot.menus``): an import that made fifty people supervisors, a
transfer, a deactivation. Only differences are read, so an idle run is one
query; a batch that Telegram asks to wait stops and the next one goes on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from telegram.ext import Application

from bot.context import HadirContext
from bot.menus import sync_menus

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)
INTERVAL_S = 60
FIRST_RUN_S = 20  # after the start, once the bot is up


async def menus_job(context: HadirContext) -> None:
    deps = context.deps
    result = await sync_menus(context.bot, deps.db, deps.clock,
                              default_language=deps.settings.default_language,
                              limit=deps.settings.menu_sync_per_minute)
    if result.published or result.pending:
        log.info("menus: %d chats updated, %d left for the next batch",
                 result.published, result.pending)


def wake_menus(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Run a batch now (after an import changed roles); a no-op without jobs."""
    if app.job_queue is not None:
        app.job_queue.run_once(menus_job, 0, name="menus_now")


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    app.job_queue.run_repeating(menus_job, interval=INTERVAL_S, first=FIRST_RUN_S, name="menus")
