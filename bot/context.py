"""What a handler gets: the shared dependencies and one interaction.

``Deps`` holds the long-lived objects (settings, database, clock) in
``bot_data``. ``Interaction`` is one update being handled: its session (one
transaction), the employee behind it, their language, and the replies to
send once the transaction has committed — so a reply never confirms
something that was rolled back. Each part of a reply (the answer to a
button, an edit, a message) is sent on its own: one that fails never keeps
the others from going out.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest
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


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    clock: Clock


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

    async def flush_replies(self) -> list[Exception]:
        """Send every queued part, each on its own; the failures that are errors.

        An edit that changes nothing (the same page pressed again) and an answer
        that came too late are no errors: the rest of the reply still went out."""
        failures: list[Exception] = []
        for part in self._after_commit:
            try:
                await part.send()
            except BadRequest as exc:
                if part.is_answer and _too_late_answer(exc):
                    log.info("update %s: button answered too late (%s)",
                             self.update.update_id, exc)
                elif "not modified" not in str(exc).lower():
                    failures.append(exc)
            except Exception as exc:  # any other failure: the caller reports it
                failures.append(exc)
        self._after_commit.clear()
        return failures
