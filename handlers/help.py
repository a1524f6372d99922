"""/bantuan (help) from the published command list, and /bahasa (language)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import CallbackQueryHandler

from bot import commands
from bot.callbacks import LanguageCB
from bot.context import Interaction
from bot.menus import publish_after_commit
from handlers.kit import registered

if TYPE_CHECKING:
    from bot.context import HadirApp


@registered
async def help_command(act: Interaction) -> None:
    act.reply(commands.help_text(act.lang, commands.menu_of(act.me.role)))


@registered
async def choose_language(act: Interaction) -> None:
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(act.t(f"language.button.{lang}"),
                             callback_data=LanguageCB(lang).pack())
        for lang in ("id", "en")
    ]])
    act.reply(act.t("language.choose"), keyboard)


@registered
async def language_chosen(act: Interaction) -> None:
    data = act.pressed(LanguageCB)
    if data is None:
        act.answer(act.t("common.stale_button"), alert=True)
        return
    act.me.language = data.language
    act.lang = data.language
    act.answer()
    act.edit(f"{act.t('language.set')}\n\n"
             f"{commands.help_text(act.lang, commands.menu_of(act.me.role))}")
    publish_after_commit(act, act.me.id)  # the menu in the language chosen


def register(app: HadirApp) -> None:
    app.add_handler(commands.handler("bantuan", help_command))
    app.add_handler(commands.handler("bahasa", choose_language))
    app.add_handler(CallbackQueryHandler(language_chosen, pattern=LanguageCB.pattern()))
