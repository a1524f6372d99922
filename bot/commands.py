"""The command list: what set_my_commands publishes and /bantuan shows.

Each command has an Indonesian name (published by default) and an English
alias (published for users whose Telegram is in English); both always work.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import CommandHandler, filters

from bot.texts import text


@dataclass(frozen=True)
class Command:
    name: str  # Indonesian, the default
    alias: str | None  # English
    text_key: str
    menu: bool = True  # shown in the bot's menu

    def names(self) -> list[str]:
        return [self.name, self.alias] if self.alias else [self.name]

    def shown_name(self, lang: str) -> str:
        return self.alias if lang == "en" and self.alias else self.name


COMMANDS: tuple[Command, ...] = (
    Command("masuk", "checkin", "cmd.masuk"),
    Command("pulang", "checkout", "cmd.pulang"),
    Command("status", None, "cmd.status"),
    Command("izin", "leave", "cmd.izin"),
    Command("tugas", "tasks", "cmd.tugas"),
    Command("tugasbaru", "newtask", "cmd.tugasbaru"),
    Command("tugastim", "teamtasks", "cmd.tugastim"),
    Command("tim", "team", "cmd.tim"),
    Command("rekap", "report", "cmd.rekap"),
    Command("dataku", "mydata", "cmd.dataku"),
    Command("bahasa", "language", "cmd.bahasa"),
    Command("bantuan", "help", "cmd.bantuan"),
    Command("batal", "cancel", "cmd.batal", menu=False),
    Command("start", None, "cmd.start", menu=False),
)

# Hadir is personal: attendance and tasks are answered in private chats only
PRIVATE = filters.ChatType.PRIVATE

BY_NAME = {name: command for command in COMMANDS for name in command.names()}


def names(name: str) -> list[str]:
    """All names of the command called ``name``, for a CommandHandler."""
    return BY_NAME[name].names()


def handler(
    command: str | Collection[str],
    callback: Callable[[Update, Any], Coroutine[Any, Any, object]],
    *,
    chats: filters.BaseFilter | None = PRIVATE,
) -> CommandHandler[Any, object]:
    """The handler of a command (all names of ``command``, or the names given)
    sent as a new message in ``chats`` (None: any chat).

    Every command is registered through here: PTB's CommandHandler also takes
    edited messages, and editing an old /masuk or /tugasbaru must never run it
    again or restart a flow."""
    listed = names(command) if isinstance(command, str) else list(command)
    where = filters.UpdateType.MESSAGE if chats is None else filters.UpdateType.MESSAGE & chats
    return CommandHandler(listed, callback, filters=where)


def bot_commands(lang: str) -> list[BotCommand]:
    return [BotCommand(c.shown_name(lang), text(c.text_key, lang)) for c in COMMANDS if c.menu]


def help_text(lang: str) -> str:
    lines = [text("help.title", lang), ""]
    lines += [f"/{c.shown_name(lang)} — {text(c.text_key, lang)}" for c in COMMANDS if c.menu]
    lines += ["", text("help.footer", lang)]
    return "\n".join(lines)
