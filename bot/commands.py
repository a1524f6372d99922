"""The command list: what set_my_commands publishes and /bantuan shows.

Each command has an Indonesian name (published by default) and an English
alias (published for users whose Telegram is in English); both always work.

The menu differs by role (``MENUS``): staff never see the supervisors'
commands. Everyone who has not been given a menu of their own (unregistered
accounts, staff who never chose a language) sees the staff menu published for
all private chats; ``bot.menus`` publishes the others per chat.
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
    manager: bool = False  # only managers see it in their menu and /bantuan
    admin: bool = False  # admins see it too (they manage no tasks: bot.services.tasks)

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
    Command("tugasbaru", "newtask", "cmd.tugasbaru", manager=True),
    Command("tugastim", "teamtasks", "cmd.tugastim", manager=True),
    Command("tim", "team", "cmd.tim", manager=True, admin=True),
    Command("rekap", "report", "cmd.rekap", manager=True, admin=True),
    Command("dataku", "mydata", "cmd.dataku"),
    Command("bahasa", "language", "cmd.bahasa"),
    Command("bantuan", "help", "cmd.bantuan"),
    Command("batal", "cancel", "cmd.batal", menu=False),
    Command("start", None, "cmd.start", menu=False),
)

# Hadir is personal: attendance and tasks are answered in private chats only
PRIVATE = filters.ChatType.PRIVATE

# which menu a role gets: supervisors and heads give tasks, see their team
# and its recap (bot.services.tasks.MANAGER_ROLES); an admin sees every unit's
# board and recap but gives no tasks
MENUS = ("staff", "manager", "admin")
_MENU_OF_ROLE = {"staff": "staff", "supervisor": "manager", "head": "manager",
                 "admin": "admin"}

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


def menu_of(role: str) -> str:
    """The menu of a role (an unknown role gets the staff menu)."""
    return _MENU_OF_ROLE.get(role, "staff")


def _in_menu(command: Command, menu: str) -> bool:
    if not command.menu:
        return False
    if command.manager or command.admin:
        return (menu == "manager" and command.manager) or (menu == "admin" and command.admin)
    return True


def bot_commands(lang: str, menu: str = "staff") -> list[BotCommand]:
    return [BotCommand(c.shown_name(lang), text(c.text_key, lang))
            for c in COMMANDS if _in_menu(c, menu)]


def help_text(lang: str, menu: str = "staff") -> str:
    lines = [text("help.title", lang), ""]
    lines += [f"/{c.shown_name(lang)} — {text(c.text_key, lang)}"
              for c in COMMANDS if _in_menu(c, menu)]
    if menu == "admin":
        lines += ["", text("help.admin_roster", lang)]
    lines += ["", text("help.footer", lang)]
    return "\n".join(lines)
