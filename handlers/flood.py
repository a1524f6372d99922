"""The per-person flood limit: ``USER_UPDATES_PER_MINUTE`` updates a minute.

Counted per Telegram user in a window of one minute from their first update
in it (time from the injected clock). The first update beyond the limit gets
one "slow down" message; it and the rest of that minute are not handled at
all (ApplicationHandlerStop before every other group), so one person sending
a hundred messages costs the others nothing. Windows that have passed are
forgotten once a minute: memory holds only the people active in the last
minute. Nothing here touches the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.context import HadirContext, send_within_limits
from bot.texts import text

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)
GROUP = -10  # before albums (-1) and every feature (0)
WINDOW = timedelta(minutes=1)
KEY = "flood_gate"  # bot_data


@dataclass
class _Window:
    started: datetime
    count: int = 0


class FloodGate:
    """Who sent how much in their current minute."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._windows: dict[int, _Window] = {}
        self._swept: datetime | None = None

    def __len__(self) -> int:
        return len(self._windows)

    def admit(self, user_id: int, now: datetime) -> int:
        """The update's number in the person's minute (beyond ``limit``: refused)."""
        self._sweep(now)
        window = self._windows.get(user_id)
        if window is None or now - window.started >= WINDOW:
            window = self._windows[user_id] = _Window(now)
        window.count += 1
        return window.count

    def _sweep(self, now: datetime) -> None:
        if self._swept is not None and now - self._swept < WINDOW:
            return
        self._swept = now
        self._windows = {user: w for user, w in self._windows.items()
                         if now - w.started < WINDOW}


def gate_of(app: Application[Any, Any, Any, Any, Any, Any]) -> FloodGate:
    gate: FloodGate | None = app.bot_data.get(KEY)
    if gate is None:
        gate = app.bot_data[KEY] = FloodGate(app.bot_data["deps"].settings.user_updates_per_minute)
    return gate


async def limit_updates(update: Update, context: HadirContext) -> None:
    deps = context.deps
    user = update.effective_user
    if user is None or deps.settings.user_updates_per_minute == 0:
        return
    moved = update.edited_message
    if moved is not None and moved.location is not None:
        return  # a live location moving: Telegram sends it every few seconds, not the person
    gate = gate_of(context.application)
    # a message counts at the time it was sent: a backlog Telegram kept while the
    # bot was down, or the inbox's replay, arrives at once but was not sent at once
    sent = update.message.date if update.message is not None else None
    number = gate.admit(user.id, sent or deps.clock.now())
    if number <= gate.limit:
        return
    if number == gate.limit + 1 and update.effective_chat is not None:
        # the language they were last answered in (no database read for a flood)
        lang = (context.user_data.lang if context.user_data else None) \
            or deps.settings.default_language
        chat_id = update.effective_chat.id
        try:
            await send_within_limits(
                lambda: context.bot.send_message(chat_id, text("flood.slow_down", lang)),
                deps.sleep, what=f"update {update.update_id}")
        except TelegramError:
            log.warning("could not tell user %s to slow down", user.id, exc_info=True)
    log.info("update %s of user %s dropped: more than %d a minute",
             update.update_id, user.id, gate.limit)
    raise ApplicationHandlerStop


def register(app: HadirApp) -> None:
    app.add_handler(TypeHandler(Update, limit_updates), group=GROUP)
