"""What a handler gets: the shared dependencies and one interaction.

``Deps`` holds the long-lived objects (settings, database, clock) in
``bot_data``. ``Interaction`` is one update being handled: its session (one
transaction), the employee behind it, their language, and the replies to
send once the transaction has committed — so a reply never confirms
something that was rolled back. Each part of a reply (the answer to a
button, an edit, a message) is sent on its own: one that fails never keeps
the others from going out. A part Telegram refuses with RetryAfter (the
per-chat limit) is sent again after the wait it names (``Deps.sleep``), up
to ``SEND_TRIES`` times; it is logged, never reported as an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, RetryAfter
from telegram.ext import Application, CallbackContext, ExtBot

from bot.callbacks import CallbackData
from bot.clock import Clock
from bot.config import Settings
from bot.drafts import UserData
from bot.texts import text
from db.models import Employee
from db.session import Database

log = logging.getLogger(__name__)

CB = TypeVar("CB", bound=CallbackData)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
Sleep = Callable[[float], Awaitable[object]]
SEND_TRIES = 3  # a reply Telegram asks to wait for (RetryAfter): tried this often
MAX_WAIT_S = 60.0  # ... unless the wait is longer: the person's next updates would stall


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    clock: Clock
    sleep: Sleep = asyncio.sleep  # the one way handlers wait (tests pass their own)


class HadirContext(CallbackContext[ExtBot[None], UserData, dict[Any, Any], dict[Any, Any]]):
    @property
    def deps(self) -> Deps:
        return deps_of(self.application)


# the Application type handlers and jobs register on: they import it from here,
# never from bot.app (which imports them)
HadirApp = Application[Any, HadirContext, UserData, Any, Any, Any]


def deps_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Deps:
    deps: Deps = application.bot_data["deps"]
    return deps


@dataclass(frozen=True)
class _Part:
    """One part of a reply, sent after the commit."""

    send: Callable[[], Awaitable[object]]
    is_answer: bool = False  # the answer to a pressed button
    best_effort: bool = False  # a failure is logged, never reported (a menu, not a reply)
    retried: bool = True  # sent again after a RetryAfter (work run after the commit is not)


def retry_after_s(exc: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds (PTB gives an int or a timedelta)."""
    wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


async def send_within_limits(send: Callable[[], Awaitable[object]], sleep: Sleep,
                             *, what: object) -> bool:
    """Send, waiting out Telegram's RetryAfter up to ``SEND_TRIES`` tries in all;
    False when it still asked to wait (logged: a flood limit is no error)."""
    for attempt in range(1, SEND_TRIES + 1):
        try:
            await send()
            return True
        except RetryAfter as exc:
            wait = retry_after_s(exc)
            if attempt == SEND_TRIES or wait > MAX_WAIT_S:
                log.warning("%s: Telegram asks to wait %ss after %d tries; given up",
                            what, wait, attempt)
                return False
            log.info("%s: Telegram asks to wait %ss (try %d)", what, wait, attempt)
            await sleep(wait)
    return False


def _too_late_answer(exc: BadRequest) -> bool:
    """Telegram takes an answer only for a while after the press (and never
    after a restart): then the press is simply not acknowledged."""
    description = str(exc).lower()
    return "query is too old" in description or "query id is invalid" in description


@dataclass
class Interaction:
    update: Update
    context: HadirContext
    session: AsyncSession
    employee: Employee | None
    lang: str
    _after_commit: list[_Part] = field(default_factory=list)

    @property
    def deps(self) -> Deps:
        return self.context.deps

    @property
    def settings(self) -> Settings:
        return self.context.deps.settings

    def now(self) -> datetime:
        return self.context.deps.clock.now()

    @property
    def me(self) -> Employee:
        assert self.employee is not None, "handler needs a registered employee"
        return self.employee

    @property
    def user_data(self) -> UserData:
        """What PTB keeps for this user, such as the draft of a flow in progress."""
        user_data = self.context.user_data
        assert user_data is not None
        return user_data

    def pressed(self, schema: type[CB]) -> CB | None:
        """The pressed button's data in ``schema``, or None (malformed, forged,
        of another schema, or not a button at all)."""
        query = self.update.callback_query
        return schema.unpack(query.data) if query is not None else None

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def reply(self, body: str, markup: Markup | None = None) -> None:
        message = self.update.effective_message
        assert message is not None
        self._after_commit.append(_Part(lambda: message.reply_text(body, reply_markup=markup)))

    def reply_document(self, content: bytes, file_name: str, caption: str | None = None) -> None:
        """Send a file (sendDocument) to this chat; a caption must fit Telegram's 1024."""
        message = self.update.effective_message
        assert message is not None
        self._after_commit.append(_Part(lambda: message.reply_document(
            InputFile(content, filename=file_name), caption=caption)))

    def answer(self, body: str | None = None, *, alert: bool = False) -> None:
        query = self.update.callback_query
        assert query is not None
        self._after_commit.append(
            _Part(lambda: query.answer(body, show_alert=alert), is_answer=True))

    def edit(self, body: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Replace the text (or a photo's or document's caption) of the pressed
        message; a caption body must already fit Telegram's 1024 characters."""
        query = self.update.callback_query
        assert query is not None
        message = query.message
        if message is not None and getattr(message, "caption", None) is not None:
            self._after_commit.append(
                _Part(lambda: query.edit_message_caption(body, reply_markup=markup)))
        else:
            self._after_commit.append(
                _Part(lambda: query.edit_message_text(body, reply_markup=markup)))

    def after_commit(self, work: Callable[[], Awaitable[object]], *,
                     best_effort: bool = False) -> None:
        """Run ``work`` after the commit, in order with the replies; with
        ``best_effort`` a failure is only logged (publishing a menu)."""
        self._after_commit.append(_Part(work, best_effort=best_effort, retried=False))

    async def deliver(self, send: Callable[[], Awaitable[object]]) -> bool:
        """Send now, within Telegram's per-chat limit (for work run after the commit)."""
        return await send_within_limits(send, self.deps.sleep,
                                        what=f"update {self.update.update_id}")

    async def flush_replies(self) -> list[Exception]:
        """Send every queued part, each on its own; the failures that are errors.

        An edit that changes nothing (the same page pressed again), an answer
        that came too late and a part Telegram kept asking to wait for are no
        errors: the rest of the reply still went out."""
        failures: list[Exception] = []
        for part in self._after_commit:
            try:
                await (self.deliver(part.send) if part.retried else part.send())
            except Exception as exc:
                if part.best_effort:
                    log.warning("update %s: %s failed after the commit",
                                self.update.update_id, part.send, exc_info=True)
                    continue
                if not isinstance(exc, BadRequest):  # any other failure: the caller reports it
                    failures.append(exc)
                elif part.is_answer and _too_late_answer(exc):
                    log.info("update %s: button answered too late (%s)",
                             self.update.update_id, exc)
                elif "not modified" not in str(exc).lower():
                    failures.append(exc)
        self._after_commit.clear()
        return failures
