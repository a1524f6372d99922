"""Command menus per role: what each person's chat shows, after /start CODE,
/bahasa, a re-import that changes roles and a deactivation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot import admin
from bot.callbacks import LanguageCB
from bot.commands import bot_commands
from bot.menus import sync_menus, wanted_menu
from bot.services.invites import create_invites
from db.models import Employee, TelegramBinding
from tests.test_roster_import import EXAMPLES, cell, example_tables, write_xlsx

DEWI, RIZKI, BAYU = "199107242015032002", "198503122010011001", "199009142019031002"
DEWI_TG, RIZKI_TG, BAYU_TG = 7001, 7002, 7003
STAFF = ["masuk", "pulang", "status", "izin", "tugas", "dataku", "bahasa", "bantuan"]
MANAGER = ["masuk", "pulang", "status", "izin", "tugas", "tugasbaru", "tugastim", "tim",
           "rekap", "dataku", "bahasa", "bantuan"]
ADMIN_EN = ["checkin", "checkout", "status", "leave", "tasks", "team", "report", "mydata",
            "language", "help"]
SUPERVISORS_ONLY = {"tugasbaru", "tugastim", "newtask", "teamtasks"}


def test_the_menu_a_person_should_have() -> None:
    assert wanted_menu("staff", None, True, "id") is None  # the default one
    assert wanted_menu("staff", "en", True, "id") == "staff:en"
    assert wanted_menu("head", None, True, "id") == "manager:id"
    assert wanted_menu("supervisor", "en", True, "id") == "manager:en"
    assert wanted_menu("admin", None, True, "en") == "admin:en"
    assert wanted_menu("head", "id", False, "id") is None  # inactive: none of their own
    assert [c.command for c in bot_commands("id", "manager")] == MANAGER
    assert [c.command for c in bot_commands("en", "admin")] == ADMIN_EN


async def _invite(db: Any, clock: Any, nip: str) -> str:
    async with db.transaction() as s:
        person = await s.scalar(select(Employee).where(Employee.nip == nip))
        [(_, invite)] = await create_invites(s, [person], now=clock.now(), ttl=timedelta(days=7))
        return invite.code


@pytest.fixture
async def roster(bot: Any, db: Any, clock: Any) -> dict[str, str]:
    ok, report = await admin.import_file(bot.app.bot_data["deps"].settings,
                                         EXAMPLES / "roster.xlsx", lang="id", clock=clock, db=db)
    assert ok, report
    for user_id, name in ((DEWI_TG, "Dewi"), (RIZKI_TG, "Rizki"), (BAYU_TG, "Bayu")):
        bot.emu.add_user(user_id, name)
    return {nip: await _invite(db, clock, nip) for nip in (DEWI, RIZKI, BAYU)}


async def _sync(bot: Any, db: Any, clock: Any, limit: int = 300) -> int:
    result = await sync_menus(bot.app.bot, db, clock, default_language="id", limit=limit)
    return result.published


async def test_binding_gives_a_supervisor_the_supervisors_menu_and_staff_not(
        bot: Any, db: Any, clock: Any, roster: dict[str, str]) -> None:
    await bot.text(DEWI_TG, f"/start {roster[DEWI]}")
    await bot.text(RIZKI_TG, f"/start {roster[RIZKI]}")
    await bot.text(BAYU_TG, f"/start {roster[BAYU]}")
    assert bot.emu.menu_of(DEWI_TG) == STAFF
    assert not SUPERVISORS_ONLY & set(bot.emu.menu_of(DEWI_TG, "en"))
    assert bot.emu.menu_of(RIZKI_TG) == MANAGER
    assert bot.emu.menu_of(RIZKI_TG, "en") == MANAGER  # the chat's own list, in their language
    assert bot.emu.menu_of(BAYU_TG) == ADMIN_EN  # Bayu's language is English
    # someone not registered sees the staff menu of all private chats
    assert bot.emu.menu_of(4242) == STAFF
    assert bot.emu.menu_of(4242, "en")[:2] == ["checkin", "checkout"]
    # /bantuan lists the same commands as the menu
    [help_reply] = await bot.text(DEWI_TG, "/bantuan")
    assert "/tugasbaru" not in help_reply["text"]
    [help_reply] = await bot.text(RIZKI_TG, "/bantuan")
    assert "/tugasbaru" in help_reply["text"]
    # published once: the job finds nothing left to do
    calls = len(bot.emu.calls_to("setMyCommands"))
    assert await _sync(bot, db, clock) == 0
    assert len(bot.emu.calls_to("setMyCommands")) == calls


async def test_a_reimport_that_changes_roles_moves_the_menus(
        bot: Any, db: Any, clock: Any, roster: dict[str, str], tmp_path: Path) -> None:
    for nip, user_id in ((DEWI, DEWI_TG), (RIZKI, RIZKI_TG)):
        await bot.text(user_id, f"/start {roster[nip]}")
    tables = example_tables()
    cell(tables, "employees", 4, "role", "supervisor")  # Dewi
    cell(tables, "employees", 3, "role", "staff")  # Rizki
    ok, report = await admin.import_file(bot.app.bot_data["deps"].settings,
                                         write_xlsx(tmp_path / "r.xlsx", tables), lang="id",
                                         clock=clock, db=db)
    assert ok, report
    assert bot.emu.menu_of(DEWI_TG) == STAFF  # not yet: the paced job publishes it
    # a batch of one chat a run converges in two runs
    assert await _sync(bot, db, clock, limit=1) == 1
    assert await _sync(bot, db, clock, limit=1) == 1
    assert await _sync(bot, db, clock, limit=1) == 0
    assert bot.emu.menu_of(DEWI_TG) == MANAGER
    assert bot.emu.menu_of(RIZKI_TG) == STAFF
    async with db.transaction() as s:
        rows = await s.execute(select(TelegramBinding.chat_id, TelegramBinding.menu))
        menus = {chat_id: menu for chat_id, menu in rows}
    assert menus == {DEWI_TG: "manager:id", RIZKI_TG: "staff:id"}


async def test_language_change_switches_the_menu_language(
        bot: Any, db: Any, clock: Any, roster: dict[str, str]) -> None:
    await bot.text(RIZKI_TG, f"/start {roster[RIZKI]}")
    [chooser] = await bot.text(RIZKI_TG, "/bahasa")
    await bot.press(RIZKI_TG, chooser["message_id"], LanguageCB("en").pack())
    assert bot.emu.menu_of(RIZKI_TG) == ["checkin", "checkout", "status", "leave", "tasks",
                                         "newtask", "teamtasks", "team", "report", "mydata",
                                         "language", "help"]
    descriptions = [c["description"] for c in bot.emu.commands(scope_type=f"chat:{RIZKI_TG}")]
    assert descriptions[0] == "Check in"


async def test_deactivation_removes_the_chat_menu(
        bot: Any, db: Any, clock: Any, roster: dict[str, str]) -> None:
    await bot.text(RIZKI_TG, f"/start {roster[RIZKI]}")
    assert bot.emu.menu_of(RIZKI_TG) == MANAGER
    settings = bot.app.bot_data["deps"].settings
    ok, _ = await admin.deactivate_employee(settings, RIZKI, lang="id", clock=clock)
    assert ok
    assert await _sync(bot, db, clock) == 1
    assert bot.emu.calls_to("deleteMyCommands")[-1].params["scope"]["chat_id"] == RIZKI_TG
    assert bot.emu.menu_of(RIZKI_TG) == STAFF  # the default menu again


async def test_a_failed_publish_never_breaks_the_reply_and_is_retried(
        bot: Any, db: Any, clock: Any, roster: dict[str, str]) -> None:
    bot.emu.fail_next("setMyCommands", status=500)
    [welcome, *_] = await bot.text(RIZKI_TG, f"/start {roster[RIZKI]}")
    assert welcome["text"].startswith("Selamat datang")
    assert bot.emu.menu_of(RIZKI_TG) == STAFF
    assert await _sync(bot, db, clock) == 1  # the job's next batch
    assert bot.emu.menu_of(RIZKI_TG) == MANAGER


async def test_a_chat_scope_needs_a_known_chat(emulator: Any) -> None:
    from telegram import Bot, BotCommand, BotCommandScopeChat
    from telegram.error import BadRequest

    async with Bot(emulator.token, base_url=emulator.base_url) as tg:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await tg.set_my_commands([BotCommand("a", "b")], scope=BotCommandScopeChat(999))
        emulator.add_user(999, "Known")
        await tg.set_my_commands([BotCommand("a", "b")], scope=BotCommandScopeChat(999))
        await tg.set_my_commands([BotCommand("c", "d")], scope=BotCommandScopeChat(999),
                                 language_code="en")
    assert emulator.menu_of(999) == ["a"]
    assert emulator.menu_of(999, "en") == ["c"]
    assert emulator.menu_of(1000) == []
