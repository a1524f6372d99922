"""Command menus per role and language, published per chat.

Everyone sees the staff menu published for all private chats (in the language
of their Telegram client) until they are given a chat menu of their own
(``BotCommandScopeChat``, which wins over every broader scope whatever the
client's language): managers and admins always, staff once they chose a
language with /bahasa (so the menu speaks the language the bot answers in).
An inactive person's chat menu is removed (deleteMyCommands).

What a chat was last given is kept on its binding (``telegram_bindings.menu``,
"manager:en"), so only what differs is ever published: right after /start CODE
and /bahasa for that person, and in paced batches (``jobs.menus``) after an
import, a transfer or a deactivation changed roles. A failure never breaks a
reply; what failed is tried again by the next batch.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, literal, select, update
from telegram import Bot, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock
from bot.commands import bot_commands, menu_of
from bot.context import Interaction
from db.models import Employee, TelegramBinding
from db.session import Database

log = logging.getLogger(__name__)


def wanted_menu(role: str, language: str | None, active: bool, default_language: str
                ) -> str | None:
    """The chat menu a person should have; None: none of their own."""
    if not active:
        return None
    menu = menu_of(role)
    if menu == "staff" and language is None:
        return None  # the default menu, in their client's language
    return f"{menu}:{language or default_language}"


def _wanted_sql(default_language: str) -> ColumnElement[str | None]:
    """``wanted_menu`` in SQL, so that only the bindings that differ are read."""
    menu = case((Employee.role.in_(("supervisor", "head")), literal("manager")),
                (Employee.role == "admin", literal("admin")), else_=literal("staff"))
    lang = func.coalesce(Employee.language, literal(default_language))
    return case((Employee.active.is_(False), None),
                (and_(menu == "staff", Employee.language.is_(None)), None),
                else_=menu + literal(":") + lang)


@dataclass(frozen=True)
class _Pending:
    binding_id: int
    chat_id: int
    wanted: str | None


@dataclass(frozen=True)
class SyncResult:
    published: int  # chats given a menu or relieved of one
    pending: int  # read but not done (Telegram asked to wait or was away)


async def sync_menus(bot: Bot, db: Database, clock: Clock, *, default_language: str,
                     limit: int, employee_ids: Collection[int] | None = None) -> SyncResult:
    """Publish at most ``limit`` chat menus that differ from what their binding
    records (only those of ``employee_ids`` if given), then record them."""
    wanted = _wanted_sql(default_language)
    query = (select(TelegramBinding.id, TelegramBinding.chat_id, wanted)
             .join(Employee, Employee.id == TelegramBinding.employee_id)
             .where(wanted.is_distinct_from(TelegramBinding.menu),
                    TelegramBinding.unreachable_since.is_(None))
             .order_by(TelegramBinding.id).limit(limit))
    if employee_ids is not None:
        query = query.where(TelegramBinding.employee_id.in_(list(employee_ids)))
    async with db.transaction() as session:
        todo = [_Pending(*row) for row in await session.execute(query)]
    done: list[_Pending] = []
    blocked: list[int] = []
    for item in todo:
        try:
            await _publish(bot, item)
        except Forbidden:  # the user blocked the bot: tried again once they write
            blocked.append(item.binding_id)
            continue
        except BadRequest as exc:  # e.g. the chat is gone: retrying would not help
            log.warning("menu of binding %s not published: %s", item.binding_id, exc)
        except (RetryAfter, TelegramError) as exc:  # Telegram busy or away: the next batch
            log.info("menus: stopped after %d of %d (%s)", len(done), len(todo), exc)
            break
        done.append(item)
    await _record(db, clock, done, blocked)
    return SyncResult(len(done), len(todo) - len(done) - len(blocked))


async def _publish(bot: Bot, item: _Pending) -> None:
    scope = BotCommandScopeChat(item.chat_id)
    if item.wanted is None:
        await bot.delete_my_commands(scope=scope)
        return
    menu, lang = item.wanted.split(":")
    await bot.set_my_commands(bot_commands(lang, menu), scope=scope)


async def _record(db: Database, clock: Clock, done: list[_Pending], blocked: list[int]) -> None:
    if not done and not blocked:
        return
    by_menu: dict[str | None, list[int]] = {}
    for item in done:
        by_menu.setdefault(item.wanted, []).append(item.binding_id)
    async with db.transaction() as session:
        for menu, ids in by_menu.items():
            await session.execute(update(TelegramBinding).where(TelegramBinding.id.in_(ids))
                                  .values(menu=menu))
        if blocked:
            await session.execute(update(TelegramBinding)
                                  .where(TelegramBinding.id.in_(blocked))
                                  .values(unreachable_since=clock.now()))


def publish_after_commit(act: Interaction, employee_id: int) -> None:
    """Give this person's chat the menu they should have once the update has
    committed (after its replies); a failure is logged and left to the job."""
    deps = act.deps

    async def publish() -> None:
        await sync_menus(act.context.bot, deps.db, deps.clock,
                         default_language=deps.settings.default_language, limit=1,
                         employee_ids=[employee_id])

    act.after_commit(publish, best_effort=True)
